package dev.tlskit.ciphers

import dev.tlskit.Protocol
import dev.tlskit.TlsContext
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import java.util.concurrent.TimeUnit
import javax.net.ssl.SSLContext

private fun run(vararg cmd: String): String {
    val p = ProcessBuilder(*cmd).redirectErrorStream(true).start()
    p.outputStream.close()
    val out = p.inputStream.readBytes().toString(Charsets.UTF_8)
    check(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) { "${cmd.toList()} failed:\n$out" }
    return out
}

/** CPython's `get_ciphers()` for a cipher string (the system python3, on the same OpenSSL 3.0), one line per dict. */
private fun pythonGetCiphers(cipherString: String): List<String> = run(
    "/usr/bin/python3", "-c",
    "import ssl,sys\nc=ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)\nc.set_ciphers(sys.argv[1])\n" +
        "for d in c.get_ciphers(): print(repr([d[k] for k in ('id','name','protocol','description','strength_bits'," +
        "'alg_bits','aead','symmetric','digest','kea','auth')]))",
    cipherString,
).lines().filter { it.isNotBlank() }

private fun pyRepr(d: CipherDetails): String {
    fun s(v: String?) = if (v == null) "None" else "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return "[${d.id}, ${s(d.name)}, ${s(d.protocol)}, ${s(d.description)}, ${d.strengthBits}, ${d.algBits}, " +
        "${if (d.aead) "True" else "False"}, ${s(d.symmetric)}, ${s(d.digest)}, ${s(d.kea)}, ${s(d.auth)}]"
}

/** The registry against the IANA snapshot, OpenSSL, SunJSSE and CPython. */
class CipherRegistryTest : FunSpec({
    val iana: Map<Int, String> by lazy {
        val text = CipherRegistryTest::class.java.getResource("tls-parameters-4.csv")!!.readText()
        text.lines().drop(1).filter { it.isNotBlank() }.mapNotNull { line ->
            val m = Regex("""^"0x([0-9A-F]{2}),0x([0-9A-F]{2})",([^,]+),""").find(line) ?: return@mapNotNull null
            val desc = m.groupValues[3]
            if (desc == "Unassigned" || desc.startsWith("Reserved")) null
            else (m.groupValues[1] + m.groupValues[2]).toInt(16) to desc
        }.toMap()
    }

    test("golden: every assigned IANA code is in the registry under its IANA name, and nothing else is") {
        iana.size shouldBeGreaterThan 340
        iana.filter { (code, name) -> CipherSuites.fromCode(code).map { it.ianaName() }.orElse(null) != name }
            .map { (code, name) -> String.format("0x%04x %s -> %s", code, name, CipherSuites.fromCode(code)) }
            .shouldBeEmpty()
        CipherSuites.all().filter { it.code() !in iana }.shouldBeEmpty()
    }

    test("unknown codes never throw and print as 0x%04x") {
        CipherSuites.fromCode(0x0a0a).isPresent shouldBe false
        CipherSuites.fromCode(-1).isPresent shouldBe false
        CipherSuites.describe(0x0a0a) shouldBe "0x0a0a"
        CipherSuites.describe(0x1301) shouldBe "TLS_AES_128_GCM_SHA256"
        CipherSuites.fromJavaName("NO_SUCH_SUITE").isPresent shouldBe false
        CipherSuites.openSslName("NO_SUCH_SUITE") shouldBe "NO_SUCH_SUITE"
    }

    test("every suite SunJSSE supports is in the registry under its Java name") {
        val jsse = SSLContext.getInstance("TLS").apply { init(null, null, null) }.supportedSSLParameters.cipherSuites
        jsse.filter { CipherSuites.fromJavaName(it).flatMap { s -> s.javaName() }.orElse(null) != it }.shouldBeEmpty()
    }

    test("OpenSSL names and -v attributes agree with 'openssl ciphers -v' for every suite it builds") {
        val lines = run("openssl", "ciphers", "-stdname", "-v", "-ciphersuites",
            "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256",
            "ALL:COMPLEMENTOFALL:@SECLEVEL=0").lines().filter { it.contains(" - ") }
        lines.size shouldBeGreaterThan 150
        val wrong = lines.mapNotNull { line ->
            val (std, rest) = line.split(" - ", limit = 2)
            val s = CipherSuites.fromIanaName(std.trim()).orElse(null) ?: return@mapNotNull "$std: not in the registry"
            val mine = CipherDetails.of(s).description.trim().split(Regex("\\s+")).joinToString(" ")
            val theirs = rest.trim().split(Regex("\\s+")).joinToString(" ")
            if (mine != theirs || !s.isInOpenSsl) "$std: $mine != $theirs" else null
        }
        wrong.shouldBeEmpty()
        CipherSuites.all().count { it.isInOpenSsl } shouldBe lines.size
    }

    test("getCiphers() dicts equal CPython's get_ciphers() field by field for every suite OpenSSL builds") {
        val py = pythonGetCiphers("ALL:COMPLEMENTOFALL:@SECLEVEL=0")
        py.size shouldBeGreaterThan 150
        val mine = CipherList.parseCiphersuites(CipherList.OPENSSL_DEFAULT_CIPHERSUITES) +
            CipherList.select("ALL:COMPLEMENTOFALL:@SECLEVEL=0").suites()
        mine.map { pyRepr(CipherDetails.of(it)) } shouldBe py
    }

    for (s in listOf("ECDHE+AESGCM:!ECDSA", "HIGH:!aNULL:!MD5", "@SECLEVEL=2:ECDH+AESGCM:ECDH+CHACHA20:ECDH+AES:DHE+AES:!aNULL:!eNULL:!aDSS:!SHA1:!AESCCM")) {
        test("TlsContext.getCiphers() after setCiphers('$s') is CPython's list, restricted to the provider's suites") {
            val ctx = TlsContext.create(Protocol.PROTOCOL_TLS_SERVER, "fake")
            ctx.setCiphers(s)
            val supported = SSLContext.getInstance("TLS").apply { init(null, null, null) }.supportedSSLParameters.cipherSuites.toSet()
            val expected = pythonGetCiphers(s).filter { line ->
                val id = line.removePrefix("[").substringBefore(",").toLong()
                CipherSuites.fromCode((id and 0xFFFF).toInt()).flatMap { it.javaName() }.map { it in supported }.orElse(false)
            }
            ctx.getCiphers().map { pyRepr(it) } shouldBe expected
        }
    }

    test("the default list is secure: no NULL, anonymous, export, RC4, 3DES, DSS or CBC-SHA1 suite, AEAD first") {
        val ctx = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, "fake")
        val suites = ctx.getCiphers().map { it.suite().orElseThrow() }
        suites.size shouldBeGreaterThan 10
        suites.filter {
            it.encryption() == CipherSuite.Encryption.NULL || it.authentication() == CipherSuite.Authentication.ANON ||
                it.strength() != CipherSuite.Strength.HIGH || it.encryption() == CipherSuite.Encryption.RC4 ||
                it.encryption() == CipherSuite.Encryption.TRIPLE_DES || it.mac() == CipherSuite.Mac.SHA1 ||
                it.mac() == CipherSuite.Mac.MD5 || it.authentication() == CipherSuite.Authentication.DSS ||
                !(it.isTls13 || it.keyExchange() == CipherSuite.KeyExchange.ECDHE || it.keyExchange() == CipherSuite.KeyExchange.DHE)
        }.shouldBeEmpty()
        suites.take(3).map { it.ianaName() } shouldBe listOf("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256")
        suites.drop(3).first().isAead shouldBe true
    }
})
