package dev.tlskit.pki

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/** Runs the real `openssl` CLI (OpenSSL 3.0 here) to make test material and to get reference verdicts. */
internal class OpenSsl(val dir: Path) {
    data class Result(val exit: Int, val output: String)

    fun run(vararg args: String): Result {
        val p = ProcessBuilder(listOf("openssl") + args).directory(dir.toFile()).redirectErrorStream(true).start()
        p.outputStream.close()
        val out = p.inputStream.readBytes().toString(Charsets.UTF_8)
        check(p.waitFor(60, TimeUnit.SECONDS)) { "openssl ${args.joinToString(" ")} did not finish" }
        return Result(p.exitValue(), out)
    }

    /** Runs and requires success. */
    fun ok(vararg args: String): String {
        val r = run(*args)
        check(r.exit == 0) { "openssl ${args.joinToString(" ")} failed (${r.exit}):\n${r.output}" }
        return r.output
    }

    fun path(name: String): Path = dir.resolve(name)

    fun delete() {
        dir.toFile().deleteRecursively()
    }

    fun write(name: String, text: String): Path = Files.writeString(dir.resolve(name), text)

    fun text(name: String): String = Files.readString(dir.resolve(name))

    /** An EC P-256 key in PKCS#8 PEM. */
    fun ecKey(name: String): Path {
        ok("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "$name.key")
        return path("$name.key")
    }

    /** A self-signed CA certificate `name.pem` with key `name.key`. */
    fun rootCa(name: String, cn: String = name, days: Int = 30): Path {
        ecKey(name)
        ok("req", "-x509", "-key", "$name.key", "-out", "$name.pem", "-days", "$days", "-subj", "/CN=$cn",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        return path("$name.pem")
    }

    /** A certificate `name.pem` (key `name.key`) signed by `issuer`, with the given v3 extension lines. */
    fun issue(name: String, issuer: String, cn: String, ext: List<String>, days: Int = 10): Path {
        ecKey(name)
        ok("req", "-new", "-key", "$name.key", "-out", "$name.csr", "-subj", "/CN=$cn")
        write("$name.ext", ext.joinToString("\n", postfix = "\n"))
        ok("x509", "-req", "-in", "$name.csr", "-CA", "$issuer.pem", "-CAkey", "$issuer.key", "-CAcreateserial",
            "-out", "$name.pem", "-days", "$days", "-extfile", "$name.ext")
        return path("$name.pem")
    }

    /** A self-signed leaf (not a CA). */
    fun selfSignedLeaf(name: String, cn: String, san: String? = null, days: Int = 10): Path {
        ecKey(name)
        val args = mutableListOf("req", "-x509", "-key", "$name.key", "-out", "$name.pem", "-days", "$days",
            "-subj", "/CN=$cn", "-addext", "basicConstraints=critical,CA:FALSE")
        if (san != null) args += listOf("-addext", "subjectAltName=$san")
        ok(*args.toTypedArray())
        return path("$name.pem")
    }

    /** `openssl verify` verdict: (code, depth) of the first error, or (0, -1) for OK. */
    fun verify(vararg args: String): Pair<Int, Int> {
        val r = run("verify", *args)
        val m = Regex("error (\\d+) at (\\d+) depth lookup").find(r.output)
        if (m != null) return m.groupValues[1].toInt() to m.groupValues[2].toInt()
        check(r.exit == 0 && r.output.contains(": OK")) { "unexpected openssl verify output: ${r.output}" }
        return 0 to -1
    }

    companion object {
        fun temp(): OpenSsl = OpenSsl(Files.createTempDirectory("tlskit-pki-"))
    }
}
