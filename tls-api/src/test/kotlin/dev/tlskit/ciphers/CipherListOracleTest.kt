package dev.tlskit.ciphers

import dev.tlskit.TlsException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveAtLeastSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/** What `openssl ciphers` printed for one cipher string: suite codes in order, or `null` when it refused the string. */
internal object OpenSslCiphers {
    private val line = Regex("""^\s*0x([0-9A-F]{2}),0x([0-9A-F]{2}) - """)

    fun codes(vararg args: String): List<Int>? {
        val p = ProcessBuilder(listOf("openssl", "ciphers", "-V", "-stdname") + args.dropLast(1) + "--" + args.last()).redirectErrorStream(true).start()
        p.outputStream.close()
        val out = p.inputStream.readBytes().toString(Charsets.UTF_8)
        check(p.waitFor(30, TimeUnit.SECONDS)) { "openssl ciphers ${args.toList()} did not finish" }
        if (p.exitValue() != 0) return null
        return out.lines().mapNotNull { l -> line.find(l)?.let { (it.groupValues[1] + it.groupValues[2]).toInt(16) } }
    }

    /** The shared table of oracle strings (tls-tck's resource, read from the source tree). */
    fun strings(): List<String> {
        val file = Path.of("..", "tls-tck", "src", "main", "resources", "dev", "tlskit", "tck", "cipher-strings.txt")
        return Files.readAllLines(file).filter { !it.startsWith("#") && it.isNotEmpty() }
            .map { if (it == "<empty>") "" else it }
    }
}

private fun hex(codes: List<Int>?) = codes?.joinToString(" ") { String.format("%04X", it) } ?: "<error>"

/**
 * tlskit's cipher-list evaluation against the real `openssl ciphers` (OpenSSL 3.0), string by string: first the whole
 * list (`SSL_get_ciphers`, what the seed's `get_ciphers()` shows), then `-s -tls1_2` (the suites OpenSSL would
 * actually offer at TLS 1.2) against tlskit's list filtered with [CipherList.usable] at the string's security level.
 */
class CipherListOracleTest : FunSpec({
    val strings = OpenSslCiphers.strings()
    val defaultTls13 = CipherList.parseCiphersuites(CipherList.OPENSSL_DEFAULT_CIPHERSUITES).map { it.code() }

    test("the oracle table has at least 80 cipher strings") {
        strings shouldHaveAtLeastSize 80
    }

    for (s in strings) {
        test("openssl ciphers '$s': the same ordered list, and the same TLS 1.2 offer under -s") {
            val full = OpenSslCiphers.codes(s)
            val mine = runCatching { CipherList.select(s) }
            if (full == null) {
                val e = mine.exceptionOrNull()
                check(e is TlsException) { "openssl refused '$s' but tlskit selected ${mine.getOrNull()?.suites()}" }
                e.message!! shouldStartWith "No cipher can be selected."
            } else {
                val sel = mine.getOrThrow()
                full.take(defaultTls13.size) shouldBe defaultTls13
                hex(sel.suites().map { it.code() }) shouldBe hex(full.drop(defaultTls13.size))
                val offered = OpenSslCiphers.codes("-s", "-tls1_2", s)
                val level = sel.securityLevel().orElse(1)
                hex(sel.suites().filter { CipherList.usable(it, level) }.map { it.code() }) shouldBe hex(offered)
            }
        }
    }

    test("a string that selects nothing is the seed's SSLError, and a bad @command too") {
        shouldThrow<TlsException> { CipherList.select("FOO") }.reason().get() shouldBe "NO_CIPHER_MATCH"
        shouldThrow<TlsException> { CipherList.select("HIGH:@FOO") }.reason().get() shouldBe "INVALID_COMMAND"
    }

    test("TLS 1.3 suites: set apart from the cipher string, unknown names ignored, an all-unknown list refused") {
        CipherList.parseCiphersuites("TLS_AES_128_GCM_SHA256:FOO").map { it.ianaName() } shouldBe listOf("TLS_AES_128_GCM_SHA256")
        CipherList.parseCiphersuites("") shouldBe emptyList()
        shouldThrow<TlsException> { CipherList.parseCiphersuites("FOO") }
        CipherList.select("TLSv1.2").suites().none { it.isTls13 } shouldBe true
    }
})
