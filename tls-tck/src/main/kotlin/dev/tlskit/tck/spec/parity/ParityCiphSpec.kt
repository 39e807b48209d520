package dev.tlskit.tck.spec.parity

import dev.tlskit.Capability
import dev.tlskit.Protocol
import dev.tlskit.TlsContext
import dev.tlskit.TlsException
import dev.tlskit.TlsVersion
import dev.tlskit.UnsupportedFeatureException
import dev.tlskit.tck.OpenSsl
import dev.tlskit.tck.parity.Parity
import dev.tlskit.tck.spec.MemoryPair
import dev.tlskit.tck.spec.clientContext
import dev.tlskit.tck.spec.pki
import dev.tlskit.tck.spec.serverContext
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.collections.shouldBeIn
import io.kotest.matchers.collections.shouldNotBeEmpty
import io.kotest.matchers.collections.shouldNotContain
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import io.kotest.matchers.types.shouldBeInstanceOf
import java.nio.file.Files
import java.util.concurrent.TimeUnit

/** PARITY.md section 7 (CIPH): cipher selection and reporting on [provider]. */
public fun parityCiphSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"
    val tls13Names = listOf("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256")
    fun ecServer() = serverContext(provider, pki.localhostEc)

    test("CIPH-01 $p set_ciphers takes ALL and DEFAULT and refuses junk with No cipher can be selected") {
        val c = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider)
        c.setCiphers("ALL")
        c.setCiphers("DEFAULT")
        shouldThrow<TlsException> { c.setCiphers("^$:,;?*'dorothyx") }.message!! shouldContain "No cipher can be selected"
    }

    test("CIPH-02 $p get_ciphers gives OpenSSL names with Kx= descriptions; AESGCM leaves the seed's GCM suites") {
        val c = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider)
        c.getCiphers().shouldNotBeEmpty()
        for (d in c.getCiphers()) {
            d.description shouldContain "Kx="
            d.toDict()["name"] shouldBe d.name
        }
        c.setCiphers("AESGCM")
        val names = c.getCiphers().map { it.name }.toSet()
        val wanted = listOf("AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
            "DHE-RSA-AES128-GCM-SHA256", "AES256-GCM-SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
            "DHE-RSA-AES256-GCM-SHA384")
        wanted.count { it in names } shouldBeGreaterThanOrEqual 2
    }

    test("CIPH-03 $p the default client cipher list has no PSK, SRP, MD5, RC4 or 3DES suite") {
        val names = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider).getCiphers().map { it.name }
        for (n in names) for (bad in listOf("PSK", "SRP", "MD5", "RC4", "3DES", "DES-CBC3")) n shouldNotContain2 bad
    }

    test("CIPH-04 $p set_ciphers leaves TLS 1.3 on; the server's shared_ciphers are AES256 or TLS 1.3 triples where the backend can tell") {
        val server = serverContext(provider).apply { setCiphers("AES256:eNULL") }
        val client = clientContext(provider).apply { setCiphers("AES128:AES256") }
        val pair = MemoryPair.of(client, server).apply { handshake() }
        pair.client.version().get() shouldBe "TLSv1.3"
        pair.client.cipher().get().name() shouldBeIn tls13Names
        if (Capability.SHARED_CIPHERS in server.provider().capabilities()) {
            val shared = pair.server.sharedCiphers().get()
            shared.shouldNotBeEmpty()
            for (s in shared) {
                listOf("AES256", "AES-256", "TLS_AES", "TLS_CHACHA20").any { s.name().contains(it) } shouldBe true
                s.protocol().shouldNotBeNull()
                (s.secretBits() > 0) shouldBe true
            }
        } else {
            val e = shouldThrow<UnsupportedFeatureException> { pair.server.sharedCiphers() }
            e.provider() shouldBe provider
            Parity.refused(Capability.SHARED_CIPHERS)
        }
    }

    test("CIPH-05 $p TLS 1.2 with disjoint suites fails on the client, and the server reports NO_SHARED_CIPHER") {
        val server = serverContext(provider).apply { setCiphers("AES256"); setMaximumVersion(TlsVersion.TLSv1_2) }
        val client = clientContext(provider).apply { setCiphers("AES128"); setMaximumVersion(TlsVersion.TLSv1_2) }
        val o = MemoryPair.of(client, server).handshakeOutcome()
        o.client.shouldBeInstanceOf<TlsException>()
        val s = o.server.shouldBeInstanceOf<TlsException>()
        "${s.reason().orElse("")} ${s.message}" shouldContain "NO_SHARED_CIPHER"
    }

    test("CIPH-06 $p cipher() is empty before the handshake and (name, protocol, bits) after; TLS 1.3 names are the three defaults") {
        val pair = MemoryPair.of(clientContext(provider), serverContext(provider))
        pair.client.cipher().isPresent shouldBe false
        pair.handshake()
        val c = pair.client.cipher().get()
        c.name() shouldBeIn tls13Names
        c.protocol() shouldBe "TLSv1.3"
        (c.secretBits() in setOf(128, 256)) shouldBe true
        pair.server.cipher().get() shouldBe c
    }

    test("CIPH-07 $p TLS 1.2 defaults negotiate ECDHE, and an ECDSA-only client reaches an ECC server") {
        val client = clientContext(provider).apply { setMaximumVersion(TlsVersion.TLSv1_2) }
        MemoryPair.of(client, serverContext(provider)).apply { handshake() }.client.cipher().get().name() shouldContain "ECDH"
        val ecdsa = clientContext(provider).apply { setMaximumVersion(TlsVersion.TLSv1_2); setCiphers("ECDHE:ECDSA:!NULL:!aRSA") }
        MemoryPair.of(ecdsa, ecServer()).apply { handshake() }.client.cipher().get().name() shouldStartWith "ECDHE-ECDSA-"
    }

    test("CIPH-08 $p a server with an RSA and an ECC chain serves the ECDSA chain to an ECDSA-only TLS 1.2 client, or refuses the second chain") {
        val server = serverContext(provider) // RSA
        if (Capability.MULTIPLE_IDENTITIES in server.provider().capabilities()) {
            server.loadCertChain(pki.localhostEc.chainFile, pki.localhostEc.keyFile, null)
            val ecdsa = clientContext(provider).apply { setMaximumVersion(TlsVersion.TLSv1_2); setCiphers("ECDHE+ECDSA") }
            val e = MemoryPair.of(ecdsa, server).apply { handshake() }
            e.client.getPeerCertChain().first() shouldBe pki.localhostEc.certificate
            e.client.cipher().get().name() shouldStartWith "ECDHE-ECDSA-"
            val rsa = clientContext(provider).apply { setMaximumVersion(TlsVersion.TLSv1_2); setCiphers("ECDHE+aRSA") }
            MemoryPair.of(rsa, server).apply { handshake() }.client.getPeerCertChain().first() shouldBe pki.localhost.certificate
        } else {
            // Conscrypt 2.5 installs one chain, chosen from the server's own suites: a second key type is refused
            val e = shouldThrow<UnsupportedFeatureException> {
                server.loadCertChain(pki.localhostEc.chainFile, pki.localhostEc.keyFile, null)
            }
            e.provider() shouldBe provider
            e.feature() shouldContain "second key type"
            server.identities().map { it.keyType() } shouldBe listOf("RSA") // nothing half-added
            Parity.refused(Capability.MULTIPLE_IDENTITIES)
        }
    }

    test("CIPH-09 $p DH parameters and ECDH curve selection are applied where the backend can, refused by name elsewhere") {
        val server = serverContext(provider)
        val caps = server.provider().capabilities()
        val dh = Files.createTempFile("tlskit-dh", ".pem").also { it.toFile().deleteOnExit() }
        val gen = ProcessBuilder(OpenSsl.binary, "genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "dh_param:ffdhe2048",
            "-out", dh.toString()).redirectErrorStream(true).start()
        check(gen.waitFor(60, TimeUnit.SECONDS) && gen.exitValue() == 0) { gen.inputStream.readBytes().toString(Charsets.UTF_8) }
        var refusal: Capability? = null
        if (Capability.DH_PARAMETERS in caps) {
            server.loadDhParams(dh)
        } else {
            shouldThrow<UnsupportedFeatureException> { server.loadDhParams(dh) }.provider() shouldBe provider
            refusal = Capability.DH_PARAMETERS
        }
        if (Capability.NAMED_GROUP_SELECTION in caps) {
            server.setEcdhCurve("secp384r1")
            val client = clientContext(provider).apply { setEcdhCurve("prime256v1") }
            MemoryPair.of(client, server).handshakeOutcome().client.shouldBeInstanceOf<TlsException>()
        } else {
            val e = shouldThrow<UnsupportedFeatureException> { server.setEcdhCurve("secp384r1") }
            e.feature() shouldBe "set_ecdh_curve"
            e.provider() shouldBe provider
            refusal = refusal ?: Capability.NAMED_GROUP_SELECTION
        }
        refusal?.let { Parity.refused(it) }
    }
}

private infix fun String.shouldNotContain2(part: String) {
    if (contains(part)) throw AssertionError("cipher '$this' contains '$part'")
}
