package dev.tlskit.conscrypt

import dev.tlskit.Protocol
import dev.tlskit.TlsContext
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import java.io.File
import java.nio.file.Files
import java.util.concurrent.TimeUnit

/**
 * Provider selection with Conscrypt working and broken. Broken cases run in a child JVM on this module's test class
 * path, made to fail the way real machines fail: Conscrypt looking for a native build this jar does not have
 * (`os.arch=aarch64`), a native work directory where the library cannot be unpacked, and the Conscrypt jar missing.
 */
class ConscryptAvailabilityTest : FunSpec({
    val classPath = System.getProperty("surefire.test.class.path") ?: System.getProperty("java.class.path")

    fun probe(vararg jvmArgs: String, cp: String = classPath): Map<String, String> {
        val java = File(System.getProperty("java.home"), "bin/java").path
        val cmd = listOf(java, "-cp", cp) + jvmArgs + AvailabilityProbe::class.java.name
        val process = ProcessBuilder(cmd).redirectErrorStream(false).start()
        process.outputStream.close()
        val err = StringBuilder()
        val errReader = Thread { err.append(process.errorStream.bufferedReader().readText()) }.apply { start() }
        val out = process.inputStream.bufferedReader().readText()
        check(process.waitFor(60, TimeUnit.SECONDS)) { "child JVM did not finish" }
        errReader.join()
        check(process.exitValue() == 0) { "child JVM failed (${process.exitValue()}): $err\n$out" }
        return out.lines().filter { '=' in it }.associate { it.substringBefore('=') to it.substringAfter('=') }
    }

    fun assertFallback(r: Map<String, String>, cause: String) {
        r["constructed"] shouldBe "true"
        r["availability"]!! shouldStartWith "unavailable: "
        r["availability"]!! shouldContain cause
        r["auto"] shouldBe "jdk"
        r["auto.again"] shouldBe "jdk"
        r["handshake"] shouldBe "TLSv1.3"
        r["fallback.logs"] shouldBe "1"
        r["fallback.log"] shouldContain "'conscrypt' is unusable"
        val explicit = r["explicit"]!!
        explicit shouldStartWith "error ProviderUnavailableException: tlskit provider 'conscrypt' (requested) is unusable"
        explicit shouldContain cause
        explicit shouldContain "jdk (priority 0, available)"
        explicit shouldContain "-Dtlskit.provider=NAME"
    }

    test("with its native library loaded, conscrypt is chosen automatically over jdk and reports itself") {
        val ctx = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT)
        ctx.provider().name() shouldBe "conscrypt"
        ctx.provider().availability().isAvailable shouldBe true
        ctx.provider().versionInfo().versionString() shouldStartWith "BoringSSL (Conscrypt 2."
    }

    test("-Dtlskit.provider=conscrypt selects conscrypt, and -Dtlskit.provider=jdk overrides the priority") {
        val r = probe("-Dtlskit.provider=conscrypt")
        r["availability"] shouldBe "available"
        r["auto"] shouldBe "conscrypt"
        r["handshake"] shouldBe "TLSv1.3"
        r["fallback.logs"] shouldBe "0"
        probe("-Dtlskit.provider=jdk")["auto"] shouldBe "jdk"
    }

    test("no native build for this platform: automatic selection falls back to jdk, an explicit request names the cause") {
        val r = probe("-Dos.arch=aarch64")
        assertFallback(r, "UnsatisfiedLinkError")
        r["availability"]!! shouldContain "conscrypt_openjdk_jni-linux-aarch_64"
        r["availability.cause"] shouldBe "java.lang.UnsatisfiedLinkError"
        r["version"] shouldBe "BoringSSL (Conscrypt 2.5.2)"
    }

    test("the native library cannot be unpacked: the same fallback, and -Dtlskit.provider=conscrypt fails clearly") {
        val notADirectory = Files.createTempFile("tlskit-not-a-dir", ".txt").toFile().apply { deleteOnExit() }
        val r = probe("-Dorg.conscrypt.native.workdir=$notADirectory")
        assertFallback(r, "could not be loaded")
        val viaProperty = probe("-Dorg.conscrypt.native.workdir=$notADirectory", "-Dtlskit.provider=conscrypt")
        viaProperty["auto"]!! shouldStartWith "error ProviderUnavailableException: tlskit provider 'conscrypt' (system property tlskit.provider) is unusable"
        viaProperty["auto"]!! shouldContain "jdk (priority 0, available)"
    }

    test("the Conscrypt jar missing from the class path: the provider still loads, says so, and jdk is used") {
        val withoutConscrypt = classPath.split(File.pathSeparator).filterNot { "conscrypt-openjdk-uber" in it }
        (withoutConscrypt.size < classPath.split(File.pathSeparator).size) shouldBe true
        val r = probe(cp = withoutConscrypt.joinToString(File.pathSeparator))
        assertFallback(r, "Conscrypt is not on the class path")
        r["version"] shouldBe "BoringSSL (Conscrypt not on the class path)"
    }
})
