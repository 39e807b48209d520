package dev.tlskit.pki

import dev.tlskit.TlsCredentialException
import dev.tlskit.TlsCredentialException.Kind
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import java.security.PrivateKey

class PrivateKeysTest : FunSpec({
    val ssl = OpenSsl.temp()
    afterSpec { ssl.delete() }

    val secret = "s3cret-pässword"
    val pass = "pass:$secret"

    // Base keys, and a certificate for each so that every format can be checked against the right public key.
    ssl.ok("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa.key")
    ssl.ok("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", "ec.key")
    ssl.ok("genpkey", "-algorithm", "ED25519", "-out", "ed.key")
    for (k in listOf("rsa", "ec", "ed")) {
        ssl.ok("req", "-x509", "-key", "$k.key", "-out", "$k.pem", "-days", "2", "-subj", "/CN=$k")
    }
    val certs = listOf("rsa", "ec", "ed").associateWith { Certificates.read(ssl.path("$it.pem")).single() }

    data class Case(val file: String, val base: String, val encrypted: Boolean, val make: () -> Unit)

    val cases = listOf(
        Case("rsa-pkcs8.pem", "rsa", false) { ssl.ok("pkcs8", "-topk8", "-nocrypt", "-in", "rsa.key", "-out", "rsa-pkcs8.pem") },
        Case("rsa-pkcs8.der", "rsa", false) { ssl.ok("pkcs8", "-topk8", "-nocrypt", "-in", "rsa.key", "-outform", "DER", "-out", "rsa-pkcs8.der") },
        Case("rsa-pkcs1.pem", "rsa", false) { ssl.ok("rsa", "-in", "rsa.key", "-traditional", "-out", "rsa-pkcs1.pem") },
        Case("rsa-pkcs1.der", "rsa", false) { ssl.ok("rsa", "-in", "rsa.key", "-traditional", "-outform", "DER", "-out", "rsa-pkcs1.der") },
        Case("rsa-pkcs1-aes256.pem", "rsa", true) { ssl.ok("rsa", "-in", "rsa.key", "-traditional", "-aes256", "-passout", pass, "-out", "rsa-pkcs1-aes256.pem") },
        Case("rsa-pkcs1-aes128.pem", "rsa", true) { ssl.ok("rsa", "-in", "rsa.key", "-traditional", "-aes128", "-passout", pass, "-out", "rsa-pkcs1-aes128.pem") },
        Case("rsa-pkcs1-des3.pem", "rsa", true) { ssl.ok("rsa", "-in", "rsa.key", "-traditional", "-des3", "-passout", pass, "-out", "rsa-pkcs1-des3.pem") },
        Case("rsa-pkcs8-aes256.pem", "rsa", true) { ssl.ok("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "rsa.key", "-passout", pass, "-out", "rsa-pkcs8-aes256.pem") },
        Case("rsa-pkcs8-aes128-sha1.pem", "rsa", true) { ssl.ok("pkcs8", "-topk8", "-v2", "aes-128-cbc", "-v2prf", "hmacWithSHA1", "-in", "rsa.key", "-passout", pass, "-out", "rsa-pkcs8-aes128-sha1.pem") },
        Case("rsa-pkcs8-aes256.der", "rsa", true) { ssl.ok("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "rsa.key", "-passout", pass, "-outform", "DER", "-out", "rsa-pkcs8-aes256.der") },
        Case("rsa-genpkey-aes256.pem", "rsa", true) { ssl.ok("pkey", "-in", "rsa.key", "-aes256", "-passout", pass, "-out", "rsa-genpkey-aes256.pem") },
        Case("ec-pkcs8.pem", "ec", false) { ssl.ok("pkcs8", "-topk8", "-nocrypt", "-in", "ec.key", "-out", "ec-pkcs8.pem") },
        Case("ec-sec1.pem", "ec", false) { ssl.ok("ec", "-in", "ec.key", "-out", "ec-sec1.pem") },
        Case("ec-sec1.der", "ec", false) { ssl.ok("ec", "-in", "ec.key", "-outform", "DER", "-out", "ec-sec1.der") },
        Case("ec-sec1-aes256.pem", "ec", true) { ssl.ok("ec", "-in", "ec.key", "-aes256", "-passout", pass, "-out", "ec-sec1-aes256.pem") },
        Case("ec-pkcs8-aes256.pem", "ec", true) { ssl.ok("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "ec.key", "-passout", pass, "-out", "ec-pkcs8-aes256.pem") },
        Case("ed-pkcs8.pem", "ed", false) { Files.copy(ssl.path("ed.key"), ssl.path("ed-pkcs8.pem")) },
        Case("ed-pkcs8-aes256.pem", "ed", true) { ssl.ok("pkey", "-in", "ed.key", "-aes256", "-passout", pass, "-out", "ed-pkcs8-aes256.pem") },
    )

    for (c in cases) {
        test("a ${c.file} key loads${if (c.encrypted) " with the right password" else ""} and matches its certificate") {
            c.make()
            val header = Files.readAllBytes(ssl.path(c.file)).take(40).toByteArray().toString(Charsets.ISO_8859_1)
            if (c.file.endsWith(".pem")) {
                header shouldContain "-----BEGIN"
            }
            val key: PrivateKey = PrivateKeys.read(ssl.path(c.file), if (c.encrypted) PasswordSource.of(secret.toCharArray()) else null)
            PrivateKeys.checkMatch(key, certs.getValue(c.base), c.file)
            key.algorithm shouldBe mapOf("rsa" to "RSA", "ec" to "EC", "ed" to "EdDSA").getValue(c.base)
        }
        if (c.encrypted) {
            test("a ${c.file} key with a wrong password fails as BAD_PASSWORD") {
                val e = shouldThrow<TlsCredentialException> {
                    PrivateKeys.read(ssl.path(c.file), PasswordSource.of("wrong".toByteArray()))
                }
                e.kind() shouldBe Kind.BAD_PASSWORD
                e.message!! shouldContain c.file
            }
            test("a ${c.file} key without a password fails as PASSWORD_REQUIRED") {
                shouldThrow<TlsCredentialException> { PrivateKeys.read(ssl.path(c.file), null) }.kind() shouldBe Kind.PASSWORD_REQUIRED
            }
        } else {
            test("a plain ${c.file} key never calls the password callback") {
                var calls = 0
                PrivateKeys.read(ssl.path(c.file), PasswordSource.callback { calls++; "unused" })
                calls shouldBe 0
            }
        }
    }

    test("an encrypted key calls the password callback exactly once") {
        var calls = 0
        PrivateKeys.read(ssl.path("ec-sec1-aes256.pem"), PasswordSource.callback { calls++; secret.toByteArray() })
        calls shouldBe 1
    }

    test("a callback returning a wrong type or a too long password is an IllegalArgumentException") {
        shouldThrow<IllegalArgumentException> {
            PrivateKeys.read(ssl.path("ec-sec1-aes256.pem"), PasswordSource.callback { 42 })
        }.message!! shouldContain "password callback must return a string"
        shouldThrow<IllegalArgumentException> {
            PrivateKeys.read(ssl.path("ec-sec1-aes256.pem"), PasswordSource.callback { "x".repeat(1025) })
        }.message shouldBe "password cannot be longer than 1024 bytes"
        shouldThrow<IllegalArgumentException> { PasswordSource.of(CharArray(1025) { 'x' }) }
        // 1024 bytes is still allowed (CPython accepts it and OpenSSL then reports a bad decrypt)
        shouldThrow<TlsCredentialException> {
            PrivateKeys.read(ssl.path("ec-sec1-aes256.pem"), PasswordSource.of(ByteArray(1024) { 'x'.code.toByte() }))
        }.kind() shouldBe Kind.BAD_PASSWORD
    }

    test("password sources copy their input defensively") {
        val chars = secret.toCharArray()
        val source = PasswordSource.of(chars)
        chars.fill('\u0000')
        PrivateKeys.read(ssl.path("ec-sec1-aes256.pem"), source).algorithm shouldBe "EC"
        source.password().concatToString() shouldBe secret
    }

    test("an ecparam-generated key with a leading EC PARAMETERS block loads") {
        ssl.ok("ecparam", "-name", "prime256v1", "-genkey", "-out", "ecparam.pem")
        ssl.text("ecparam.pem") shouldContain "BEGIN EC PARAMETERS"
        PrivateKeys.read(ssl.path("ecparam.pem"), null).algorithm shouldBe "EC"
    }

    test("a key that belongs to another certificate fails as KEY_MISMATCH") {
        val ecKey = PrivateKeys.read(ssl.path("ec.key"), null)
        val e = shouldThrow<TlsCredentialException> { PrivateKeys.checkMatch(ecKey, certs.getValue("rsa"), "ec.key") }
        e.kind() shouldBe Kind.KEY_MISMATCH
        ssl.ok("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", "ec2.key")
        shouldThrow<TlsCredentialException> {
            PrivateKeys.checkMatch(PrivateKeys.read(ssl.path("ec2.key"), null), certs.getValue("ec"), "ec2.key")
        }.kind() shouldBe Kind.KEY_MISMATCH
        ssl.ok("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", "rsa2.key")
        shouldThrow<TlsCredentialException> {
            PrivateKeys.checkMatch(PrivateKeys.read(ssl.path("rsa2.key"), null), certs.getValue("rsa"), "rsa2.key")
        }.kind() shouldBe Kind.KEY_MISMATCH
        ssl.ok("genpkey", "-algorithm", "ED25519", "-out", "ed2.key")
        shouldThrow<TlsCredentialException> {
            PrivateKeys.checkMatch(PrivateKeys.read(ssl.path("ed2.key"), null), certs.getValue("ed"), "ed2.key")
        }.kind() shouldBe Kind.KEY_MISMATCH
    }

    test("a file without a key, a missing file and a truncated key are typed errors naming the source") {
        shouldThrow<TlsCredentialException> { PrivateKeys.read(ssl.path("rsa.pem"), null) }.kind() shouldBe Kind.MALFORMED
        val missing = shouldThrow<TlsCredentialException> { PrivateKeys.read(ssl.path("nope.key"), null) }
        missing.kind() shouldBe Kind.FILE_NOT_READABLE
        missing.message!! shouldContain "nope.key"
        val text = ssl.text("ec-sec1.pem")
        val cut = ssl.write("cut.key", text.substring(0, text.length / 2))
        val e = shouldThrow<TlsCredentialException> { PrivateKeys.read(cut, null) }
        e.kind() shouldBe Kind.TRUNCATED
        e.message!! shouldContain "cut.key"
        e.message!! shouldContain "block 1"
    }

    test("an unsupported key encryption is UNSUPPORTED_ALGORITHM") {
        ssl.ok("pkcs8", "-topk8", "-scrypt", "-in", "ec.key", "-passout", pass, "-out", "ec-scrypt.pem")
        shouldThrow<TlsCredentialException> {
            PrivateKeys.read(ssl.path("ec-scrypt.pem"), PasswordSource.of(secret.toCharArray()))
        }.kind() shouldBe Kind.UNSUPPORTED_ALGORITHM
    }
})
