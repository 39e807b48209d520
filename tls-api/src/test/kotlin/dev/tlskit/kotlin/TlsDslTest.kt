package dev.tlskit.kotlin

import dev.tlskit.Method
import dev.tlskit.Option
import dev.tlskit.PeerVerify
import dev.tlskit.Protocol
import dev.tlskit.ProviderUnavailableException
import dev.tlskit.TlsContext
import dev.tlskit.TlsCredentialException
import dev.tlskit.TlsVersion
import dev.tlskit.UnsupportedFeatureException
import dev.tlskit.VerifyFlag
import dev.tlskit.VerifyMode
import dev.tlskit.pki.OpenSsl
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.collections.shouldNotContain
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Path

/** The DSL reaches the Java API's settings, keeps weakening ones inside dangerous { }, and fails as the Java API does. */
class TlsDslTest : FunSpec({
    val pki = OpenSsl.temp()
    afterSpec { pki.delete() }
    val caPem: Path = pki.rootCa("ca")
    val otherCa: Path = pki.rootCa("other")
    val leaf: Path = pki.issue("leaf", "ca", "localhost", listOf("subjectAltName=DNS:localhost"))

    test("alpnSelect { } and sniCallback { } install the server's callbacks on the context") {
        val select = dev.tlskit.AlpnSelectCallback { _, _ -> dev.tlskit.AlpnSelection.NO_OVERLAPPING_PROTOCOLS }
        val sni = dev.tlskit.SniCallback { _, _, _ -> null }
        val c = tlsContext(Protocol.PROTOCOL_TLS_SERVER) { provider = "fake"; alpnSelect(select); sniCallback(sni) }
        c.sniCallback() shouldBe sni
        c.alpnSelectCallback() shouldBe select
    }

    test("an empty block gives the seed's defaults for the protocol on the chosen provider") {
        val c = tlsContext(Protocol.PROTOCOL_TLS_CLIENT) { provider = "fake" }
        c.provider().name() shouldBe "fake"
        c.verifyMode() shouldBe VerifyMode.CERT_REQUIRED
        c.checkHostname() shouldBe true
        c.minimumVersion() shouldBe TlsVersion.TLSv1_2
        tlsContext(Method.TLS_SERVER_METHOD) { provider = "fake" }.method().get() shouldBe Method.TLS_SERVER_METHOD
    }

    test("every top-level setting lands in the Java context") {
        val c = tlsContext(Protocol.PROTOCOL_TLS_SERVER) {
            provider = "fake"
            verifyMode = VerifyMode.CERT_OPTIONAL
            hostnameChecksCommonName = false
            verifyDepth = 4
            minimumVersion = TlsVersion.TLSv1_3
            maximumVersion = TlsVersion.TLSv1_3
            options(Option.OP_NO_TLSv1_2)
            verifyFlags(VerifyFlag.VERIFY_X509_STRICT)
            alpn("h2")
        }
        c.verifyMode() shouldBe VerifyMode.CERT_OPTIONAL
        c.hostnameChecksCommonName() shouldBe false
        c.verifyDepth shouldBe 4
        c.minimumVersion() shouldBe TlsVersion.TLSv1_3
        c.maximumVersion() shouldBe TlsVersion.TLSv1_3
        c.options() shouldContain Option.OP_NO_TLSv1_2
        c.verifyFlags() shouldContainExactly setOf(VerifyFlag.VERIFY_X509_TRUSTED_FIRST, VerifyFlag.VERIFY_X509_STRICT)
        c.alpnProtocols() shouldBe listOf("h2")
    }

    test("alpn, options, trust and identity blocks add to each other and never reset") {
        val c = tlsContext(Protocol.PROTOCOL_TLS_SERVER) {
            provider = "fake"
            alpn("h2")
            alpn("http/1.1")
            trust { pemFile(caPem) }
            trust { pem(pki.text("other.pem")) }
            identity { certChain(leaf, pki.path("leaf.key")) }
        }
        c.alpnProtocols() shouldBe listOf("h2", "http/1.1")
        c.caCertificates() shouldHaveSize 2
        c.identities() shouldHaveSize 1
        c.identities()[0].chain()[0].subjectX500Principal.name shouldBe "CN=localhost"
    }

    test("settings that weaken security are refused outside dangerous { } with a message that says where they go") {
        val cases = listOf<TlsContextBuilder.() -> Unit>(
            { verifyMode = VerifyMode.CERT_NONE },
            { checkHostname = false },
            { minimumVersion = TlsVersion.TLSv1 },
            { minimumVersion = TlsVersion.MINIMUM_SUPPORTED },
            { maximumVersion = TlsVersion.TLSv1_1 },
            { options(Option.OP_IGNORE_UNEXPECTED_EOF) },
            { verifyFlags(VerifyFlag.VERIFY_ALLOW_PROXY_CERTS) },
            { verify(PeerVerify.VERIFY_CLIENT_ONCE) },
        )
        for (case in cases) {
            val e = shouldThrow<IllegalArgumentException> { tlsContext(Protocol.PROTOCOL_TLS_CLIENT) { provider = "fake"; case() } }
            e.message shouldContain "dangerous { }"
        }
    }

    test("inside dangerous { } the same settings apply, whatever order they are written in") {
        val c = tlsContext(Protocol.PROTOCOL_TLS_CLIENT) {
            provider = "fake"
            dangerous {
                verifyMode = VerifyMode.CERT_NONE     // before checkHostname = false: the final values are applied
                checkHostname = false
                clearVerifyFlags(VerifyFlag.VERIFY_X509_TRUSTED_FIRST)
            }
        }
        c.verifyMode() shouldBe VerifyMode.CERT_NONE
        c.checkHostname() shouldBe false
        c.verifyFlags() shouldNotContain VerifyFlag.VERIFY_X509_TRUSTED_FIRST
        var called = false
        val v = tlsContext(Protocol.PROTOCOL_TLS_SERVER) {
            provider = "fake"
            dangerous { verify(setOf(PeerVerify.VERIFY_PEER)) { _, _, _, _, ok -> called = true; ok } }
        }
        v.getVerifyMode() shouldContainExactly setOf(PeerVerify.VERIFY_PEER)
        called shouldBe false
    }

    test("a combination the seed refuses fails with the Java API's own error") {
        val e = shouldThrow<IllegalArgumentException> {
            tlsContext(Protocol.PROTOCOL_TLS_CLIENT) { provider = "fake"; checkHostname = true; dangerous { verifyMode = VerifyMode.CERT_NONE } }
        }
        e.message shouldBe "Cannot set verify_mode to CERT_NONE when check_hostname is enabled."
        shouldThrow<IllegalArgumentException> {
            tlsContext(Protocol.PROTOCOL_TLSv1_2) { provider = "fake"; minimumVersion = TlsVersion.TLSv1_2 }
        }.message shouldContain "doesn't support modification"
        shouldThrow<dev.tlskit.TlsException> {
            tlsContext(Protocol.PROTOCOL_TLS_CLIENT) { provider = "fake"; alpn("") }
        }.message shouldContain "1 to 255"
        shouldThrow<UnsupportedFeatureException> {
            tlsContext(Protocol.PROTOCOL_TLS_CLIENT) { provider = "fake"; options(Option.OP_NO_TICKET) }
        }
        shouldThrow<ProviderUnavailableException> { tlsContext(Protocol.PROTOCOL_TLS_CLIENT) { provider = "no-such-backend" } }
        shouldThrow<TlsCredentialException> {
            tlsContext(Protocol.PROTOCOL_TLS_SERVER) { provider = "fake"; identity { certChain(leaf, pki.path("other.key")) } }
        }
    }

    test("the DSL builds an ordinary TlsContext: the Java API can keep changing it") {
        val c: TlsContext = tlsContext(Protocol.PROTOCOL_TLS_CLIENT) { provider = "fake"; trust { pemFile(otherCa) } }
        c.setAlpnProtocols(listOf("h2"))
        c.alpnProtocols() shouldBe listOf("h2")
    }
})
