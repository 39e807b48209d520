package dev.tlskit.tck.spec.parity

import dev.tlskit.Capability
import dev.tlskit.ChannelBindingType
import dev.tlskit.MemoryBio
import dev.tlskit.Protocol
import dev.tlskit.TlsConnection
import dev.tlskit.TlsContext
import dev.tlskit.TlsVersion
import dev.tlskit.VerifyMode
import dev.tlskit.WrapOptions
import dev.tlskit.tck.PeerTlsVersion
import dev.tlskit.tck.PythonPeerOptions
import dev.tlskit.tck.PythonTlsPeer
import dev.tlskit.tck.parity.Parity
import dev.tlskit.tck.spec.MemoryPair
import dev.tlskit.tck.spec.clientContext
import dev.tlskit.tck.spec.pki
import dev.tlskit.tck.spec.serverContext
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.collections.shouldNotContain
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import java.net.InetAddress
import java.net.Socket

private fun ByteArray.cbHex(): String = joinToString("") { "%02x".format(it) }

/** A completed in-memory handshake at exactly [version] between two fresh contexts. */
private fun cbPair(provider: String, version: TlsVersion, client: TlsContext = clientContext(provider),
                   server: TlsContext = serverContext(provider)): MemoryPair {
    client.setMaximumVersion(version)
    client.setMinimumVersion(version)
    return MemoryPair.of(client, server).also { it.handshake() }
}

/** Sends a line each way over a finished pair: the connection still carries data. */
private fun exchange(pair: MemoryPair) {
    pair.client.write("ping".toByteArray())
    pair.moveAll()
    String(pair.server.read(16)) shouldBe "ping"
    pair.server.write("pong".toByteArray())
    pair.moveAll()
    String(pair.client.read(16)) shouldBe "pong"
}

/**
 * PARITY.md sections 19 (CB, channel binding) and 20 (PHA, post-handshake authentication). `tls-unique` is checked
 * against Python's `get_channel_binding` on a real connection; PHA is refused on every current backend.
 */
public fun parityChannelBindingSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"
    val caps by lazy { clientContext(provider).provider().capabilities() }

    // ---------------------------------------------------------------- CB

    test("CB-01 $p get_channel_binding of an unknown type is a ValueError (IllegalArgumentException); tls-unique is a type") {
        ChannelBindingType.values().map { it.seedName() } shouldContain "tls-unique"
        val conn = clientContext(provider).wrapBio(MemoryBio(), MemoryBio(), false, "localhost")
        shouldThrow<IllegalArgumentException> { conn.getChannelBinding("unknown-type") }.message shouldContain "unknown-type"
        val pair = cbPair(provider, TlsVersion.TLSv1_2)
        shouldThrow<IllegalArgumentException> { pair.client.getChannelBinding("unknown-type") }
    }

    test("CB-02 $p tls-unique before the handshake is None (empty) on client and server") {
        val client = clientContext(provider).wrapBio(MemoryBio(), MemoryBio(), false, "localhost")
        val server = serverContext(provider).wrapBio(MemoryBio(), MemoryBio(), true, null)
        if (Capability.CHANNEL_BINDING_TLS_UNIQUE in caps) {
            client.getChannelBinding("tls-unique").isPresent shouldBe false
            server.getChannelBinding("tls-unique").isPresent shouldBe false
        } else {
            shouldBeRefused(provider, "tls-unique") { client.getChannelBinding("tls-unique") }
            shouldBeRefused(provider, "tls-unique") { server.getChannelBinding("tls-unique") }
            Parity.refused(Capability.CHANNEL_BINDING_TLS_UNIQUE)
        }
    }

    test("CB-03 $p at TLS 1.2 tls-unique is 12 bytes, equal on both sides and to Python's, new on each connection") {
        if (Capability.CHANNEL_BINDING_TLS_UNIQUE in caps) {
            val first = cbPair(provider, TlsVersion.TLSv1_2)
            val cb = first.client.getChannelBinding("tls-unique").get()
            cb.size shouldBe 12
            first.server.getChannelBinding("tls-unique").get().cbHex() shouldBe cb.cbHex()
            val second = cbPair(provider, TlsVersion.TLSv1_2)
            second.client.getChannelBinding("tls-unique").get().cbHex() shouldNotBe cb.cbHex()
            // the oracle: CPython's get_channel_binding("tls-unique") on the other end of a real connection
            val options = PythonPeerOptions(maxVersion = PeerTlsVersion.TLSv1_2).withCredential(pki.localhost)
            PythonTlsPeer.server(options).use { py ->
                val raw = Socket(InetAddress.getLoopbackAddress(), py.port).apply { soTimeout = 20_000 }
                val mine = clientContext(provider).wrapSocket(raw, WrapOptions.client("localhost")).use { tls ->
                    val v = tls.getChannelBinding("tls-unique").get().cbHex()
                    tls.sendall(PythonTlsPeer.CLOSE_LINE.toByteArray())
                    while (tls.read(ByteArray(64), 0, 64) >= 0) { /* until close_notify */ }
                    v
                }
                val theirs = py.awaitResult()
                theirs.version shouldBe "TLSv1.2"
                mine.length shouldBe 24
                theirs.tlsUnique shouldBe mine
            }
        } else {
            caps shouldNotContain Capability.CHANNEL_BINDING_TLS_UNIQUE
            val pair = cbPair(provider, TlsVersion.TLSv1_2)
            shouldBeRefused(provider, "tls-unique") { pair.client.getChannelBinding("tls-unique") }
            shouldBeRefused(provider, "tls-unique") { pair.server.getChannelBinding("tls-unique") }
            Parity.refused(Capability.CHANNEL_BINDING_TLS_UNIQUE)
        }
    }

    test("CB-04 $p at TLS 1.3 tls-unique is undefined: tlskit returns None (empty) on both sides, documented") {
        val pair = cbPair(provider, TlsVersion.TLSv1_3)
        pair.client.version().get() shouldBe "TLSv1.3"
        if (Capability.CHANNEL_BINDING_TLS_UNIQUE in caps) {
            pair.client.getChannelBinding("tls-unique").isPresent shouldBe false
            pair.server.getChannelBinding("tls-unique").isPresent shouldBe false
        } else {
            shouldBeRefused(provider, "tls-unique") { pair.client.getChannelBinding("tls-unique") }
            Parity.refused(Capability.CHANNEL_BINDING_TLS_UNIQUE)
        }
    }

    // ---------------------------------------------------------------- PHA (no current backend has HAS_PHA)

    test("PHA-01 $p post_handshake_auth defaults to False on client and server; toggling keeps verify_mode") {
        val client = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider)
        val server = TlsContext.create(Protocol.PROTOCOL_TLS_SERVER, provider)
        client.postHandshakeAuth() shouldBe false
        server.postHandshakeAuth() shouldBe false
        for (mode in listOf(VerifyMode.CERT_REQUIRED, VerifyMode.CERT_OPTIONAL)) {
            server.setVerifyMode(mode)
            server.setPostHandshakeAuth(false)
            server.verifyMode() shouldBe mode
            if (Capability.HAS_PHA !in caps) {
                shouldBeRefused(provider, "post_handshake_auth") { server.setPostHandshakeAuth(true) }
                server.verifyMode() shouldBe mode
                server.postHandshakeAuth() shouldBe false
            }
        }
        if (Capability.HAS_PHA !in caps) Parity.refused(Capability.HAS_PHA)
    }

    test("PHA-02 $p a PHA server asking a PHA client with a certificate for it after the handshake") {
        caps shouldNotContain Capability.HAS_PHA
        val client = clientContext(provider).apply { loadCertChain(pki.client.chainFile, pki.client.keyFile, null) }
        val server = serverContext(provider).apply { setVerifyMode(VerifyMode.CERT_REQUIRED); loadVerifyLocations(pki.root.certFile) }
        shouldBeRefused(provider, "post_handshake_auth") { client.setPostHandshakeAuth(true) }
        shouldBeRefused(provider, "post_handshake_auth") { server.setPostHandshakeAuth(true) }
        val pair = cbPair(provider, TlsVersion.TLSv1_3, client, server)
        shouldBeRefused(provider, "verify_client_post_handshake") { pair.server.verifyClientPostHandshake() }
        exchange(pair) // the refusal left the connection as it was
        Parity.refused(Capability.HAS_PHA)
    }

    test("PHA-03 $p PHA with CERT_REQUIRED and a client without a certificate aborts the connection") {
        caps shouldNotContain Capability.HAS_PHA
        val server = serverContext(provider).apply { setVerifyMode(VerifyMode.CERT_REQUIRED) }
        shouldBeRefused(provider, "post_handshake_auth") { server.setPostHandshakeAuth(true) }
        Parity.refused(Capability.HAS_PHA)
    }

    test("PHA-04 $p verify_client_post_handshake on a client, or towards a client without PHA, is refused") {
        caps shouldNotContain Capability.HAS_PHA
        val pair = cbPair(provider, TlsVersion.TLSv1_3)
        // without HAS_PHA the capability is checked first, so the seed's 'not server' becomes the same refusal
        shouldBeRefused(provider, "verify_client_post_handshake") { pair.client.verifyClientPostHandshake() }
        shouldBeRefused(provider, "verify_client_post_handshake") { pair.server.verifyClientPostHandshake() }
        exchange(pair)
        Parity.refused(Capability.HAS_PHA)
    }

    test("PHA-05 $p post-handshake auth on a TLS 1.2 connection fails (WRONG_SSL_VERSION)") {
        caps shouldNotContain Capability.HAS_PHA
        val pair = cbPair(provider, TlsVersion.TLSv1_2)
        pair.server.version().get() shouldBe "TLSv1.2"
        shouldBeRefused(provider, "verify_client_post_handshake") { pair.server.verifyClientPostHandshake() }
        Parity.refused(Capability.HAS_PHA)
    }

    test("PHA-06 $p post_handshake_auth on a CERT_NONE client leaves server-cert checking off") {
        caps shouldNotContain Capability.HAS_PHA
        val client = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider).apply {
            setCheckHostname(false); setVerifyMode(VerifyMode.CERT_NONE)
        }
        shouldBeRefused(provider, "post_handshake_auth") { client.setPostHandshakeAuth(true) }
        client.verifyMode() shouldBe VerifyMode.CERT_NONE
        val pair: MemoryPair = cbPair(provider, TlsVersion.TLSv1_3, client)
        val c: TlsConnection = pair.client
        c.getPeerCert().get() shouldBe emptyMap() // the seed's getpeercert() == {} for an unverified peer
        Parity.refused(Capability.HAS_PHA)
    }
}
