package dev.tlskit.tck.spec.parity

import dev.tlskit.Protocol
import dev.tlskit.Purpose
import dev.tlskit.Tls
import dev.tlskit.TlsContext
import dev.tlskit.TlsCredentialException
import dev.tlskit.TlsException
import dev.tlskit.pki.DefaultVerifyPaths
import dev.tlskit.tck.spec.MemoryPair
import dev.tlskit.tck.spec.pki
import dev.tlskit.tck.spec.serverContext
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldMatch
import java.nio.file.Files

/** PARITY.md section 5 (LVL): load_verify_locations with cafile, capath and cadata on [provider]. */
public fun parityLvlSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"
    fun client() = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider)
    fun pem(path: java.nio.file.Path) = String(Files.readAllBytes(path))

    test("LVL-01 $p cafile alone and cafile with a c_rehash capath are accepted") {
        client().loadVerifyLocations(pki.root.certFile)
        client().loadVerifyLocations(pki.root.certFile, null, null as String?)
        val c = client().apply { loadVerifyLocations(pki.root.certFile, parACapath(pki.intermediate), null as String?) }
        c.certStoreStats()["x509_ca"] shouldBe 1
    }

    // [py] capath=True / cadata=object are TypeErrors the Java types rule out; the remaining check is "nothing given"
    test("LVL-02 $p load_verify_locations with nothing at all is API misuse") {
        shouldThrow<IllegalArgumentException> { client().loadVerifyLocations(null, null, null as String?) }
            .message!! shouldContain "cannot be all omitted"
        shouldThrow<IllegalArgumentException> { client().loadVerifyLocations(null, null, null as ByteArray?) }
        shouldThrow<IllegalArgumentException> { client().loadVerifyLocations(null) }
    }

    test("LVL-03 $p a missing cafile is FILE_NOT_READABLE and a malformed one a PEM lib error") {
        shouldThrow<TlsCredentialException> { client().loadVerifyLocations(pki.directory.resolve("no-such-ca.pem")) }
            .kind() shouldBe TlsCredentialException.Kind.FILE_NOT_READABLE
        val bad = Files.createTempFile("tlskit-badca-", ".pem").also {
            it.toFile().deleteOnExit()
            Files.writeString(it, "-----BEGIN CERTIFICATE-----\nMIIBad!!notbase64\n-----END CERTIFICATE-----\n")
        }
        shouldThrow<TlsCredentialException> { client().loadVerifyLocations(bad) }.toString() shouldMatch
            Regex("(?s).*PEM (lib|routines).*")
    }

    test("LVL-04 $p a capath of hashed CA files alone verifies a server the CA signed") {
        val c = client().apply { loadVerifyLocations(null, parACapath(pki.root), null as String?) }
        MemoryPair.of(c, serverContext(provider)).handshake()
    }

    test("LVL-05 $p PEM cadata counts distinct CAs, skips junk between blocks, and verifies a handshake") {
        val c = client()
        c.loadVerifyLocations(null, null, pem(pki.root.certFile))
        c.certStoreStats()["x509_ca"] shouldBe 1
        c.loadVerifyLocations(null, null, pem(pki.otherRoot.certFile))
        c.certStoreStats()["x509_ca"] shouldBe 2
        c.loadVerifyLocations(null, null, pem(pki.root.certFile))
        c.certStoreStats()["x509_ca"] shouldBe 2
        val mixed = "head\n" + pem(pki.root.certFile) + "\nmiddle\n" + pem(pki.otherRoot.certFile) + "tail\n" + pem(pki.root.certFile) + "\nend\n"
        val m = client().apply { loadVerifyLocations(null, null, mixed) }
        m.certStoreStats()["x509_ca"] shouldBe 2
        MemoryPair.of(m, serverContext(provider)).handshake()
    }

    test("LVL-06 $p DER cadata, one cert or several concatenated, counts duplicates once and verifies a handshake") {
        val one = client().apply { loadVerifyLocations(null, null, pki.root.certificateDer) }
        one.certStoreStats()["x509_ca"] shouldBe 1
        MemoryPair.of(one, serverContext(provider)).handshake()
        val der = pki.root.certificateDer + pki.otherRoot.certificateDer + pki.root.certificateDer
        val many = client().apply { loadVerifyLocations(null, null, der) }
        many.certStoreStats()["x509_ca"] shouldBe 2
        MemoryPair.of(many, serverContext(provider)).handshake()
    }

    test("LVL-07 $p broken cadata is refused: no start line for text, not enough data for bytes, trailing garbage") {
        shouldThrow<TlsException> { client().loadVerifyLocations(null, null, "broken") }.message!! shouldContain
            "no start line: cadata does not contain a certificate"
        shouldThrow<TlsException> { client().loadVerifyLocations(null, null, "broken".toByteArray()) }.message!! shouldContain
            "not enough data: cadata does not contain a certificate"
        shouldThrow<TlsException> { client().loadVerifyLocations(null, null, pki.root.certificateDer + byteArrayOf('A'.code.toByte())) }
    }

    test("LVL-08 $p load_default_certs succeeds for SERVER_AUTH and CLIENT_AUTH; null is refused") {
        for (purpose in Purpose.values()) {
            val c = client().apply { loadDefaultCerts(purpose) }
            (c.certStoreStats()["x509_ca"]!! > 0) shouldBe true
        }
        shouldThrow<NullPointerException> { client().loadDefaultCerts(null) }
    }

    test("LVL-09 $p SSL_CERT_FILE is loaded eagerly and SSL_CERT_DIR lazily; get_default_verify_paths follows the env") {
        val paths = Tls.getDefaultVerifyPaths()
        paths.opensslCafileEnv() shouldBe "SSL_CERT_FILE"
        paths.opensslCapathEnv() shouldBe "SSL_CERT_DIR"
        DefaultVerifyPaths::class.java.recordComponents.size shouldBe 6
        client().setDefaultVerifyPaths()
        // the environment is per process: a child JVM with SSL_CERT_FILE=CERTFILE (a non-CA cert) and SSL_CERT_DIR=CAPATH
        val capath = parACapath(pki.root)
        val javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString()
        val pb = ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), "dev.tlskit.tck.spec.parity.ParityADefaultPathsProbe", provider)
        pb.environment()["SSL_CERT_FILE"] = pki.selfSigned.combinedFile.toString()
        pb.environment()["SSL_CERT_DIR"] = capath.toString()
        val proc = pb.redirectErrorStream(false).start()
        val out = proc.inputStream.bufferedReader().readLines()
        val err = proc.errorStream.bufferedReader().readText()
        (proc.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && proc.exitValue() == 0) shouldBe true
        withClue(err) {
            out shouldBe listOf("1 0 0", pki.selfSigned.combinedFile.toString(), capath.toString())
        }
    }
}
