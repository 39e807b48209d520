package dev.tlskit.tck.spec.parity

import dev.tlskit.Capability
import dev.tlskit.Option
import dev.tlskit.Protocol
import dev.tlskit.TlsContext
import dev.tlskit.TlsException
import dev.tlskit.TlsVersion
import dev.tlskit.UnsupportedFeatureException
import dev.tlskit.VerifyMode
import dev.tlskit.tck.parity.Parity
import dev.tlskit.tck.spec.MemoryPair
import dev.tlskit.tck.spec.clientContext
import dev.tlskit.tck.spec.pki
import dev.tlskit.tck.spec.serverContext
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.collections.shouldBeIn
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf

/** PARITY.md section 10 (VER): minimum/maximum version and negotiated versions on [provider]. */
@Suppress("DEPRECATION") // the seed's fixed-version protocols are exercised on purpose
public fun parityVerSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"
    fun ctx(protocol: Protocol) = TlsContext.create(protocol, provider)
    fun caps() = ctx(Protocol.PROTOCOL_TLS_CLIENT).provider().capabilities()
    fun server(min: TlsVersion, max: TlsVersion) = serverContext(provider).apply { setMinimumVersion(min); setMaximumVersion(max) }
    fun client(min: TlsVersion, max: TlsVersion) = clientContext(provider).apply { setMinimumVersion(min); setMaximumVersion(max) }

    test("VER-01 $p a TLS_SERVER context's default bounds are TLSv1_2 and MAXIMUM_SUPPORTED") {
        val s = ctx(Protocol.PROTOCOL_TLS_SERVER)
        s.minimumVersion() shouldBeIn listOf(TlsVersion.MINIMUM_SUPPORTED, TlsVersion.TLSv1, TlsVersion.TLSv1_2)
        s.maximumVersion() shouldBeIn listOf(TlsVersion.MAXIMUM_SUPPORTED, TlsVersion.TLSv1_3)
        s.minimumVersion() shouldBe TlsVersion.TLSv1_2
    }

    test("VER-02 $p bounds read back exactly; MINIMUM_SUPPORTED as maximum and MAXIMUM_SUPPORTED as minimum become concrete") {
        val c = ctx(Protocol.PROTOCOL_TLS_SERVER)
        c.setMinimumVersion(TlsVersion.TLSv1_1); c.setMaximumVersion(TlsVersion.TLSv1_2)
        (c.minimumVersion() to c.maximumVersion()) shouldBe (TlsVersion.TLSv1_1 to TlsVersion.TLSv1_2)
        c.setMinimumVersion(TlsVersion.MINIMUM_SUPPORTED); c.setMaximumVersion(TlsVersion.TLSv1)
        (c.minimumVersion() to c.maximumVersion()) shouldBe (TlsVersion.MINIMUM_SUPPORTED to TlsVersion.TLSv1)
        c.setMaximumVersion(TlsVersion.MAXIMUM_SUPPORTED)
        c.maximumVersion() shouldBe TlsVersion.MAXIMUM_SUPPORTED
        c.setMaximumVersion(TlsVersion.MINIMUM_SUPPORTED)
        c.maximumVersion() shouldBeIn listOf(TlsVersion.SSLv3, TlsVersion.TLSv1, TlsVersion.TLSv1_1)
        c.setMinimumVersion(TlsVersion.MAXIMUM_SUPPORTED)
        c.minimumVersion() shouldBeIn listOf(TlsVersion.TLSv1_2, TlsVersion.TLSv1_3)
    }

    test("VER-03 $p an unknown version is refused; a fixed-version context reports the sentinels and refuses both bounds") {
        TlsVersion.fromCode(42).isPresent shouldBe false
        shouldThrow<IllegalArgumentException> { ctx(Protocol.PROTOCOL_TLS_SERVER).setMinProtoVersion(42) }
        val fixed = ctx(Protocol.PROTOCOL_TLSv1_2)
        fixed.minimumVersion() shouldBe TlsVersion.MINIMUM_SUPPORTED
        fixed.maximumVersion() shouldBe TlsVersion.MAXIMUM_SUPPORTED
        shouldThrow<IllegalArgumentException> { fixed.setMinimumVersion(TlsVersion.TLSv1_2) }
        shouldThrow<IllegalArgumentException> { fixed.setMaximumVersion(TlsVersion.TLSv1_2) }
    }

    test("VER-04 $p default TLS_CLIENT and TLS_SERVER sockets negotiate TLSv1.3; version() is empty before connect and after close") {
        java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()).use { listener ->
            val pool = java.util.concurrent.Executors.newSingleThreadExecutor()
            try {
                val serverSide = pool.submit<String> {
                    serverContext(provider).wrapSocket(listener.accept(), dev.tlskit.WrapOptions.server()).use { s ->
                        s.doHandshake()
                        val v = s.version().get()
                        s.getOutputStream().write(1)
                        v
                    }
                }
                val raw = java.net.Socket(listener.inetAddress, listener.localPort)
                val client = clientContext(provider).wrapSocket(raw, dev.tlskit.WrapOptions.client("localhost").withDoHandshakeOnConnect(false))
                client.version().isPresent shouldBe false
                client.doHandshake()
                client.version().get() shouldBe "TLSv1.3"
                client.getInputStream().read() shouldBe 1
                serverSide.get(30, java.util.concurrent.TimeUnit.SECONDS) shouldBe "TLSv1.3"
                client.close()
                client.version().isPresent shouldBe false
                client.cipher().isPresent shouldBe false
            } finally {
                pool.shutdownNow()
            }
        }
        listOf(TlsVersion.TLSv1, TlsVersion.TLSv1_1, TlsVersion.TLSv1_2, TlsVersion.TLSv1_3).map { it.seedName() } shouldBe
            listOf("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")
    }

    test("VER-05 $p a 1.0-1.2 client gets TLSv1.2 from a server fixed at 1.2, and a 1.3-minimum client gets TLSv1.3") {
        val fixed12 = server(TlsVersion.TLSv1_2, TlsVersion.TLSv1_2)
        MemoryPair.of(client(TlsVersion.TLSv1, TlsVersion.TLSv1_2), fixed12).apply { handshake() }.client.version().get() shouldBe "TLSv1.2"
        val c13 = clientContext(provider).apply { setMinimumVersion(TlsVersion.TLSv1_3) }
        MemoryPair.of(c13, serverContext(provider)).apply { handshake() }.server.version().get() shouldBe "TLSv1.3"
    }

    test("VER-06 $p a 1.0-1.2 client against a 1.0-1.1 server gets TLSv1.1 where the backend has TLS 1.1") {
        if (Capability.HAS_TLSv1_1 in caps()) {
            val s = server(TlsVersion.TLSv1, TlsVersion.TLSv1_1).apply { setCiphers("DEFAULT:@SECLEVEL=0") }
            val c = client(TlsVersion.TLSv1, TlsVersion.TLSv1_2).apply { setCiphers("DEFAULT:@SECLEVEL=0") }
            MemoryPair.of(c, s).apply { handshake() }.client.version().get() shouldBe "TLSv1.1"
        } else {
            val e = shouldThrow<UnsupportedFeatureException> { ctx(Protocol.PROTOCOL_TLSv1_1) }
            e.feature() shouldBe "PROTOCOL_TLSv1_1"
            e.provider() shouldBe provider
            Parity.refused(Capability.HAS_TLSv1_1)
        }
    }

    test("VER-07 $p a client fixed at 1.0 against a server fixed at 1.2 fails with an alert where the backend has TLS 1.0") {
        if (Capability.HAS_TLSv1 in caps()) {
            val o = MemoryPair.of(client(TlsVersion.TLSv1, TlsVersion.TLSv1).apply { setCiphers("DEFAULT:@SECLEVEL=0") },
                server(TlsVersion.TLSv1_2, TlsVersion.TLSv1_2)).handshakeOutcome()
            val e = o.client.shouldBeInstanceOf<TlsException>()
            "$e" shouldContain Regex("alert|ALERT")
        } else {
            val e = shouldThrow<UnsupportedFeatureException> { ctx(Protocol.PROTOCOL_TLSv1) }
            e.feature() shouldBe "PROTOCOL_TLSv1"
            e.provider() shouldBe provider
            Parity.refused(Capability.HAS_TLSv1)
        }
    }

    test("VER-08 $p protocol combinations: TLS with TLS at every verify mode, TLS with a TLSv1_2 client, and the refused pairs") {
        for (mode in VerifyMode.values()) {
            val s = ctx(Protocol.PROTOCOL_TLS).apply { loadCertChain(pki.localhost.chainFile, pki.localhost.keyFile, null) }
            val c = ctx(Protocol.PROTOCOL_TLS).apply { loadVerifyLocations(pki.root.certFile); setVerifyMode(mode) }
            MemoryPair.of(c, s).apply { handshake() }.client.version().get() shouldBe "TLSv1.3"
        }
        val tlsServer = ctx(Protocol.PROTOCOL_TLS).apply { loadCertChain(pki.localhost.chainFile, pki.localhost.keyFile, null) }
        MemoryPair.of(ctx(Protocol.PROTOCOL_TLSv1_2), tlsServer).apply { handshake() }.client.version().get() shouldBe "TLSv1.2"
        val fixed12 = ctx(Protocol.PROTOCOL_TLSv1_2).apply { loadCertChain(pki.localhost.chainFile, pki.localhost.keyFile, null) }
        val no12 = ctx(Protocol.PROTOCOL_TLS).apply { addOptions(Option.OP_NO_TLSv1_2.code()) }
        MemoryPair.of(no12, fixed12).handshakeOutcome().client.shouldBeInstanceOf<TlsException>()
        shouldThrow<UnsupportedFeatureException> { ctx(Protocol.PROTOCOL_SSLv3) }.provider() shouldBe provider
        if (Capability.HAS_TLSv1_1 in caps()) {
            val c11 = ctx(Protocol.PROTOCOL_TLSv1_1)
            MemoryPair.of(c11, fixed12).handshakeOutcome().client.shouldBeInstanceOf<TlsException>()
        } else {
            shouldThrow<UnsupportedFeatureException> { ctx(Protocol.PROTOCOL_TLSv1_1) }.provider() shouldBe provider
            Parity.refused(Capability.HAS_TLSv1_1)
        }
    }
}
