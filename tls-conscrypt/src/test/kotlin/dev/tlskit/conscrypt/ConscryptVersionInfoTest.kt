package dev.tlskit.conscrypt

import dev.tlskit.Protocol
import dev.tlskit.TlsContext
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldMatch
import io.kotest.matchers.string.shouldNotContain
import java.io.File
import java.util.jar.JarFile

/**
 * The Conscrypt backend's `OPENSSL_VERSION*` equivalents against facts read independently of tlskit and of
 * `Conscrypt.version()`: the `Implementation-Version` in the manifest of the jar that holds `org.conscrypt.Conscrypt`
 * (the Maven artifact's version), whose `BoringSSL-Version` shows why there is no BoringSSL number to report (it is a
 * git revision, not a release).
 */
class ConscryptVersionInfoTest : FunSpec({
    val v = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, "conscrypt").provider().versionInfo()
    val jar = File(org.conscrypt.Conscrypt::class.java.protectionDomain.codeSource.location.toURI())
    val manifest = JarFile(jar).use { it.manifest.mainAttributes }
    val jarVersion = manifest.getValue("Implementation-Version")
    val (major, minor, patch) = jarVersion.split('.').map { it.toInt() }

    test("the Conscrypt jar on the class path is the one the build pins (the facts below come from it)") {
        jar.name shouldBe "conscrypt-openjdk-uber-$jarVersion.jar"
        manifest.getValue("BoringSSL-Version") shouldMatch Regex("[0-9a-f]{40}")
    }

    test("OPENSSL_VERSION names BoringSSL and the Conscrypt release, never OpenSSL") {
        v.versionString() shouldBe "BoringSSL (Conscrypt $jarVersion)"
        v.libraryName() shouldBe "BoringSSL (Conscrypt)"
        v.versionString() shouldNotContain "OpenSSL"
    }

    test("OPENSSL_VERSION_INFO and OPENSSL_VERSION_NUMBER are Conscrypt's numbers, status 15 (release)") {
        v.versionInfo() shouldBe listOf(major, minor, patch, 0, 15)
        val expected = (major.toLong() shl 28) or (minor.toLong() shl 20) or (patch.toLong() shl 12) or 0xf
        v.versionNumber() shouldBe expected
        v.versionNumberHex() shouldBe "0x" + java.lang.Long.toHexString(expected)
    }
})
