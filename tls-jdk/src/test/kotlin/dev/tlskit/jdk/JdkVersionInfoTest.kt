package dev.tlskit.jdk

import dev.tlskit.Protocol
import dev.tlskit.TlsContext
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotContain
import java.security.Security

/**
 * The JDK backend's `OPENSSL_VERSION*` equivalents against facts read independently of tlskit: the running JVM's
 * `Runtime.version()`, the `java.version` property and the SunJSSE JCA provider's own version.
 */
class JdkVersionInfoTest : FunSpec({
    val v = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, "jdk").provider().versionInfo()
    val rv = Runtime.version()

    test("OPENSSL_VERSION is 'SunJSSE (Java x.y.z)' with the running Java's version, never OpenSSL's name") {
        // java.version is e.g. "17.0.15"; a patch release would be "17.0.15.1"
        v.versionString() shouldBe "SunJSSE (Java ${System.getProperty("java.version").substringBefore('-')})"
        v.libraryName() shouldBe "SunJSSE"
        v.versionString() shouldNotContain "OpenSSL"
    }

    test("OPENSSL_VERSION_INFO is (feature, interim, update, patch, 15) of Runtime.version()") {
        v.versionInfo() shouldBe listOf(rv.feature(), rv.interim(), rv.update(), rv.patch(), 15)
    }

    test("OPENSSL_VERSION_NUMBER packs the same numbers as 0xMNNFFPPS with all of the major version") {
        val expected = (rv.feature().toLong() shl 28) or (rv.interim().toLong() shl 20) or
            (rv.update().toLong() shl 12) or (rv.patch().toLong() shl 4) or 0xf
        v.versionNumber() shouldBe expected
        v.versionNumberHex() shouldBe "0x" + java.lang.Long.toHexString(expected)
        (v.versionNumber() ushr 28).toInt() shouldBe rv.feature()
    }

    test("the Java version is SunJSSE's version: the JCA provider reports the same feature release") {
        val sunJsse = Security.getProvider("SunJSSE")
        sunJsse.versionStr.substringBefore('.') shouldBe rv.feature().toString()
    }
})
