package dev.tlskit.tck.spec

import dev.tlskit.Capability
import dev.tlskit.FileType
import dev.tlskit.Method
import dev.tlskit.Option
import dev.tlskit.Protocol
import dev.tlskit.Purpose
import dev.tlskit.Tls
import dev.tlskit.TlsContext
import dev.tlskit.TlsCredentialException
import dev.tlskit.TlsException
import dev.tlskit.TlsVersion
import dev.tlskit.UnsupportedFeatureException
import dev.tlskit.VerifyFlag
import dev.tlskit.VerifyMode
import dev.tlskit.pki.PasswordSource
import dev.tlskit.spi.TlsProvider
import dev.tlskit.tck.TestPki
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotStartWith
import io.kotest.matchers.types.shouldBeInstanceOf
import java.util.concurrent.atomic.AtomicInteger

/** Context configuration on [provider]: credentials in every format, trust reporting, versions, options, facts. */
public fun contextSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"

    test("$p an encrypted key loads with a password callback that is called exactly once, and serves a handshake") {
        val calls = AtomicInteger()
        val server = TlsContext.create(Protocol.PROTOCOL_TLS_SERVER, provider).apply {
            loadCertChain(pki.localhost.chainFile, pki.localhostEncryptedKeyFile,
                PasswordSource.callback { calls.incrementAndGet(); TestPki.KEY_PASSWORD })
        }
        calls.get() shouldBe 1
        MemoryPair.of(clientContext(provider), server).handshake()
    }

    test("$p PKCS#1 RSA and SEC1 EC keys serve handshakes, and the client sees the EC certificate") {
        val rsa = TlsContext.create(Protocol.PROTOCOL_TLS_SERVER, provider).apply { loadCertChain(pki.localhost.chainFile, pki.localhostPkcs1KeyFile, null) }
        MemoryPair.of(clientContext(provider), rsa).handshake()
        val ec = TlsContext.create(Protocol.PROTOCOL_TLS_SERVER, provider).apply { loadCertChain(pki.localhostEc.chainFile, pki.localhostEcSec1KeyFile, null) }
        val pair = MemoryPair.of(clientContext(provider), ec).apply { handshake() }
        pair.client.getPeerCertificate().get().publicKey.algorithm shouldBe "EC"
    }

    test("$p pyOpenSSL use_* with the wrong FILETYPE is refused, and check_privatekey catches a mismatch") {
        val ctx = TlsContext.create(Method.TLS_METHOD, provider)
        shouldThrow<TlsCredentialException> { ctx.useCertificateFile(pki.localhost.certFile, FileType.FILETYPE_ASN1) }
        ctx.useCertificateFile(pki.localhost.certFile, FileType.FILETYPE_PEM)
        shouldThrow<TlsCredentialException> { ctx.usePrivateKeyFile(pki.wrongHost.keyFile, FileType.FILETYPE_PEM) }
            .kind() shouldBe TlsCredentialException.Kind.KEY_MISMATCH
        ctx.usePrivateKeyFile(pki.localhost.keyFile, FileType.FILETYPE_PEM)
        ctx.checkPrivateKey()
    }

    test("$p get_ca_certs and cert_store_stats report the loaded CAs in the seed's shapes") {
        val ctx = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider)
        ctx.certStoreStats() shouldBe mapOf("x509" to 0, "x509_ca" to 0, "crl" to 0)
        ctx.loadVerifyLocations(pki.caBundleWithIntermediate)
        ctx.loadVerifyLocations(null, null, String(pki.root.certFile.toFile().readBytes()))
        ctx.certStoreStats()["x509_ca"] shouldBe 2
        val dicts = ctx.getCaCerts()
        dicts.size shouldBe 2
        @Suppress("UNCHECKED_CAST")
        val cns = dicts.map { d -> (d["subject"] as List<List<List<String>>>).flatten().first { it[0] == "commonName" }[1] }
        cns shouldContain "tlskit Test Root CA"
        ctx.getCaCertsDer().any { it.contentEquals(pki.root.certificateDer) }.shouldBeTrue()
    }

    test("$p create_default_context gives a verifying client with system trust and CPython 3.13's strict flags") {
        val ctx = Tls.createDefaultContext(Purpose.SERVER_AUTH)
        ctx.provider().name() shouldBe (System.getProperty("tlskit.provider") ?: ctx.provider().name())
        ctx.protocol().get() shouldBe Protocol.PROTOCOL_TLS_CLIENT
        ctx.verifyMode() shouldBe VerifyMode.CERT_REQUIRED
        ctx.verifyFlags() shouldContain VerifyFlag.VERIFY_X509_STRICT
        (ctx.certStoreStats()["x509_ca"]!! > 10).shouldBeTrue()
        val server = Tls.createDefaultContext(Purpose.CLIENT_AUTH, pki.root.certFile, null, null as String?)
        server.protocol().get() shouldBe Protocol.PROTOCOL_TLS_SERVER
        server.verifyMode() shouldBe VerifyMode.CERT_NONE
    }

    test("$p a client at TLS 1.3 minimum and a server at TLS 1.2 maximum fail to agree, with a typed error on both sides") {
        val client = clientContext(provider).apply { setMinimumVersion(TlsVersion.TLSv1_3) }
        val server = serverContext(provider).apply { setMaximumVersion(TlsVersion.TLSv1_2) }
        val o = MemoryPair.of(client, server).handshakeOutcome()
        o.client.shouldBeInstanceOf<TlsException>()
        o.server.shouldBeInstanceOf<TlsException>()
    }

    test("$p OP_NO_TLSv1_3 on the client negotiates TLS 1.2") {
        val client = clientContext(provider).apply { addOptions(Option.OP_NO_TLSv1_3.code()) }
        val pair = MemoryPair.of(client, serverContext(provider)).apply { handshake() }
        pair.client.version().get() shouldBe "TLSv1.2"
    }

    test("$p a context whose bounds and options leave no version fails at wrap with NO_PROTOCOLS_AVAILABLE") {
        val client = clientContext(provider).apply { setMinimumVersion(TlsVersion.TLSv1_3); addOptions(Option.OP_NO_TLSv1_3.code()) }
        shouldThrow<TlsException> { MemoryPair.of(client, serverContext(provider)) }.reason().get() shouldBe "NO_PROTOCOLS_AVAILABLE"
    }

    test("$p every option is either honoured or refused up front, as optionSupport() says") {
        val prov = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider).provider()
        for (o in Option.values().filter { java.lang.Long.bitCount(it.code()) == 1 }) {
            val ctx = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider)
            when (prov.optionSupport(o)) {
                TlsProvider.OptionSupport.UNSUPPORTED -> {
                    val e = shouldThrow<UnsupportedFeatureException> { ctx.addOptions(o.code()) }
                    e.feature() shouldBe o.name
                    e.provider() shouldBe provider
                }
                else -> {
                    ctx.addOptions(o.code())
                    ctx.options() shouldContain o
                }
            }
        }
    }

    test("$p an option the backend always applies cannot be cleared; every other accepted option can") {
        val prov = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider).provider()
        for (o in Option.values().filter { java.lang.Long.bitCount(it.code()) == 1 }) {
            val support = prov.optionSupport(o)
            if (support == TlsProvider.OptionSupport.UNSUPPORTED) continue
            val ctx = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider).apply { addOptions(o.code()) }
            if (support == TlsProvider.OptionSupport.ALWAYS_ON) {
                val e = shouldThrow<UnsupportedFeatureException> { ctx.clearOptions(o.code()) }
                e.feature() shouldContain o.name
                e.provider() shouldBe provider
                ctx.options() shouldContain o
            } else {
                ctx.clearOptions(o.code())
                (o in ctx.options()) shouldBe false
            }
        }
    }

    test("$p the provider reports the seed's module facts honestly") {
        val prov = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider).provider()
        prov.name() shouldBe provider
        prov.availability().isAvailable shouldBe true
        val caps = prov.capabilities()
        caps shouldContain Capability.HAS_SNI
        caps shouldContain Capability.HAS_ALPN
        caps shouldContain Capability.HAS_TLSv1_2
        caps shouldContain Capability.HAS_TLSv1_3
        (Capability.HAS_TLSv1_3 in caps) shouldBe (TlsVersion.TLSv1_3 in prov.supportedVersions())
        val v = prov.versionInfo()
        v.versionInfo().size shouldBe 5
        v.versionString().shouldNotBeNull() shouldNotStartWith "OpenSSL"
    }

    test("$p the server picks its own first ALPN protocol that the client offers, as OpenSSL does") {
        val server = serverContext(provider).apply { setAlpnProtocols(listOf("h2", "http/1.1")) }
        val client = clientContext(provider).apply { setAlpnProtocols(listOf("http/1.1", "h2")) }
        val pair = MemoryPair.of(client, server).apply { handshake() }
        pair.server.selectedAlpnProtocol().get() shouldBe "h2"
        pair.client.selectedAlpnProtocol().get() shouldBe "h2"
    }

    test("ALPN-02 $p ALPN without overlap completes without a protocol (the seed's default server behaviour)") {
        val server = serverContext(provider).apply { setAlpnProtocols(listOf("h2")) }
        val client = clientContext(provider).apply { setAlpnProtocols(listOf("spdy/1")) }
        val pair = MemoryPair.of(client, server)
        pair.handshake()
        pair.client.selectedAlpnProtocol().isPresent shouldBe false
        pair.server.selectedAlpnProtocol().isPresent shouldBe false
    }
}
