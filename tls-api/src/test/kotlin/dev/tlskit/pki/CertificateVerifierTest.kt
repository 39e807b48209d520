package dev.tlskit.pki

import dev.tlskit.Purpose
import dev.tlskit.VerifyFlag
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.net.InetAddress
import java.security.cert.X509Certificate
import java.time.Instant
import java.util.EnumSet

class CertificateVerifierTest : FunSpec({
    val ssl = OpenSsl.temp()
    afterSpec { ssl.delete() }

    ssl.rootCa("root", "Verifier Root", days = 30)
    val caExt = listOf("basicConstraints=critical,CA:TRUE", "keyUsage=critical,keyCertSign,cRLSign",
        "subjectKeyIdentifier=hash", "authorityKeyIdentifier=keyid")
    ssl.issue("inter", "root", "Verifier Intermediate", caExt, days = 10)
    val leafExt = listOf("basicConstraints=critical,CA:FALSE", "extendedKeyUsage=serverAuth",
        "subjectKeyIdentifier=hash", "authorityKeyIdentifier=keyid")
    ssl.issue("leaf", "inter", "www.example.com", leafExt + "subjectAltName=DNS:www.example.com,IP:192.0.2.7", days = 10)
    ssl.issue("cnonly", "inter", "cn.example.com", leafExt, days = 10)
    ssl.issue("calleaf", "inter", "ca.example.com", listOf("basicConstraints=critical,CA:TRUE",
        "keyUsage=critical,digitalSignature,keyCertSign", "subjectKeyIdentifier=hash", "authorityKeyIdentifier=keyid",
        "subjectAltName=DNS:ca.example.com"), days = 10)

    fun certs(vararg names: String): List<X509Certificate> = names.flatMap { Certificates.read(ssl.path("$it.pem")) }
    val now by lazy { Instant.now().plusSeconds(60) }
    fun verifier(purpose: Purpose = Purpose.SERVER_AUTH) =
        CertificateVerifier.builder().caFile(ssl.path("root.pem")).purpose(purpose).at(now).build()

    test("a good chain verifies for its DNS name and IP, and the result carries the built chain up to the root") {
        val r = verifier().verify(certs("leaf", "inter"), "www.example.com")
        r.verified() shouldBe true
        r.verifyCode() shouldBe 0
        r.depth() shouldBe -1
        r.chain() shouldHaveSize 3
        r.chain()[2].subjectX500Principal.name shouldContain "Verifier Root"
        verifier().verify(certs("leaf", "inter"), InetAddress.getByName("192.0.2.7")).verified() shouldBe true
    }

    test("a wrong host gives 62 and a wrong IP 64, both at depth 0 with CPython's wording") {
        val host = verifier().verify(certs("leaf", "inter"), "other.example.com")
        host.verifyCode() shouldBe 62
        host.verifyMessage() shouldBe "Hostname mismatch, certificate is not valid for 'other.example.com'."
        host.depth() shouldBe 0
        verifier().verify(certs("leaf", "inter"), "192.0.2.8").verifyCode() shouldBe 64
    }

    test("the time is the caller's: before notBefore gives 9, long after gives 10") {
        val early = CertificateVerifier.builder().caFile(ssl.path("root.pem")).at(Instant.parse("2001-01-01T00:00:00Z")).build()
        early.verify(certs("leaf", "inter")).verifyCode() shouldBe 9
        val late = CertificateVerifier.builder().caFile(ssl.path("root.pem")).at(now.plusSeconds(86400L * 365)).build()
        late.verify(certs("leaf", "inter")).verifyCode() shouldBe 10
    }

    test("a missing intermediate gives 20 and a chain ending at a trusted intermediate needs partial-chain") {
        verifier().verify(certs("leaf")).verifyCode() shouldBe 20
        val interOnly = CertificateVerifier.builder().trustAnchors(certs("inter")).at(now)
        interOnly.build().verify(certs("leaf")).verifyCode() shouldBe 2
        interOnly.verifyFlags(EnumSet.of(VerifyFlag.VERIFY_X509_PARTIAL_CHAIN)).build()
            .verify(certs("leaf")).verified() shouldBe true
    }

    test("a server certificate is refused as a client's with 26, and maxDepth 0 refuses any intermediate with 22") {
        verifier(Purpose.CLIENT_AUTH).verify(certs("leaf", "inter")).verifyCode() shouldBe 26
        val shallow = CertificateVerifier.builder().caFile(ssl.path("root.pem")).at(now).maxDepth(0).build()
        val r = shallow.verify(certs("leaf", "inter"))
        r.verifyCode() shouldBe 22
        r.depth() shouldBe 1
    }

    test("the subject CN is not a host name unless hostnameChecksCommonName turns it on") {
        verifier().verify(certs("cnonly", "inter"), "cn.example.com").verifyCode() shouldBe 62
        CertificateVerifier.builder().caFile(ssl.path("root.pem")).at(now).hostnameChecksCommonName(true).build()
            .verify(certs("cnonly", "inter"), "cn.example.com").verified() shouldBe true
    }

    test("a CA certificate as the leaf breaks the WebPKI profile (37) unless the profile is relaxed, as OpenSSL does") {
        val r = verifier().verify(certs("calleaf", "inter"), "ca.example.com")
        r.verifyCode() shouldBe 37
        generateSequence(r.failure().get() as Throwable) { it.cause }.mapNotNull { it.message }.joinToString(" | ") shouldContain
            "CA certificate used as an end entity"
        CertificateVerifier.builder().caFile(ssl.path("root.pem")).at(now).webPkiProfile(false).build()
            .verify(certs("calleaf", "inter"), "ca.example.com").verified() shouldBe true
    }

    test("an empty chain or an empty host name is refused with a message that says what to pass") {
        shouldThrow<IllegalArgumentException> { verifier().verify(emptyList<X509Certificate>()) }
            .message!! shouldContain "leaf certificate first"
        shouldThrow<IllegalArgumentException> { verifier().verify(certs("leaf"), "") }.message!! shouldContain "pass null"
        shouldThrow<IllegalArgumentException> { CertificateVerifier.builder().maxDepth(-2) }
    }
})
