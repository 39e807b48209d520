package dev.tlskit.ciphers

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import java.util.concurrent.TimeUnit
import javax.net.ssl.SSLContext

/** OpenSSL names and strengths derived by [CipherSuites], checked against the real `openssl ciphers -stdname`. */
class CipherSuitesTest : FunSpec({
    data class Row(val openSsl: String, val encBits: Int, val enc: String)

    val table: Map<String, Row> by lazy {
        val p = ProcessBuilder("openssl", "ciphers", "-stdname", "ALL:COMPLEMENTOFALL:@SECLEVEL=0").redirectErrorStream(true).start()
        val out = p.inputStream.bufferedReader().readText()
        check(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) { "openssl ciphers failed: $out" }
        out.lines().filter { it.contains(" - ") }.associate { line ->
            val (iana, rest) = line.split(" - ", limit = 2)
            val cols = rest.trim().split(Regex("\\s+"))
            val enc = cols.first { it.startsWith("Enc=") }
            iana.trim() to Row(cols[0], Regex("\\((\\d+)\\)").find(enc)?.groupValues?.get(1)?.toInt() ?: 0, enc)
        }
    }

    test("every suite SunJSSE supports that OpenSSL also knows gets OpenSSL's name") {
        val jsse = SSLContext.getInstance("TLS").apply { init(null, null, null) }.supportedSSLParameters.cipherSuites.toList()
        val known = jsse.filter { it in table }
        known.size shouldBeGreaterThan 20
        known.filter { CipherSuites.openSslName(it) != table.getValue(it).openSsl }
            .map { "$it: ${CipherSuites.openSslName(it)} != ${table.getValue(it).openSsl}" }.shouldBeEmpty()
    }

    test("the strength of AES and ChaCha20 suites equals OpenSSL's key size") {
        val wrong = table.filter { (_, r) -> r.enc.startsWith("Enc=AES") || r.enc.startsWith("Enc=CHACHA20") }
            .filter { (iana, r) -> CipherSuites.secretBits(iana) != r.encBits }
            .map { (iana, r) -> "$iana: ${CipherSuites.secretBits(iana)} != ${r.encBits}" }
        wrong.shouldBeEmpty()
    }

    test("names of unknown shapes pass through unchanged and unknown strength is 0") {
        CipherSuites.openSslName("TLS_FOO_BAR") shouldBe "TLS_FOO_BAR"
        CipherSuites.secretBits("TLS_FOO_BAR") shouldBe 0
        CipherSuites.info("TLS_AES_128_GCM_SHA256", "TLSv1.3") shouldBe
            CipherInfo("TLS_AES_128_GCM_SHA256", "TLSv1.3", 128, "TLS_AES_128_GCM_SHA256")
    }
})
