package dev.tlskit.tck

import java.nio.file.Files
import java.nio.file.Path
import kotlin.time.Duration.Companion.seconds

/**
 * Asks Python's `ssl` (on the system OpenSSL) for a verdict that `openssl verify` cannot give, because it has no
 * option for the host-check flags CPython sets: `X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS` (always) and
 * `X509_CHECK_FLAG_NEVER_CHECK_SUBJECT` (`hostname_checks_common_name = False`).
 *
 * It runs one in-memory handshake (`MemoryBIO`) between a `PROTOCOL_TLS_SERVER` context serving [verify]'s chain and
 * a `PROTOCOL_TLS_CLIENT` context trusting the CA file, and reports the client's `verify_code` (0 when accepted).
 *
 * ```
 * val r = PythonVerifyOracle.verify(caFile, chainFile, keyFile, "cn.test", commonName = false, flags = 0x8000)
 * ```
 */
public object PythonVerifyOracle {
    private const val SCRIPT = """
import json, ssl, sys
cafile, chain, key, host, cn, flags = sys.argv[1:7]
srv = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
srv.load_cert_chain(chain, key)
cli = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
cli.load_verify_locations(cafile)
cli.hostname_checks_common_name = cn == "1"
cli.verify_flags = ssl.VerifyFlags(int(flags))
a, b, c, d = ssl.MemoryBIO(), ssl.MemoryBIO(), ssl.MemoryBIO(), ssl.MemoryBIO()
co = cli.wrap_bio(a, b, server_hostname=host)
so = srv.wrap_bio(c, d, server_side=True)
for _ in range(20):
    try:
        co.do_handshake()
        print(json.dumps({"code": 0, "depth": -1}))
        sys.exit(0)
    except ssl.SSLWantReadError:
        pass
    except ssl.SSLCertVerificationError as e:
        print(json.dumps({"code": e.verify_code, "message": e.verify_message}))
        sys.exit(0)
    c.write(b.read())
    try:
        so.do_handshake()
    except ssl.SSLWantReadError:
        pass
    a.write(d.read())
print(json.dumps({"code": -1, "message": "handshake did not finish"}))
"""

    private val script: Path by lazy(LazyThreadSafetyMode.SYNCHRONIZED) {
        val dir = Files.createTempDirectory("tlskit-pyverify-")
        TestPki.deleteOnExit(dir)
        dir.resolve("pyverify.py").also { Files.writeString(it, SCRIPT.trimIndent()) }
    }

    /** Python's verdict: `verify_code` (0 = accepted) for a client that connects to [host]. */
    @JvmStatic
    public fun verify(caFile: Path, chainFile: Path, keyFile: Path, host: String, commonName: Boolean, flags: Int): Int {
        val r = Processes.run(
            listOf(PythonTlsPeer.python, script.toString(), caFile.toString(), chainFile.toString(), keyFile.toString(),
                host, if (commonName) "1" else "0", flags.toString()),
            timeout = 30.seconds,
        )
        val line = r.stdoutText.lines().lastOrNull { it.startsWith("{") }
            ?: throw PeerProcessException("pyverify.py printed no verdict\n$r")
        val code = (MiniJson.parseObject(line)["code"] as Long).toInt()
        check(code >= 0) { "pyverify.py: $line" }
        return code
    }
}
