package dev.tlskit.tck.spec

import dev.tlskit.Capability
import dev.tlskit.MemoryBio
import dev.tlskit.Protocol
import dev.tlskit.TlsContext
import dev.tlskit.TlsException
import dev.tlskit.UnsupportedFeatureException
import dev.tlskit.VerifyMode
import dev.tlskit.WrapOptions
import dev.tlskit.tck.PythonPeerOptions
import dev.tlskit.tck.PythonTlsPeer
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket

/** A client that accepts any server, so a test can send host names the test certificates do not carry. */
private fun acceptAnyClient(provider: String): TlsContext =
    TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider).apply { setCheckHostname(false); setVerifyMode(VerifyMode.CERT_NONE) }

/**
 * Behaviour that differs between backends, one [Capability] at a time: a spec for a backend that has it, gated on it,
 * and a spec proving that a backend without it refuses with [UnsupportedFeatureException] instead of quietly doing
 * something else. Exactly one of each pair runs on a given provider.
 */
public fun capabilitySpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"
    val caps by lazy { TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider).provider().capabilities() }

    test("$p SNI_SINGLE_LABEL_NAMES: a single-label host name such as 'db' is sent as SNI, as OpenSSL sends it")
        .config(enabledIf = { Capability.SNI_SINGLE_LABEL_NAMES in caps }) {
            PythonTlsPeer.server(PythonPeerOptions().withCredential(pki.localhost)).use { py ->
                val raw = Socket(InetAddress.getLoopbackAddress(), py.port).apply { soTimeout = 20_000 }
                acceptAnyClient(provider).wrapSocket(raw, WrapOptions.client("db")).use { tls ->
                    tls.sendall("CLOSE\n".toByteArray())
                    while (tls.read(ByteArray(64), 0, 64) >= 0) { /* drain until close_notify */ }
                }
                py.awaitResult().serverHostname shouldBe "db"
            }
        }

    test("$p without SNI_SINGLE_LABEL_NAMES: a connection to a single-label name is refused up front and its socket closed")
        .config(enabledIf = { Capability.SNI_SINGLE_LABEL_NAMES !in caps }) {
            val ctx = acceptAnyClient(provider)
            val e = shouldThrow<UnsupportedFeatureException> { ctx.wrapBio(MemoryBio(), MemoryBio(), false, "db") }
            e.provider() shouldBe provider
            e.feature() shouldContain "'db'"
            ServerSocket(0, 1, InetAddress.getLoopbackAddress()).use { listener ->
                val raw = Socket(InetAddress.getLoopbackAddress(), listener.localPort)
                shouldThrow<UnsupportedFeatureException> { ctx.wrapSocket(raw, WrapOptions.client("db")) }
                raw.isClosed shouldBe true
            }
            // names with a dot, localhost and IP literals are unaffected
            MemoryPair.of(acceptAnyClient(provider), serverContext(provider), "db.example").handshake()
            MemoryPair.of(acceptAnyClient(provider), serverContext(provider), "localhost").handshake()
            MemoryPair.of(acceptAnyClient(provider), serverContext(provider), "127.0.0.1").handshake()
        }

    for ((cap, protocol) in listOf(Capability.HAS_TLSv1 to Protocol.PROTOCOL_TLSv1, Capability.HAS_TLSv1_1 to Protocol.PROTOCOL_TLSv1_1)) {
        val version = protocol.fixedVersion().get()
        test("$p ${cap.name}: ${protocol.name} contexts handshake at ${version.seedName()}, verifying the server")
            .config(enabledIf = { cap in caps }) {
                fun server() = TlsContext.create(protocol, provider).apply { loadCertChain(pki.localhost.chainFile, pki.localhost.keyFile, null) }
                fun client() = TlsContext.create(protocol, provider).apply {
                    setVerifyMode(VerifyMode.CERT_REQUIRED); setCheckHostname(true); loadVerifyLocations(pki.root.certFile)
                }
                // CPython's default cipher string has only AEAD and SHA-2 suites (TLS 1.2+), as in the seed, where
                // such a context fails with NO_CIPHERS_AVAILABLE: both sides must end in a typed error, never hang
                val refused = MemoryPair.of(client(), server()).handshakeOutcome()
                refused.client.shouldBeInstanceOf<TlsException>()
                refused.server.shouldBeInstanceOf<TlsException>()
                // with suites that exist before TLS 1.2 (CBC with SHA-1), as a TLS 1.0 user must configure
                val pair = MemoryPair.of(client().apply { setCiphers("ECDHE+AES+SHA1") }, server().apply { setCiphers("ECDHE+AES+SHA1") })
                pair.handshake()
                pair.client.version().get() shouldBe version.seedName()
                pair.server.version().get() shouldBe version.seedName()
            }

        test("$p without ${cap.name}: ${protocol.name} is refused with UnsupportedFeatureException")
            .config(enabledIf = { cap !in caps }) {
                val e = shouldThrow<UnsupportedFeatureException> { TlsContext.create(protocol, provider) }
                e.provider() shouldBe provider
                e.feature() shouldBe protocol.name
            }
    }
}
