package dev.tlskit.pki

import dev.tlskit.TlsCredentialException
import dev.tlskit.TlsCredentialException.Kind
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import java.nio.file.Path

/**
 * Every malformed credential input, made by the real `openssl` CLI (or cut from its output), gives a typed
 * [TlsCredentialException] whose kind is the reason and whose message names the file (and the PEM block where one
 * applies). PKCS#12 files from `openssl pkcs12 -export` load as an [Identity].
 */
class CredentialErrorTableTest : FunSpec({
    val ssl = OpenSsl.temp()
    afterSpec { ssl.delete() }
    val pw = "pässw0rd"
    val p12pw = "p12-secret" // the JDK's PKCS#12 reader takes ASCII passwords only

    ssl.ok("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa.key")
    ssl.ok("req", "-x509", "-key", "rsa.key", "-out", "rsa.pem", "-days", "2", "-subj", "/CN=rsa")
    ssl.ok("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "other.key")
    ssl.ok("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "rsa.key", "-passout", "pass:$pw", "-out", "rsa-pkcs8-enc.key")
    ssl.ok("rsa", "-in", "rsa.key", "-traditional", "-des3", "-passout", "pass:$pw", "-out", "rsa-des3.key")
    ssl.ok("rsa", "-in", "rsa.key", "-traditional", "-aes128", "-passout", "pass:$pw", "-out", "rsa-aes128.key")
    ssl.ok("pkcs12", "-export", "-in", "rsa.pem", "-inkey", "rsa.key", "-passout", "pass:$p12pw", "-out", "rsa.p12")
    ssl.ok("pkcs12", "-export", "-legacy", "-in", "rsa.pem", "-inkey", "rsa.key", "-passout", "pass:$p12pw", "-out", "rsa-legacy.p12")
    ssl.ok("pkcs12", "-export", "-nokeys", "-in", "rsa.pem", "-passout", "pass:$p12pw", "-out", "certs-only.p12")
    val sm2 = ssl.run("genpkey", "-algorithm", "SM2", "-out", "sm2.key").exit == 0
    val certText = ssl.text("rsa.pem")
    ssl.write("truncated.pem", certText.substring(0, certText.length / 2))
    ssl.write("junk-cert.pem", "-----BEGIN CERTIFICATE-----\nTWFueSBoYW5kcyBtYWtlIGxpZ2h0IHdvcmsu\n-----END CERTIFICATE-----\n")
    ssl.write("second-block-broken.pem", certText + "-----BEGIN CERTIFICATE-----\n@@@@\n-----END CERTIFICATE-----\n")
    ssl.write("no-cert.pem", "just a comment, no PEM block\n")

    data class Row(val title: String, val kind: Kind, val mentions: List<String>, val load: () -> Any)

    fun p(name: String): Path = ssl.path(name)
    fun password(s: String) = PasswordSource.of(s.toCharArray())

    val rows = mutableListOf(
        Row("a wrong password for an encrypted PKCS#8 key", Kind.BAD_PASSWORD, listOf("rsa-pkcs8-enc.key", "wrong password")) {
            PrivateKeys.read(p("rsa-pkcs8-enc.key"), password("nope"))
        },
        Row("a wrong password for a DES-EDE3 Proc-Type key", Kind.BAD_PASSWORD, listOf("rsa-des3.key", "PEM block 1")) {
            PrivateKeys.read(p("rsa-des3.key"), password("nope"))
        },
        Row("no password for an AES Proc-Type key", Kind.PASSWORD_REQUIRED, listOf("rsa-aes128.key", "PEM block 1")) {
            PrivateKeys.read(p("rsa-aes128.key"), null)
        },
        Row("a key that does not match the certificate", Kind.KEY_MISMATCH, listOf("other.key", "CN=rsa")) {
            Identity.load(p("rsa.pem"), p("other.key"), null)
        },
        Row("a truncated PEM certificate", Kind.TRUNCATED, listOf("truncated.pem", "PEM block 1")) {
            Certificates.read(p("truncated.pem"))
        },
        Row("a PEM block that is not a certificate", Kind.MALFORMED, listOf("junk-cert.pem", "PEM block 1", "not a valid X.509 certificate")) {
            Certificates.read(p("junk-cert.pem"))
        },
        Row("broken base64 in the second block of a bundle", Kind.TRUNCATED, listOf("second-block-broken.pem", "PEM block 2")) {
            TrustStore().addCaFile(p("second-block-broken.pem"))
        },
        Row("a CA file with neither PEM nor DER in it", Kind.MALFORMED, listOf("no-cert.pem", "does not contain a certificate")) {
            TrustStore().addCaFile(p("no-cert.pem"))
        },
        Row("a key file given as the certificate", Kind.NO_CERTIFICATE, listOf("rsa.key", "does not contain a certificate")) {
            Identity.load(p("rsa.key"), p("rsa.key"), null)
        },
        Row("a missing key file", Kind.FILE_NOT_READABLE, listOf("missing.key")) {
            PrivateKeys.read(p("missing.key"), null)
        },
        Row("a PKCS#12 file with a wrong password", Kind.BAD_PASSWORD, listOf("rsa.p12", "wrong password")) {
            Identity.loadPkcs12(p("rsa.p12"), password("nope"))
        },
        Row("a PEM file given as PKCS#12", Kind.MALFORMED, listOf("rsa.pem", "PKCS#12")) {
            Identity.loadPkcs12(p("rsa.pem"), password(p12pw))
        },
        Row("a PKCS#12 file without a private key", Kind.MALFORMED, listOf("certs-only.p12", "no private key")) {
            Identity.loadPkcs12(p("certs-only.p12"), password(p12pw))
        },
    )
    if (sm2) {
        rows += Row("an SM2 key the JDK cannot use", Kind.UNSUPPORTED_ALGORITHM, listOf("sm2.key")) {
            PrivateKeys.read(p("sm2.key"), null)
        }
    }

    for (r in rows) {
        test("${r.title} is ${r.kind} and the message names the file and the reason") {
            val e = shouldThrow<TlsCredentialException> { r.load() }
            e.kind() shouldBe r.kind
            r.mentions.forEach { e.message!! shouldContain it }
            e.source().isPresent shouldBe true
            e.message!! shouldContain e.source().get()
        }
    }

    test("PKCS#12 files from openssl pkcs12 -export (AES/PBKDF2 and -legacy) load as a matching identity") {
        for (f in listOf("rsa.p12", "rsa-legacy.p12")) {
            val id = Identity.loadPkcs12(p(f), password(p12pw))
            id.leaf() shouldBe Certificates.read(p("rsa.pem")).single()
            id.keyType() shouldBe "RSA"
        }
    }

    test("a password callback is not called for a plain key and is called once for an encrypted one") {
        var calls = 0
        val cb = PasswordSource.callback { calls++; pw }
        PrivateKeys.read(p("rsa.key"), cb)
        calls shouldBe 0
        PrivateKeys.read(p("rsa-des3.key"), cb)
        calls shouldBe 1
        Files.exists(p("rsa-des3.key")) shouldBe true
    }
})
