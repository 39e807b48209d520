package dev.tlskit.tck

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files

class TestPkiTest : FunSpec({
    val pki = TestPki.shared

    test("the shared PKI is made once per JVM") {
        (TestPki.shared === pki) shouldBe true
    }

    test("openssl verify accepts every good leaf through root and intermediate") {
        for (c in listOf(pki.localhost, pki.localhostEc, pki.wrongHost, pki.ipOnly, pki.wildcard, pki.noSan, pki.revoked)) {
            val r = OpenSsl.verify(pki.caBundle, c.certFile, untrusted = listOf(pki.intermediate.certFile), purpose = "sslserver")
            withClue(c, r) { r.ok shouldBe true }
        }
        val client = OpenSsl.verify(pki.caBundle, pki.client.certFile, untrusted = listOf(pki.intermediate.certFile), purpose = "sslclient")
        withClue(pki.client, client) { client.ok shouldBe true }
    }

    test("openssl verify accepts the chain file against the bundle with intermediate") {
        val r = OpenSsl.verify(pki.caBundleWithIntermediate, pki.localhost.certFile)
        r.ok shouldBe true
    }

    test("openssl verify rejects the expired leaf with code 10 and the not yet valid leaf with code 9") {
        val expired = OpenSsl.verify(pki.caBundle, pki.expired.certFile, untrusted = listOf(pki.intermediate.certFile))
        expired.ok shouldBe false
        expired.errorCode shouldBe 10
        expired.errorDepth shouldBe 0
        expired.errorMessage shouldBe "certificate has expired"
        val early = OpenSsl.verify(pki.caBundle, pki.notYetValid.certFile, untrusted = listOf(pki.intermediate.certFile))
        early.errorCode shouldBe 9
    }

    test("openssl verify rejects a leaf from an untrusted root with code 20") {
        val r = OpenSsl.verify(pki.otherRoot.certFile, pki.localhost.certFile, untrusted = listOf(pki.intermediate.certFile))
        r.ok shouldBe false
        r.errorCode shouldBe 20
        val client = OpenSsl.verify(pki.caBundle, pki.untrustedClient.certFile)
        client.errorCode shouldBe 20
    }

    test("openssl verify without the intermediate cannot build the chain") {
        OpenSsl.verify(pki.caBundle, pki.localhost.certFile).errorCode shouldBe 20
    }

    test("openssl verify with the CRL rejects the revoked leaf with code 23 and accepts localhost") {
        val revoked = OpenSsl.verify(pki.caBundle, pki.revoked.certFile, untrusted = listOf(pki.intermediate.certFile), crlFile = pki.crlFile)
        revoked.errorCode shouldBe 23
        val good = OpenSsl.verify(pki.caBundle, pki.localhost.certFile, untrusted = listOf(pki.intermediate.certFile), crlFile = pki.crlFile)
        withClue(good) { good.ok shouldBe true }
    }

    test("openssl verify checks host names against the SANs") {
        val untrusted = listOf(pki.intermediate.certFile)
        OpenSsl.verify(pki.caBundle, pki.wrongHost.certFile, untrusted, verifyHostname = "localhost").errorCode shouldBe 62
        OpenSsl.verify(pki.caBundle, pki.wildcard.certFile, untrusted, verifyHostname = "a.tlskit.test").ok shouldBe true
        OpenSsl.verify(pki.caBundle, pki.localhost.certFile, untrusted, verifyHostname = "localhost").ok shouldBe true
    }

    test("the self-signed certificate is its own trust anchor and not a CA") {
        pki.selfSigned.certificate.basicConstraints shouldBe -1
        val r = OpenSsl.verify(pki.selfSigned.certFile, pki.selfSigned.certFile)
        withClue(r) { r.ok shouldBe true }
    }

    test("files hold the expected PEM blocks") {
        fun blocks(p: java.nio.file.Path) = Regex("-----BEGIN ([A-Z0-9 ]+)-----").findAll(Files.readString(p)).map { it.groupValues[1] }.toList()
        blocks(pki.localhost.certFile) shouldContainExactly listOf("CERTIFICATE")
        blocks(pki.localhost.keyFile) shouldContainExactly listOf("PRIVATE KEY")
        blocks(pki.localhost.chainFile) shouldContainExactly listOf("CERTIFICATE", "CERTIFICATE")
        blocks(pki.localhost.combinedFile) shouldContainExactly listOf("CERTIFICATE", "CERTIFICATE", "PRIVATE KEY")
        blocks(pki.localhost.intermediatesFile.shouldNotBeNull()) shouldContainExactly listOf("CERTIFICATE")
        pki.root.intermediatesFile.shouldBeNull()
        blocks(pki.localhostEncryptedKeyFile) shouldContainExactly listOf("ENCRYPTED PRIVATE KEY")
        blocks(pki.localhostPkcs1KeyFile) shouldContainExactly listOf("RSA PRIVATE KEY")
        blocks(pki.localhostEcSec1KeyFile) shouldContainExactly listOf("EC PRIVATE KEY")
        blocks(pki.caBundleWithCrl) shouldContainExactly listOf("CERTIFICATE", "CERTIFICATE", "X509 CRL")
        blocks(pki.crlFile) shouldContainExactly listOf("X509 CRL")
    }

    test("openssl reads the encrypted key with the password and the PKCS#1 and SEC1 keys") {
        val ok = Processes.run(listOf(OpenSsl.binary, "pkey", "-in", pki.localhostEncryptedKeyFile.toString(), "-passin", "pass:${TestPki.KEY_PASSWORD}", "-noout"))
        withClue(ok) { ok.exitCode shouldBe 0 }
        val info = Processes.run(listOf(OpenSsl.binary, "asn1parse", "-in", pki.localhostEncryptedKeyFile.toString()))
        info.stdoutText shouldContain "PBES2"
        info.stdoutText shouldContain "aes-256-cbc"
        val bad = Processes.run(listOf(OpenSsl.binary, "pkey", "-in", pki.localhostEncryptedKeyFile.toString(), "-passin", "pass:wrong", "-noout"))
        bad.exitCode shouldBe 1
        for (key in listOf(pki.localhostPkcs1KeyFile, pki.localhostEcSec1KeyFile)) {
            Processes.run(listOf(OpenSsl.binary, "pkey", "-in", key.toString(), "-noout")).exitCode shouldBe 0
        }
    }

    test("subjects, key types and the CRL are as documented") {
        pki.root.certificate.subjectX500Principal.name shouldBe "CN=tlskit Test Root CA,O=tlskit"
        pki.client.subject shouldBe "CN=tlskit client,O=tlskit"
        pki.localhostEc.privateKey.algorithm shouldBe "EC"
        pki.localhost.privateKey.algorithm shouldBe "RSA"
        pki.crl.isRevoked(pki.revoked.certificate) shouldBe true
        pki.crl.isRevoked(pki.localhost.certificate) shouldBe false
        pki.localhost.certificate.subjectAlternativeNames.map { it[1] } shouldContainExactly listOf("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1")
        pki.noSan.certificate.subjectAlternativeNames.shouldBeNull()
        pki.all.size shouldBe 15
    }

    test("a fresh PKI has different keys and lives in another directory") {
        val other = TestPki.create()
        (other.directory == pki.directory) shouldBe false
        (other.root.certificate.publicKey == pki.root.certificate.publicKey) shouldBe false
    }
})

private inline fun <T> withClue(vararg clues: Any?, block: () -> T): T =
    io.kotest.assertions.withClue(clues.joinToString("\n")) { block() }
