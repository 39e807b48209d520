package dev.tlskit.pki

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.security.cert.X509Certificate
import javax.security.auth.x500.X500Principal

/**
 * pyOpenSSL's `set_verify_depth` in the one verifier, against `openssl verify -verify_depth N` on a four-level chain
 * (leaf <- I2 <- I1 <- root), and the pure rules of [ClientCaList] and [DefaultVerifyPaths].
 */
class VerifyDepthAndClientCaTest : FunSpec({
    val ssl = OpenSsl.temp()
    afterSpec { ssl.delete() }

    val caExt = listOf("basicConstraints=critical,CA:TRUE", "keyUsage=critical,keyCertSign,cRLSign")
    ssl.rootCa("root", "Depth Root")
    ssl.issue("i1", "root", "Depth I1", caExt)
    ssl.issue("i2", "i1", "Depth I2", caExt)
    ssl.issue("leaf", "i2", "depth.example", listOf("basicConstraints=CA:FALSE", "extendedKeyUsage=serverAuth",
        "subjectAltName=DNS:depth.example"))
    ssl.write("untrusted.pem", ssl.text("i2.pem") + ssl.text("i1.pem"))
    ssl.rootCa("other", "Untrusted Root")
    ssl.issue("underother", "other", "other.example", listOf("basicConstraints=CA:FALSE", "subjectAltName=DNS:other.example"))

    fun certs(vararg names: String): List<X509Certificate> = names.flatMap { Certificates.read(ssl.path("$it.pem")) }

    /** tlskit's (code, depth) and the chain it built, for the leaf and both intermediates against [trust]. */
    fun ours(trust: String, depth: Int, partial: Boolean = false, chain: List<String> = listOf("leaf", "i2", "i1"))
        : Pair<Pair<Int, Int>, List<X509Certificate>> {
        val store = TrustStore().apply { addCertificates(certs(trust)) }
        var built = emptyList<X509Certificate>()
        val cfg = TrustConfig.builder(store.snapshot()).verifyDepth(depth)
            .verifyFlagBits(TrustConfig.VERIFY_X509_TRUSTED_FIRST or if (partial) TrustConfig.VERIFY_X509_PARTIAL_CHAIN else 0)
            .build()
        val tm = TlsTrustManager(cfg, null) { _, c -> built = c }
        return try {
            tm.verifyServer(certs(*chain.toTypedArray()).toTypedArray(), null)
            (0 to -1) to built
        } catch (f: VerificationFailure) {
            (f.verifyCode() to f.depth()) to built
        }
    }

    for (depth in listOf(-1, 0, 1, 2, 3)) {
        test("verify depth $depth on leaf <- I2 <- I1 <- root agrees with openssl verify -verify_depth $depth") {
            val oracle = ssl.verify("-CAfile", ssl.path("root.pem").toString(), "-untrusted", ssl.path("untrusted.pem").toString(),
                "-verify_depth", "$depth", ssl.path("leaf.pem").toString())
            val (verdict, _) = ours("root", depth)
            withClue("openssl: $oracle, tlskit: $verdict") { verdict shouldBe oracle }
        }
    }

    for (depth in listOf(0, 1)) {
        test("verify depth $depth with a trusted intermediate and PARTIAL_CHAIN agrees with openssl verify") {
            val oracle = ssl.verify("-CAfile", ssl.path("i1.pem").toString(), "-partial_chain", "-untrusted",
                ssl.path("i2.pem").toString(), "-verify_depth", "$depth", ssl.path("leaf.pem").toString())
            ours("i1", depth, partial = true).first shouldBe oracle
        }
    }

    for (depth in listOf(0, 1)) {
        test("verify depth $depth under an untrusted self-signed root sent by the peer agrees with openssl verify (22 before 19)") {
            val oracle = ssl.verify("-CAfile", ssl.path("root.pem").toString(), "-untrusted", ssl.path("other.pem").toString(),
                "-verify_depth", "$depth", ssl.path("underother.pem").toString())
            ours("root", depth, chain = listOf("underother", "other")).first shouldBe oracle
        }
    }

    test("the verifier reports the chain it built, leaf to trust anchor, only when it accepts") {
        val (ok, built) = ours("root", -1, chain = listOf("leaf", "i2", "i1"))
        ok shouldBe (0 to -1)
        built.map { it.subjectX500Principal.name } shouldContainExactly
            listOf("CN=depth.example", "CN=Depth I2", "CN=Depth I1", "CN=Depth Root")
        ours("root", 0).second.shouldBeEmpty()
    }

    test("a trust manager without a client CA list names the trusted CAs; with an empty one, none") {
        val store = TrustStore().apply { addCertificates(certs("root", "i1")) }
        val cfg = TrustConfig.builder(store.snapshot()).build()
        TlsTrustManager(cfg).acceptedIssuers.map { it.subjectX500Principal.name } shouldContainExactly listOf("CN=Depth Root", "CN=Depth I1")
        TlsTrustManager(cfg, ClientCaList.empty(), null).acceptedIssuers.toList().shouldBeEmpty()
        TlsTrustManager(cfg, ClientCaList.of(listOf(X500Principal("CN=Only Name, O=x"))), null)
            .acceptedIssuers.map { it.subjectX500Principal } shouldContainExactly listOf(X500Principal("CN=Only Name, O=x"))
    }

    test("load_client_ca takes each subject of the file once, in order, and replaces; add_client_ca appends") {
        ssl.write("cas.pem", ssl.text("i2.pem") + ssl.text("i1.pem") + ssl.text("i2.pem"))
        val loaded = ClientCaList.load(ssl.path("cas.pem"))
        loaded.names().map { it.name } shouldContainExactly listOf("CN=Depth I2", "CN=Depth I1")
        loaded.plus(certs("root")[0]).names().map { it.name } shouldContainExactly listOf("CN=Depth I2", "CN=Depth I1", "CN=Depth Root")
        ClientCaList.empty().isEmpty shouldBe true
    }

    test("load_client_ca of a file without certificates is a typed error naming the file") {
        val empty = ssl.write("empty.pem", "no certificates here\n")
        val e = shouldThrow<dev.tlskit.TlsCredentialException> { ClientCaList.load(empty) }
        e.message!!.contains("empty.pem") shouldBe true
    }

    test("a client CA name in place of a certificate answers only its name") {
        val c = ClientCaList.of(listOf(X500Principal("CN=Name"))).asAcceptedIssuers().single()
        c.subjectX500Principal shouldBe X500Principal("CN=Name")
        shouldThrow<java.security.cert.CertificateEncodingException> { c.encoded }
        shouldThrow<UnsupportedOperationException> { c.publicKey }
    }

    test("default verify paths: the JDK trust store unless SSL_CERT_FILE or SSL_CERT_DIR are set, None when missing") {
        val home = Files.createDirectories(ssl.path("jdk/lib/security"))
        val cacerts = Files.writeString(home.resolve("cacerts"), "x").toString()
        val props = mapOf("java.home" to ssl.path("jdk").toString())
        val plain = DefaultVerifyPaths.of(emptyMap()) { props[it] }
        plain shouldBe DefaultVerifyPaths(cacerts, null, "SSL_CERT_FILE", cacerts, "SSL_CERT_DIR", null)
        val env = DefaultVerifyPaths.of(mapOf("SSL_CERT_FILE" to ssl.path("root.pem").toString(), "SSL_CERT_DIR" to ssl.dir.toString())) { props[it] }
        env.cafile() shouldBe ssl.path("root.pem").toString()
        env.capath() shouldBe ssl.dir.toString()
        env.opensslCafile() shouldBe cacerts
        DefaultVerifyPaths.of(mapOf("SSL_CERT_FILE" to "/nonexistent/ca.pem")) { props[it] }.cafile().shouldBeNull()
        Files.writeString(home.resolve("jssecacerts"), "x")
        DefaultVerifyPaths.of(emptyMap()) { props[it] }.opensslCafile() shouldBe home.resolve("jssecacerts").toString()
        DefaultVerifyPaths.of(emptyMap()) { (props + ("javax.net.ssl.trustStore" to "/custom/store"))[it] }.opensslCafile() shouldBe "/custom/store"
    }
})
