package dev.tlskit.tck.spec

import dev.tlskit.AlertDescription
import dev.tlskit.AlpnSelection
import dev.tlskit.Capability
import dev.tlskit.MemoryBio
import dev.tlskit.Protocol
import dev.tlskit.TlsAlertException
import dev.tlskit.TlsConnection
import dev.tlskit.TlsContext
import dev.tlskit.TlsVersion
import dev.tlskit.UnsupportedFeatureException
import dev.tlskit.tck.OpenSslClient
import dev.tlskit.tck.OpenSslClientOptions
import dev.tlskit.tck.OpenSslClientResult
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.collections.shouldNotContain
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import io.kotest.matchers.types.shouldBeSameInstanceAs
import java.util.Collections

/** `openssl s_client` against a one-connection tlskit echo server on [ctx]; returns what both sides saw. */
private fun sClient(ctx: TlsContext, options: OpenSslClientOptions): Pair<OpenSslClientResult, ServerOutcome> =
    TlskitEchoServer(ctx).use { server ->
        val r = OpenSslClient.connect(server.port, options.copy(caFile = options.caFile ?: pki.root.certFile), "hi\nCLOSE\n".toByteArray())
        r to server.outcome()
    }

/** The local error a refused handshake must end in: the alert this side sent, with the callback's story. */
private fun ServerOutcome.sentAlert(alert: AlertDescription): TlsAlertException {
    val e = error.shouldBeInstanceOf<TlsAlertException>()
    e.alertCode() shouldBe alert.code()
    e.received() shouldBe false
    return e
}

/**
 * A server's handshake callbacks against real clients: ALPN selection (pyOpenSSL `set_alpn_select_callback`, with
 * `NO_OVERLAPPING_PROTOCOLS` and refusal), NPN's refusal, and SNI (the seed's `sni_callback`, pyOpenSSL's
 * `set_tlsext_servername_callback`): the name seen, a certificate per name by switching contexts, and alerts the
 * client really receives.
 */
public fun alpnSniSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"
    val caps by lazy { TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider).provider().capabilities() }

    for (v in listOf(TlsVersion.TLSv1_2, TlsVersion.TLSv1_3)) {
        test("$p ALPN select callback at ${v.seedName()}: it sees the client's offer and openssl s_client gets its choice") {
            val seen = Collections.synchronizedList(mutableListOf<Pair<TlsConnection?, List<String>>>())
            val ctx = serverContext(provider).apply {
                setAlpnSelectCallback { conn, offered -> seen += conn to offered; AlpnSelection.of("http/1.1") }
            }
            val (r, o) = sClient(ctx, OpenSslClientOptions(alpn = listOf("h2", "http/1.1", "x"), version = peerVersion(v)))
            r.ok shouldBe true
            r.alpn shouldBe "http/1.1"
            o.error.shouldBeNull()
            o.alpn shouldBe "http/1.1"
            seen.single().second shouldBe listOf("h2", "http/1.1", "x")
            seen.single().first shouldBeSameInstanceAs o.connection
        }
    }

    test("$p ALPN select callback returning NO_OVERLAPPING_PROTOCOLS: the handshake goes on and no protocol is agreed") {
        val ctx = serverContext(provider).apply {
            setAlpnProtocols(listOf("h2"))
            setAlpnSelectCallback { _, _ -> AlpnSelection.NO_OVERLAPPING_PROTOCOLS }
        }
        val (r, o) = sClient(ctx, OpenSslClientOptions(alpn = listOf("h2")))
        r.ok shouldBe true
        r.alpn.shouldBeNull()
        r.receivedText shouldBe "hi\nCLOSE\n"
        o.error.shouldBeNull()
        o.alpn.shouldBeNull()
    }

    test("$p ALPN select callback is not called when the client offers no ALPN") {
        var calls = 0
        val ctx = serverContext(provider).apply { setAlpnSelectCallback { _, _ -> calls++; AlpnSelection.of("h2") } }
        val (r, o) = sClient(ctx, OpenSslClientOptions())
        r.ok shouldBe true
        o.error.shouldBeNull()
        calls shouldBe 0
    }

    val refusals = listOf<Pair<String, (List<String>) -> AlpnSelection>>(
        "NO_APPLICATION_PROTOCOL" to { _ -> AlpnSelection.NO_APPLICATION_PROTOCOL },
        "an exception" to { _ -> throw IllegalStateException("no protocol for you") },
        "a protocol the client did not offer" to { _ -> AlpnSelection.of("spdy/3") },
    )
    for ((how, select) in refusals) {
        test("$p ALPN_SELECT_ALERT: a select callback refusing with $how sends no_application_protocol to openssl s_client")
            .config(enabledIf = { Capability.ALPN_SELECT_ALERT in caps }) {
                val ctx = serverContext(provider).apply { setAlpnSelectCallback { _, offered -> select(offered) } }
                val (r, o) = sClient(ctx, OpenSslClientOptions(alpn = listOf("h2")))
                r.established shouldBe false
                r.alertNumbers shouldContain AlertDescription.ALERT_DESCRIPTION_NO_APPLICATION_PROTOCOL.code()
                val e = o.sentAlert(AlertDescription.ALERT_DESCRIPTION_NO_APPLICATION_PROTOCOL)
                if (how == "an exception") e.cause!!.message shouldBe "no protocol for you"
            }

        test("$p without ALPN_SELECT_ALERT: a select callback refusing with $how still fails the handshake on both sides")
            .config(enabledIf = { Capability.ALPN_SELECT_ALERT !in caps }) {
                val ctx = serverContext(provider).apply { setAlpnSelectCallback { _, offered -> select(offered) } }
                val (r, o) = sClient(ctx, OpenSslClientOptions(alpn = listOf("h2")))
                r.receivedText shouldBe ""
                r.alertNumbers shouldNotContain AlertDescription.ALERT_DESCRIPTION_NO_APPLICATION_PROTOCOL.code()
                val e = o.sentAlert(AlertDescription.ALERT_DESCRIPTION_NO_APPLICATION_PROTOCOL)
                if (how == "an exception") e.cause!!.message shouldBe "no protocol for you"
            }
    }

    test("$p without HAS_NPN: set_npn_protocols, set_npn_select_callback and selected_npn_protocol name the feature and provider")
        .config(enabledIf = { Capability.HAS_NPN !in caps }) {
            val ctx = serverContext(provider)
            val errors = listOf(
                shouldThrow<UnsupportedFeatureException> { ctx.setNpnProtocols(listOf("h2")) },
                shouldThrow<UnsupportedFeatureException> { ctx.setNpnSelectCallback { _, _ -> "h2" } },
                shouldThrow<UnsupportedFeatureException> { ctx.wrapBio(MemoryBio(), MemoryBio(), true, null).selectedNpnProtocol() },
            )
            errors.map { it.feature() } shouldBe listOf("set_npn_protocols (NPN)", "set_npn_select_callback (NPN)", "selected_npn_protocol (NPN)")
            errors.forEach { it.provider() shouldBe provider; it.message!! shouldContain "HAS_NPN" }
        }

    // ------------------------------------------------------------------ SNI

    for (v in listOf(TlsVersion.TLSv1_2, TlsVersion.TLSv1_3)) {
        test("$p sni_callback at ${v.seedName()}: switching to another context serves its certificate, which openssl verifies") {
            val other = serverContext(provider, pki.wildcard)
            val seen = Collections.synchronizedList(mutableListOf<String?>())
            lateinit var original: TlsContext
            val ctx = serverContext(provider).apply {
                original = this
                setSniCallback { conn, name, context ->
                    seen += name
                    context shouldBeSameInstanceAs original
                    if (name == "api.tlskit.test") conn.setContext(other)
                    null
                }
            }
            val (r, o) = sClient(ctx, OpenSslClientOptions(serverName = "api.tlskit.test", verifyHostname = "api.tlskit.test", version = peerVersion(v)))
            r.ok shouldBe true
            r.verification shouldBe "OK"
            r.peerCertificate!! shouldContain "*.tlskit.test"
            o.error.shouldBeNull()
            seen shouldBe listOf("api.tlskit.test")
            o.connection!!.context() shouldBeSameInstanceAs other
            o.connection!!.getServername().get() shouldBe "api.tlskit.test"
        }
    }

    test("$p an sni_callback refusing a client that sent no SNI: openssl s_client receives unrecognized_name at TLS 1.2") {
        // without SNI the refusal comes from the certificate step, which a TLS 1.3 engine may reach after its keys are
        // in use: the JDK then sends an encrypted handshake_failure that cannot be rewritten
        val ctx = serverContext(provider).apply { setSniCallback { _, name, _ -> if (name == null) AlertDescription.ALERT_DESCRIPTION_UNRECOGNIZED_NAME else null } }
        val (r, o) = sClient(ctx, OpenSslClientOptions(serverName = null, version = dev.tlskit.tck.PeerTlsVersion.TLSv1_2))
        r.established shouldBe false
        r.alertNumbers shouldContain AlertDescription.ALERT_DESCRIPTION_UNRECOGNIZED_NAME.code()
        o.error.shouldBeInstanceOf<TlsAlertException>().received() shouldBe false
    }

    test("$p sni_callback without SNI from the client: called with null, and the default certificate is served") {
        val seen = Collections.synchronizedList(mutableListOf<String?>())
        val ctx = serverContext(provider).apply { setSniCallback { _, name, _ -> seen += name; null } }
        val (r, o) = sClient(ctx, OpenSslClientOptions(serverName = null, verifyHostname = "localhost"))
        r.ok shouldBe true
        r.peerCertificate!! shouldContain "localhost"
        o.error.shouldBeNull()
        seen shouldBe listOf<String?>(null)
        o.connection!!.getServername().isPresent shouldBe false
    }

    test("$p set_tlsext_servername_callback: the one-argument callback reads get_servername() and switches the context") {
        val other = serverContext(provider, pki.wildcard)
        val seen = Collections.synchronizedList(mutableListOf<String?>())
        val ctx = serverContext(provider).apply {
            setTlsextServernameCallback { conn -> seen += conn.getServername().orElse(null); conn.setContext(other) }
        }
        val (r, o) = sClient(ctx, OpenSslClientOptions(serverName = "www.tlskit.test", verifyHostname = "www.tlskit.test"))
        r.ok shouldBe true
        o.error.shouldBeNull()
        seen shouldBe listOf("www.tlskit.test")
    }

    val alerts = listOf(
        AlertDescription.ALERT_DESCRIPTION_UNRECOGNIZED_NAME to AlertDescription.ALERT_DESCRIPTION_UNRECOGNIZED_NAME,
        AlertDescription.ALERT_DESCRIPTION_HANDSHAKE_FAILURE to AlertDescription.ALERT_DESCRIPTION_HANDSHAKE_FAILURE,
        AlertDescription.ALERT_DESCRIPTION_INTERNAL_ERROR to AlertDescription.ALERT_DESCRIPTION_INTERNAL_ERROR,
        AlertDescription.ALERT_DESCRIPTION_ACCESS_DENIED to AlertDescription.ALERT_DESCRIPTION_ACCESS_DENIED,
    )
    for ((asked, sent) in alerts) {
        test("$p SNI_CALLBACK_ALERTS: an sni_callback returning ${asked.ianaName()} makes openssl s_client receive ${sent.ianaName()}")
            .config(enabledIf = { Capability.SNI_CALLBACK_ALERTS in caps }) {
                val ctx = serverContext(provider).apply { setSniCallback { _, _, _ -> asked } }
                val (r, o) = sClient(ctx, OpenSslClientOptions(serverName = "nobody.example"))
                r.established shouldBe false
                r.alertNumbers shouldContain sent.code()
                o.sentAlert(sent).message!! shouldContain "nobody.example"
            }
    }

    test("$p SNI_CALLBACK_ALERTS: an sni_callback that throws fails the handshake with handshake_failure, keeping the exception")
        .config(enabledIf = { Capability.SNI_CALLBACK_ALERTS in caps }) {
            val ctx = serverContext(provider).apply { setSniCallback { _, _, _ -> throw IllegalArgumentException("no such tenant") } }
            val (r, o) = sClient(ctx, OpenSslClientOptions(serverName = "nobody.example"))
            r.established shouldBe false
            r.alertNumbers shouldContain AlertDescription.ALERT_DESCRIPTION_HANDSHAKE_FAILURE.code()
            o.sentAlert(AlertDescription.ALERT_DESCRIPTION_HANDSHAKE_FAILURE).cause!!.message shouldBe "no such tenant"
        }

    test("$p without SNI_CALLBACK_ALERTS: an sni_callback alert or exception still fails the handshake with a fatal alert")
        .config(enabledIf = { Capability.SNI_CALLBACK_ALERTS !in caps }) {
            for ((asked, sent) in alerts) {
                val ctx = serverContext(provider).apply { setSniCallback { _, _, _ -> asked } }
                val (r, o) = sClient(ctx, OpenSslClientOptions(serverName = "nobody.example"))
                r.established shouldBe false
                r.receivedText shouldBe ""
                (r.alertNumbers.contains(AlertDescription.ALERT_DESCRIPTION_HANDSHAKE_FAILURE.code()) || r.alertNumbers.contains(sent.code())) shouldBe true
                o.sentAlert(sent).message!! shouldContain "'$provider' provider chooses which alert"
            }
            val ctx = serverContext(provider).apply { setSniCallback { _, _, _ -> throw IllegalArgumentException("no such tenant") } }
            val (r, o) = sClient(ctx, OpenSslClientOptions(serverName = "nobody.example"))
            r.established shouldBe false
            o.sentAlert(AlertDescription.ALERT_DESCRIPTION_HANDSHAKE_FAILURE).cause!!.message shouldBe "no such tenant"
        }

    test("$p set_tlsext_host_name on a pyOpenSSL-style client connection is the name the server's get_servername() reports") {
        val client = clientContext(provider).newConnection().apply { setTlsextHostName("localhost"); setConnectState() }
        val server = serverContext(provider).wrapBio(MemoryBio(), MemoryBio(), true, null)
        MemoryPair(client, server).handshake()
        client.getServername().get() shouldBe "localhost"
        server.getServername().get() shouldBe "localhost"
        server.serverHostname().isPresent shouldBe false
    }

    test("$p switching the context is refused on a client, and for a context of another side") {
        val client = clientContext(provider).wrapBio(MemoryBio(), MemoryBio(), false, "localhost")
        shouldThrow<IllegalStateException> { client.setContext(serverContext(provider)) }
        val server = serverContext(provider).wrapBio(MemoryBio(), MemoryBio(), true, null)
        shouldThrow<IllegalArgumentException> { server.setContext(clientContext(provider)) }.message.shouldNotBeNull()
    }
}
