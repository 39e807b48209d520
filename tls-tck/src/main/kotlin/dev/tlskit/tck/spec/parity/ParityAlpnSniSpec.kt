package dev.tlskit.tck.spec.parity

import dev.tlskit.AlertDescription
import dev.tlskit.MemoryBio
import dev.tlskit.SniCallback
import dev.tlskit.TlsAlertException
import dev.tlskit.TlsConnection
import dev.tlskit.TlsContext
import dev.tlskit.TlsException
import dev.tlskit.tck.spec.MemoryPair
import dev.tlskit.tck.spec.clientContext
import dev.tlskit.tck.spec.pki
import dev.tlskit.tck.spec.serverContext
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import io.kotest.matchers.types.shouldBeSameInstanceAs
import java.util.Collections

/** A memory handshake between a client offering [clientAlpn] and a server accepting [serverAlpn] (null: no ALPN). */
private fun alpnPair(provider: String, clientAlpn: List<String>?, serverAlpn: List<String>?): MemoryPair {
    val server = serverContext(provider).apply { serverAlpn?.let { setAlpnProtocols(it) } }
    val client = clientContext(provider).apply { clientAlpn?.let { setAlpnProtocols(it) } }
    return MemoryPair.of(client, server).apply { handshake() }
}

/** A client that verifies the chain but not the host name, so the server may serve any test certificate. */
private fun chainOnlyClient(provider: String): TlsContext = clientContext(provider).apply { setCheckHostname(false) }

/** PARITY.md sections 8 (ALPN) and 9 (SNI callback), checked on [provider] through tlskit-to-tlskit handshakes. */
public fun parityAlpnSniSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"

    // ------------------------------------------------------------------ 8. ALPN

    test("ALPN-01 $p the server's protocol order wins and both sides report the same selected_alpn_protocol") {
        val server = listOf("foo", "bar", "milkshake")
        for ((offer, expected) in listOf(listOf("foo", "bar") to "foo", listOf("bar", "foo") to "foo", listOf("milkshake") to "milkshake")) {
            val pair = alpnPair(provider, offer, server)
            pair.client.selectedAlpnProtocol().orElse(null) shouldBe expected
            pair.server.selectedAlpnProtocol().orElse(null) shouldBe expected
        }
    }

    test("ALPN-03 $p selected_alpn_protocol is None without ALPN on either side, and when only the server sets protocols") {
        for (pair in listOf(alpnPair(provider, null, null), alpnPair(provider, null, listOf("foo", "bar")))) {
            pair.client.isHandshakeDone shouldBe true
            pair.client.selectedAlpnProtocol().isPresent shouldBe false
            pair.server.selectedAlpnProtocol().isPresent shouldBe false
        }
        // and before the handshake
        clientContext(provider).apply { setAlpnProtocols(listOf("foo")) }
            .wrapBio(MemoryBio(), MemoryBio(), false, "localhost").selectedAlpnProtocol().isPresent shouldBe false
    }

    test("ALPN-04 $p set_alpn_protocols refuses names of 0 or more than 255 bytes with SSLError 'ALPN protocols must be 1 to 255 in length'") {
        val ctx = clientContext(provider)
        for (bad in listOf(listOf(""), listOf("h2", "x".repeat(256)))) {
            val e = shouldThrow<TlsException> { ctx.setAlpnProtocols(bad) }
            e.message!! shouldContain "ALPN protocols must be 1 to 255 in length"
        }
        ctx.alpnProtocols() shouldBe emptyList()
        ctx.setAlpnProtocols(listOf("x".repeat(255), "h2"))
        ctx.alpnProtocols() shouldBe listOf("x".repeat(255), "h2")
        // HAS_NPN is false: NPN is never offered (the refusal itself is checked by the NPN spec)
        (dev.tlskit.Capability.HAS_NPN in ctx.provider().capabilities()) shouldBe false
    }

    // ------------------------------------------------------------------ 9. SNI

    test("SNI-01 $p set_servername_callback accepts a callback and None, and reads back what was set") {
        // TypeError for 4, "" or an SSLContext has no Java twin: the parameter is typed SniCallback
        val ctx = serverContext(provider)
        ctx.sniCallback().shouldBeNull()
        val cb = SniCallback { _, _, _ -> null }
        ctx.setSniCallback(cb)
        ctx.sniCallback() shouldBeSameInstanceAs cb
        ctx.setSniCallback(null)
        ctx.sniCallback().shouldBeNull()
    }

    test("SNI-02 $p the callback runs once per handshake with the server connection, the name and the server's own context") {
        data class Call(val conn: TlsConnection, val name: String?, val ctx: TlsContext)
        val calls = Collections.synchronizedList(mutableListOf<Call>())
        val server = serverContext(provider)
        server.setSniCallback { conn, name, ctx -> calls += Call(conn, name, ctx); null }
        val pair = MemoryPair.of(clientContext(provider), server, "localhost").apply { handshake() }
        calls.size shouldBe 1
        calls[0].conn shouldBeSameInstanceAs pair.server
        calls[0].name shouldBe "localhost"
        calls[0].ctx shouldBeSameInstanceAs server
        MemoryPair.of(clientContext(provider), server, "localhost").handshake()
        calls.size shouldBe 2
    }

    test("SNI-03 $p switching the connection's context inside the callback serves that context's certificate") {
        val other = serverContext(provider, pki.wrongHost)
        val server = serverContext(provider).apply { setSniCallback { conn, _, _ -> conn.setContext(other); null } }
        val pair = MemoryPair.of(chainOnlyClient(provider), server, "supermessage.example").apply { handshake() }
        pair.client.getPeerCertificate().get() shouldBe pki.wrongHost.certificate
        pair.server.context() shouldBeSameInstanceAs other
    }

    test("SNI-04 $p a client without SNI still triggers the callback with None; after set_servername_callback(None) nothing is called") {
        val names = Collections.synchronizedList(mutableListOf<String?>())
        val other = serverContext(provider, pki.wrongHost)
        val server = serverContext(provider).apply { setSniCallback { conn, name, _ -> names += name; conn.setContext(other); null } }
        val first = MemoryPair.of(chainOnlyClient(provider), server, null).apply { handshake() }
        names shouldBe listOf<String?>(null)
        first.client.getPeerCertificate().get() shouldBe pki.wrongHost.certificate
        server.setSniCallback(null)
        val second = MemoryPair.of(chainOnlyClient(provider), server, "localhost").apply { handshake() }
        names shouldBe listOf<String?>(null)
        second.client.getPeerCertificate().get() shouldBe pki.localhost.certificate
    }

    test("SNI-05 $p a callback returning ALERT_DESCRIPTION_ACCESS_DENIED aborts at TLS 1.2 and 1.3; the client's reason is TLSV1_ALERT_ACCESS_DENIED") {
        for (v in listOf(dev.tlskit.TlsVersion.TLSv1_2, dev.tlskit.TlsVersion.TLSv1_3)) {
            val server = serverContext(provider).apply {
                setMaximumVersion(v)
                setSniCallback { _, _, _ -> AlertDescription.ALERT_DESCRIPTION_ACCESS_DENIED }
            }
            val o = MemoryPair.of(clientContext(provider), server, "localhost").handshakeOutcome()
            val client = o.client.shouldBeInstanceOf<TlsAlertException>()
            client.received() shouldBe true
            client.reason().get() shouldBe "TLSV1_ALERT_ACCESS_DENIED"
            val local = o.server.shouldBeInstanceOf<TlsAlertException>()
            local.alert().get() shouldBe AlertDescription.ALERT_DESCRIPTION_ACCESS_DENIED
            local.received() shouldBe false
        }
    }

    test("SNI-06 $p a callback that raises aborts with handshake_failure; the server's caller gets an SSLError, not the exception") {
        val server = serverContext(provider).apply { setSniCallback { _, _, _ -> throw ArithmeticException("/ by zero") } }
        val o = MemoryPair.of(clientContext(provider), server, "localhost").handshakeOutcome()
        val client = o.client.shouldBeInstanceOf<TlsAlertException>()
        client.received() shouldBe true
        client.reason().get() shouldBe "SSLV3_ALERT_HANDSHAKE_FAILURE"
        client.alert().get() shouldBe AlertDescription.ALERT_DESCRIPTION_HANDSHAKE_FAILURE
        val local = o.server.shouldBeInstanceOf<TlsAlertException>()
        local.received() shouldBe false
        local.cause.shouldBeInstanceOf<ArithmeticException>() // kept for the log: the seed's unraisable hook
    }

    test("SNI-07 $p a callback answering internal_error aborts with it: the client's reason is TLSV1_ALERT_INTERNAL_ERROR") {
        // a non-int return value has no Java twin (the callback returns an AlertDescription); its outcome, internal_error,
        // is what a callback asks for here, and openssl s_client must receive exactly that alert
        val server = serverContext(provider).apply { setSniCallback { _, _, _ -> AlertDescription.ALERT_DESCRIPTION_INTERNAL_ERROR } }
        val o = MemoryPair.of(clientContext(provider), server, "localhost").handshakeOutcome()
        o.client.shouldBeInstanceOf<TlsAlertException>().reason().get() shouldBe "TLSV1_ALERT_INTERNAL_ERROR"
        o.server.shouldBeInstanceOf<TlsAlertException>().alert().get() shouldBe AlertDescription.ALERT_DESCRIPTION_INTERNAL_ERROR
        dev.tlskit.tck.spec.TlskitEchoServer(server).use { echo ->
            val r = dev.tlskit.tck.OpenSslClient.connect(echo.port,
                dev.tlskit.tck.OpenSslClientOptions(caFile = pki.root.certFile, serverName = "localhost"), "hi\nCLOSE\n".toByteArray())
            r.established shouldBe false
            r.alertNumbers shouldContain AlertDescription.ALERT_DESCRIPTION_INTERNAL_ERROR.code()
        }
    }

    test("SNI-09 $p the sni_callback attribute form switches contexts on repeated connections without deadlock") {
        // tlskit has no _msg_callback (PARITY section 21 covers the debug hooks); the switch is what may deadlock
        val other = serverContext(provider, pki.wrongHost)
        val server = serverContext(provider).apply { setSniCallback { conn, _, _ -> conn.setContext(other); null } }
        repeat(5) {
            val pair = MemoryPair.of(chainOnlyClient(provider), server, "localhost").apply { handshake() }
            pair.client.getPeerCertificate().get() shouldBe pki.wrongHost.certificate
        }
    }
}
