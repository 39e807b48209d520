package dev.tlskit.pki

import dev.tlskit.TlsCredentialException
import dev.tlskit.TlsCredentialException.Kind
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files

class CertificatesAndTrustStoreTest : FunSpec({
    val ssl = OpenSsl.temp()
    afterSpec { ssl.delete() }

    val root = ssl.rootCa("root", "Test Root")
    val root2 = ssl.rootCa("root2", "Other Root")
    ssl.issue("inter", "root", "Test Intermediate", listOf("basicConstraints=critical,CA:TRUE", "keyUsage=critical,keyCertSign,cRLSign"))
    val leaf = ssl.issue("leaf", "inter", "leaf.example", listOf("basicConstraints=CA:FALSE", "subjectAltName=DNS:leaf.example"))
    ssl.ok("x509", "-in", "root.pem", "-outform", "DER", "-out", "root.der")
    ssl.ok("x509", "-in", "root2.pem", "-outform", "DER", "-out", "root2.der")

    test("a PEM bundle with comments and text dumps between blocks yields every certificate in order") {
        val dump = ssl.ok("x509", "-in", "root.pem", "-text", "-noout")
        val bundle = ssl.write("bundle.pem", "# my bundle\n" + ssl.text("leaf.pem") + "\njunk line\n" + dump +
            ssl.text("inter.pem") + "\n\n" + ssl.text("root.pem") + "trailing garbage")
        val certs = Certificates.read(bundle)
        certs.map { it.subjectX500Principal.name } shouldContainExactly listOf("CN=leaf.example", "CN=Test Intermediate", "CN=Test Root")
    }

    test("a DER certificate file and concatenated DER cadata are read") {
        Certificates.read(ssl.path("root.der")).single().subjectX500Principal.name shouldBe "CN=Test Root"
        val both = Files.readAllBytes(ssl.path("root.der")) + Files.readAllBytes(ssl.path("root2.der"))
        Certificates.fromDer(both, "cadata").map { it.subjectX500Principal.name } shouldContainExactly listOf("CN=Test Root", "CN=Other Root")
    }

    test("a truncated PEM certificate is TRUNCATED and names the file and block number") {
        val text = ssl.text("leaf.pem")
        val f = ssl.write("trunc.pem", ssl.text("root.pem") + text.substring(0, text.length - 30))
        val e = shouldThrow<TlsCredentialException> { Certificates.read(f) }
        e.kind() shouldBe Kind.TRUNCATED
        e.message!! shouldContain "trunc.pem"
        e.message!! shouldContain "block 2"
        e.source().get() shouldBe f.toString()
    }

    test("broken base64 inside a block and a corrupt certificate are typed errors") {
        val broken = ssl.write("b64.pem", "-----BEGIN CERTIFICATE-----\nMIIB!!!!\n-----END CERTIFICATE-----\n")
        shouldThrow<TlsCredentialException> { Certificates.read(broken) }.kind() shouldBe Kind.TRUNCATED
        val corrupt = ssl.write("corrupt.pem", "-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n")
        val e = shouldThrow<TlsCredentialException> { Certificates.read(corrupt) }
        e.kind() shouldBe Kind.MALFORMED
        e.message!! shouldContain "block 1"
    }

    test("missing files, cadata without certificates and junk DER are typed errors") {
        val missing = shouldThrow<TlsCredentialException> { Certificates.read(ssl.path("absent.pem")) }
        missing.kind() shouldBe Kind.FILE_NOT_READABLE
        missing.message!! shouldContain "absent.pem"
        shouldThrow<TlsCredentialException> { Certificates.fromPem("junk", "cadata") }.message!! shouldContain
            "no start line: cadata does not contain a certificate"
        shouldThrow<TlsCredentialException> { Certificates.fromDer("junk".toByteArray(), "cadata") }.message!! shouldContain
            "cadata does not contain a certificate"
    }

    test("stats count certificates, CA certificates and CRLs once each, like cert_store_stats") {
        val store = TrustStore()
        store.stats() shouldBe mapOf("x509" to 0, "x509_ca" to 0, "crl" to 0)
        store.addCaFile(root)
        store.addCaFile(root) // duplicate: OpenSSL stores it once
        store.addCaData(ssl.text("leaf.pem"))
        store.stats() shouldBe mapOf("x509" to 2, "x509_ca" to 1, "crl" to 0)
        store.caCertificates().map { it.subjectX500Principal.name } shouldContainExactly listOf("CN=Test Root")
        store.addCaData(Files.readAllBytes(ssl.path("root2.der")))
        store.stats()["x509_ca"] shouldBe 2
    }

    test("a CA file with a CRL counts the CRL, and a file with neither fails like OpenSSL") {
        ssl.write("ca.cnf", "[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\ncrlnumber=crlnum\ndefault_md=sha256\ndefault_crl_days=30\n")
        ssl.write("index.txt", "")
        ssl.write("crlnum", "01\n")
        ssl.ok("ca", "-config", "ca.cnf", "-gencrl", "-keyfile", "root.key", "-cert", "root.pem", "-out", "root.crl")
        val withCrl = ssl.write("root+crl.pem", ssl.text("root.pem") + ssl.text("root.crl"))
        val store = TrustStore()
        store.addCaFile(withCrl)
        store.stats() shouldBe mapOf("x509" to 1, "x509_ca" to 1, "crl" to 1)
        store.addCrls(ssl.path("root.crl"))
        store.stats()["crl"] shouldBe 1
        Certificates.readCrls(ssl.path("root.crl")) shouldHaveSize 1
        val e = shouldThrow<TlsCredentialException> { store.addCaFile(ssl.path("leaf.csr")) }
        e.kind() shouldBe Kind.NO_CERTIFICATE
    }

    test("a capath with OpenSSL hashed names is trusted but counted only after a verification uses it") {
        val capath = Files.createDirectories(ssl.path("capath"))
        // root: a copy named by `openssl x509 -hash`; root2: a plain file plus the symlink `openssl rehash` makes
        val hash = ssl.ok("x509", "-hash", "-noout", "-in", "root.pem").trim()
        Files.copy(root, capath.resolve("$hash.0"))
        Files.copy(root2, capath.resolve("root2.pem"))
        Files.writeString(capath.resolve("README"), "not a certificate")
        ssl.ok("rehash", capath.toString())
        Files.list(capath).use { s -> s.map { it.fileName.toString() }.filter { Regex("[0-9a-f]{8}\\.0").matches(it) }.count() } shouldBe 2L

        val store = TrustStore()
        store.addCaPath(capath)
        store.addCaPath(ssl.path("no-such-dir")) // accepted silently, like OpenSSL
        store.stats() shouldBe mapOf("x509" to 0, "x509_ca" to 0, "crl" to 0)
        store.caCertificates() shouldHaveSize 0
        store.snapshot().certificates() shouldHaveSize 2

        val tm = TlsTrustManager(TrustConfig.builder(store.snapshot()).build())
        tm.verifyServer(arrayOf(Certificates.read(leaf).single(), Certificates.read(ssl.path("inter.pem")).single()), "leaf.example")
        store.stats() shouldBe mapOf("x509" to 1, "x509_ca" to 1, "crl" to 0)
        store.caCertificates().single().subjectX500Principal.name shouldBe "CN=Test Root"
    }

    test("set_default_verify_paths honours SSL_CERT_FILE and SSL_CERT_DIR, else the JDK's CAs") {
        val fromEnv = TrustStore()
        fromEnv.setDefaultVerifyPaths(mapOf("SSL_CERT_FILE" to root.toString()))
        fromEnv.stats()["x509"] shouldBe 1
        val missing = TrustStore()
        missing.setDefaultVerifyPaths(mapOf("SSL_CERT_FILE" to ssl.path("missing.pem").toString()))
        missing.stats()["x509"] shouldBe 0
        val jdk = TrustStore()
        jdk.setDefaultVerifyPaths(emptyMap())
        (jdk.stats()["x509_ca"]!! > 10) shouldBe true
    }

    test("snapshots are cached until the store changes") {
        val store = TrustStore()
        store.addCaFile(root)
        val a = store.snapshot()
        (store.snapshot() === a) shouldBe true
        store.addCaFile(root)
        (store.snapshot() === a) shouldBe true
        store.addCaFile(root2)
        (store.snapshot() === a) shouldBe false
        store.snapshot().certificates() shouldHaveSize 2
        a.certificates() shouldHaveSize 1
    }

    test("a key in the certificate file and a separate key file both load as an Identity") {
        val combined = ssl.write("combined.pem", ssl.text("leaf.pem") + ssl.text("inter.pem") + ssl.text("leaf.key"))
        val id = Identity.load(combined, null, null)
        id.keyType() shouldBe "EC"
        id.chain() shouldHaveSize 2
        Identity.load(leaf, ssl.path("leaf.key"), PasswordSource.callback { error("not encrypted") }).leaf() shouldBe id.leaf()
        shouldThrow<TlsCredentialException> { Identity.load(leaf, ssl.path("inter.key"), null) }.kind() shouldBe Kind.KEY_MISMATCH
        shouldThrow<TlsCredentialException> { Identity.load(leaf, null, null) }.kind() shouldBe Kind.MALFORMED
    }
})
