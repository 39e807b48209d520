package dev.tlskit.pki

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Path
import java.security.cert.X509Certificate
import java.time.Clock
import java.time.Instant
import java.time.ZoneOffset
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLHandshakeException

class TlsTrustManagerTest : FunSpec({
    val ssl = OpenSsl.temp()
    afterSpec { ssl.delete() }

    // First read after all certificates below exist; a minute later, so nothing is "not yet valid" by accident.
    val now by lazy { Instant.now().epochSecond + 60 }

    ssl.rootCa("root", "Test Root", days = 30)
    ssl.rootCa("other", "Other Root", days = 30)
    val caExt = listOf("basicConstraints=critical,CA:TRUE", "keyUsage=critical,keyCertSign,cRLSign")
    ssl.issue("inter", "root", "Test Intermediate", caExt, days = 10)
    ssl.issue("leaf", "inter", "good.example", listOf("basicConstraints=CA:FALSE", "extendedKeyUsage=serverAuth",
        "subjectAltName=DNS:good.example,IP:127.0.0.1"), days = 10)
    ssl.issue("client", "inter", "client", listOf("basicConstraints=CA:FALSE", "extendedKeyUsage=clientAuth"), days = 10)
    ssl.issue("direct", "root", "direct.example", listOf("basicConstraints=CA:FALSE", "subjectAltName=DNS:direct.example"), days = 10)
    ssl.issue("noca", "root", "noca", listOf("basicConstraints=CA:FALSE"), days = 10)
    ssl.issue("undernoca", "noca", "under.example", listOf("basicConstraints=CA:FALSE"), days = 10)
    ssl.selfSignedLeaf("self", "self.example", "DNS:self.example")

    fun certs(vararg names: String): List<X509Certificate> = names.flatMap { Certificates.read(ssl.path("$it.pem")) }

    fun bundle(name: String, vararg names: String): Path =
        ssl.write(name, names.joinToString("") { ssl.text("$it.pem") })

    data class Scenario(
        val title: String, val chain: List<String>, val trust: List<String>, val host: String? = null,
        val at: Long = now, val flags: Int = 0, val client: Boolean = false, val crls: List<String> = emptyList(),
    )

    /** Our verdict: (code, depth), or (0, -1) when accepted. */
    fun ours(s: Scenario): Pair<Int, Int> {
        val store = TrustStore()
        store.addCertificates(certs(*s.trust.toTypedArray()))
        s.crls.forEach { store.addCrls(ssl.path(it)) }
        val tm = TlsTrustManager(TrustConfig.builder(store.snapshot()).verifyFlagBits(s.flags)
            .clock(Clock.fixed(Instant.ofEpochSecond(s.at), ZoneOffset.UTC)).build())
        val chain = certs(*s.chain.toTypedArray()).toTypedArray()
        return try {
            if (s.client) tm.checkClientTrusted(chain, "EC") else tm.verifyServer(chain, s.host)
            0 to -1
        } catch (f: VerificationFailure) {
            f.verifyMessage() shouldBe (if (f.verifyCode() == 62 || f.verifyCode() == 64) f.verifyMessage() else VerifyCodes.message(f.verifyCode()))
            f.verifyCode() to f.depth()
        }
    }

    /** The real `openssl verify` verdict for the same files. */
    fun theirs(s: Scenario): Pair<Int, Int> {
        val args = mutableListOf("-CAfile", bundle("trust-${s.title.hashCode()}.pem", *s.trust.toTypedArray()).toString(),
            "-attime", s.at.toString(), "-purpose", if (s.client) "sslclient" else "sslserver")
        if (s.chain.size > 1) args += listOf("-untrusted", bundle("untrusted-${s.title.hashCode()}.pem", *s.chain.drop(1).toTypedArray()).toString())
        if (s.host != null) args += if (HostnameMatcher.parseIpLiteral(s.host).isPresent) listOf("-verify_ip", s.host) else listOf("-verify_hostname", s.host)
        if (s.flags and TrustConfig.VERIFY_CRL_CHECK_LEAF != 0) args += if (s.flags and 0x8 != 0) "-crl_check_all" else "-crl_check"
        if (s.flags and TrustConfig.VERIFY_X509_PARTIAL_CHAIN != 0) args += "-partial_chain"
        s.crls.forEach { args += listOf("-CRLfile", it) }
        args += "${s.chain.first()}.pem"
        return ssl.verify(*args.toTypedArray())
    }

    // CRL for the intermediate: leaf revoked
    ssl.write("inter.cnf", "[ca]\ndefault_ca=d\n[d]\ndatabase=inter-index.txt\ncrlnumber=inter-crlnum\ndefault_md=sha256\ndefault_crl_days=5\n")
    ssl.write("inter-index.txt", "")
    ssl.write("inter-crlnum", "01\n")
    ssl.ok("ca", "-config", "inter.cnf", "-gencrl", "-keyfile", "inter.key", "-cert", "inter.pem", "-out", "inter-empty.crl")
    ssl.ok("ca", "-config", "inter.cnf", "-revoke", "leaf.pem", "-keyfile", "inter.key", "-cert", "inter.pem")
    ssl.ok("ca", "-config", "inter.cnf", "-gencrl", "-keyfile", "inter.key", "-cert", "inter.pem", "-out", "inter-revoked.crl")

    val day = 86_400L
    val scenarios = listOf(
        Scenario("a good chain with an intermediate", listOf("leaf", "inter"), listOf("root"), host = "good.example"),
        Scenario("a good chain checked by IP address", listOf("leaf", "inter"), listOf("root"), host = "127.0.0.1"),
        Scenario("an expired chain", listOf("leaf", "inter"), listOf("root"), at = now + 20 * day),
        Scenario("a not yet valid chain", listOf("leaf", "inter"), listOf("root"), at = now - day),
        Scenario("a chain from an unknown root", listOf("leaf", "inter"), listOf("other")),
        Scenario("a leaf sent without its intermediate", listOf("leaf"), listOf("root")),
        Scenario("an untrusted self-signed leaf", listOf("self"), listOf("other")),
        Scenario("a trusted self-signed leaf", listOf("self"), listOf("self"), host = "self.example"),
        Scenario("a chain ending in an untrusted root", listOf("leaf", "inter", "root"), listOf("other")),
        Scenario("the wrong host name", listOf("leaf", "inter"), listOf("root"), host = "evil.example"),
        Scenario("the wrong IP address", listOf("leaf", "inter"), listOf("root"), host = "10.0.0.1"),
        Scenario("a client certificate presented by a server", listOf("client", "inter"), listOf("root")),
        Scenario("a server certificate presented by a client", listOf("leaf", "inter"), listOf("root"), client = true),
        Scenario("a client certificate presented by a client", listOf("client", "inter"), listOf("root"), client = true),
        Scenario("a certificate issued by a non-CA", listOf("undernoca", "noca"), listOf("root")),
        Scenario("a trusted intermediate without its root", listOf("leaf"), listOf("inter")),
        Scenario("a trusted intermediate with PARTIAL_CHAIN", listOf("leaf"), listOf("inter"), flags = TrustConfig.VERIFY_X509_PARTIAL_CHAIN),
        Scenario("a leaf signed directly by the root", listOf("direct"), listOf("root"), host = "direct.example"),
        Scenario("CRL checking without a CRL", listOf("leaf", "inter"), listOf("root"), flags = TrustConfig.VERIFY_CRL_CHECK_LEAF),
        Scenario("CRL checking with a CRL that does not list the leaf", listOf("leaf", "inter"), listOf("root"),
            flags = TrustConfig.VERIFY_CRL_CHECK_LEAF, crls = listOf("inter-empty.crl")),
        Scenario("CRL checking with the leaf revoked", listOf("leaf", "inter"), listOf("root"),
            flags = TrustConfig.VERIFY_CRL_CHECK_LEAF, crls = listOf("inter-revoked.crl")),
        Scenario("CRL checking of the whole chain without a root CRL", listOf("leaf", "inter"), listOf("root"),
            flags = TrustConfig.VERIFY_CRL_CHECK_CHAIN, crls = listOf("inter-empty.crl")),
    )

    for (s in scenarios) {
        test("${s.title} gets the same verdict as openssl verify") {
            val expected = theirs(s)
            ours(s) shouldBe expected
        }
    }

    test("the verdicts are not all the same (the comparison can fail)") {
        scenarios.map { ours(it).first }.toSet() shouldBe setOf(0, 2, 3, 9, 10, 18, 19, 20, 23, 26, 62, 64, 79)
    }

    test("a callback sees OpenSSL's calls top down and can override an expired certificate") {
        val calls = mutableListOf<Triple<Int, Int, Boolean>>()
        val store = TrustStore().apply { addCertificates(certs("root")) }
        val tm = TlsTrustManager(TrustConfig.builder(store.snapshot())
            .clock(Clock.fixed(Instant.ofEpochSecond(now + 20 * day), ZoneOffset.UTC))
            .callback { _, _, err, depth, ok -> calls += Triple(err, depth, ok); ok || err == VerifyCodes.CERT_HAS_EXPIRED }
            .build())
        tm.checkServerTrusted(certs("leaf", "inter").toTypedArray(), "EC")
        calls shouldContainExactly listOf(Triple(0, 2, true), Triple(10, 1, false), Triple(0, 1, true),
            Triple(10, 0, false), Triple(0, 0, true))
    }

    test("a callback can accept an unknown issuer, and rejecting a good certificate fails with code 1") {
        val unknown = TlsTrustManager(TrustConfig.builder(TrustSnapshot.empty()).callback { _, _, _, _, _ -> true }.build())
        unknown.checkServerTrusted(certs("leaf").toTypedArray(), "EC")
        val picky = TlsTrustManager(TrustConfig.builder(TrustSnapshot.of(certs("root"), emptyList()))
            .callback { _, _, _, depth, ok -> ok && depth != 0 }.build())
        shouldThrow<VerificationFailure> { picky.checkServerTrusted(certs("leaf", "inter").toTypedArray(), "EC") }.verifyCode() shouldBe 1
    }

    test("the engine overload takes the host from the engine, and CERT_NONE accepts anything") {
        val trust = TrustSnapshot.of(certs("root"), emptyList())
        val engine = SSLContext.getInstance("TLS").apply { init(null, null, null) }.createSSLEngine("evil.example", 443)
        val f = shouldThrow<VerificationFailure> {
            TlsTrustManager(TrustConfig.builder(trust).build()).checkServerTrusted(certs("leaf", "inter").toTypedArray(), "EC", engine)
        }
        f.verifyCode() shouldBe 62
        f.verifyMessage() shouldBe "Hostname mismatch, certificate is not valid for 'evil.example'."
        f.depth() shouldBe 0
        f.certificate().subjectX500Principal.name shouldBe "CN=good.example"
        TlsTrustManager(TrustConfig.builder(trust).checkHostname(false).build())
            .checkServerTrusted(certs("leaf", "inter").toTypedArray(), "EC", engine)
        TlsTrustManager(TrustConfig.builder(TrustSnapshot.empty()).verifyPeer(false).build())
            .checkServerTrusted(certs("self").toTypedArray(), "EC", engine)
        val wrapped = SSLHandshakeException("handshake failed").apply { initCause(RuntimeException(f)) }
        VerificationFailure.find(wrapped) shouldBe f
        VerificationFailure.find(RuntimeException("x")) shouldBe null
        f.message!! shouldContain "certificate verify failed: Hostname mismatch"
    }
})
