package dev.tlskit.tck.spec.parity

import dev.tlskit.AlpnSelection
import dev.tlskit.FileType
import dev.tlskit.Method
import dev.tlskit.TlsConnection
import dev.tlskit.TlsContext
import dev.tlskit.TlsException
import dev.tlskit.tck.TestCredential
import dev.tlskit.tck.spec.MemoryPair
import dev.tlskit.tck.spec.pki
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import io.kotest.matchers.types.shouldBeSameInstanceAs
import java.util.Collections

private fun sniServer(provider: String, credential: TestCredential = pki.localhost): TlsContext =
    TlsContext.create(Method.TLS_METHOD, provider).apply {
        useCertificateChainFile(credential.chainFile)
        usePrivateKeyFile(credential.keyFile, FileType.FILETYPE_PEM)
    }

/** A VERIFY_NONE pyOpenSSL client (it checks nothing, like the upstream tests' clients) and a server connection. */
private fun sniPair(provider: String, server: TlsContext, host: String? = null, client: TlsContext? = null): MemoryPair =
    MemoryPair(
        (client ?: TlsContext.create(Method.TLS_METHOD, provider)).newConnection().apply {
            setConnectState(); if (host != null) setTlsextHostName(host)
        },
        server.newConnection().apply { setAcceptState() },
    )

private fun causeChain(t: Throwable?): Sequence<Throwable> = generateSequence(t) { it.cause }

/** pyOpenSSL SNI (section 25) and ALPN (section 26) on [provider]. */
public fun parityPySniAlpnSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"

    test("PSNI-01 $p the servername callback runs on the server with its connection; get_servername is the client's name, or none") {
        val seen = Collections.synchronizedList(mutableListOf<Pair<TlsConnection, String?>>())
        val server = sniServer(provider).apply { setTlsextServernameCallback { c -> seen += c to c.getServername().orElse(null) } }
        val pair = sniPair(provider, server, "foo1.example.com")
        pair.handshake()
        seen.size shouldBe 1
        seen[0].first shouldBeSameInstanceAs pair.server
        seen[0].second shouldBe "foo1.example.com"
        pair.server.getServername().get() shouldBe "foo1.example.com"

        seen.clear()
        val pair2 = sniPair(provider, server, null)
        pair2.handshake()
        seen.map { it.second } shouldBe listOf<String?>(null)
        pair2.server.getServername().isPresent shouldBe false
    }

    test("PSNI-02 $p an exception from the servername callback fails the handshake with a typed error carrying it") {
        val boom = IllegalArgumentException("servername callback failed on purpose")
        val server = sniServer(provider).apply { setTlsextServernameCallback { throw boom } }
        val o = sniPair(provider, server, "foo1.example.com").handshakeOutcome()
        o.server.shouldBeInstanceOf<TlsException>()
        causeChain(o.server).any { it === boom } shouldBe true
        o.client.shouldBeInstanceOf<TlsException>()
    }

    test("PSNI-03 $p set_tlsext_host_name refuses a missing name and a name with NUL") {
        val conn = TlsContext.create(Method.TLS_METHOD, provider).newConnection()
        shouldThrow<NullPointerException> { conn.setTlsextHostName(null) }
        shouldThrow<IllegalArgumentException> { conn.setTlsextHostName("with\u0000null") }
        conn.getServername().isPresent shouldBe false
    }

    test("PSNI-04 $p set_context switches the context and get_context returns that same object; a missing context is refused and nothing changes") {
        val original = sniServer(provider)
        val replacement = sniServer(provider, pki.wildcard)
        val conn = original.newConnection().apply { setAcceptState() }
        conn.context() shouldBeSameInstanceAs original
        shouldThrow<NullPointerException> { conn.setContext(null) }
        conn.context() shouldBeSameInstanceAs original
        conn.setContext(replacement)
        conn.context() shouldBeSameInstanceAs replacement
        val pair = MemoryPair(TlsContext.create(Method.TLS_METHOD, provider).newConnection().apply { setConnectState() }, conn)
        pair.handshake()
        pair.client.getPeerCertificate().get() shouldBe pki.wildcard.certificate
    }

    test("PALPN-01 $p the select callback sees the server connection and the client's list in order; its choice is negotiated on both sides") {
        val seen = Collections.synchronizedList(mutableListOf<Pair<TlsConnection?, List<String>>>())
        val server = sniServer(provider).apply {
            setAlpnSelectCallback { c, offered -> seen += c to offered; AlpnSelection.of("spdy/2") }
        }
        val client = TlsContext.create(Method.TLS_METHOD, provider).apply { setAlpnProtocols(listOf("http/1.1", "spdy/2")) }
        val pair = sniPair(provider, server, client = client)
        pair.handshake()
        seen.size shouldBe 1
        seen[0].first shouldBeSameInstanceAs pair.server
        seen[0].second shouldBe listOf("http/1.1", "spdy/2")
        pair.client.selectedAlpnProtocol().get() shouldBe "spdy/2"
        pair.server.selectedAlpnProtocol().get() shouldBe "spdy/2"
    }

    test("PALPN-02 $p set_alpn_protos with an empty list is refused") {
        val ctx = TlsContext.create(Method.TLS_METHOD, provider)
        shouldThrow<IllegalArgumentException> { ctx.setAlpnProtocols(emptyList()) }
        ctx.alpnProtocols() shouldBe emptyList()
    }

    test("PALPN-03 $p a select callback refusing every protocol makes the handshake fail") {
        // pyOpenSSL's callback returning b"" is tlskit's AlpnSelection.NO_APPLICATION_PROTOCOL.
        val server = sniServer(provider).apply { setAlpnSelectCallback { _, _ -> AlpnSelection.NO_APPLICATION_PROTOCOL } }
        val client = TlsContext.create(Method.TLS_METHOD, provider).apply { setAlpnProtocols(listOf("http/1.1", "spdy/2")) }
        val pair = sniPair(provider, server, client = client)
        val o = pair.handshakeOutcome()
        o.server.shouldBeInstanceOf<TlsException>()
        // Without ALPN_SELECT_ALERT the server aborts after its flight: a TLS 1.3 client may have finished, and then
        // its first read fails instead (the connection ended without close_notify).
        if (o.client == null) shouldThrow<TlsException> { pair.client.recv(10) }
        pair.client.selectedAlpnProtocol().orElse(null).let { it == null || it.isEmpty() } shouldBe true
    }

    test("PALPN-04 $p a select callback returning NO_OVERLAPPING_PROTOCOLS completes without ALPN") {
        val server = sniServer(provider).apply { setAlpnSelectCallback { _, _ -> AlpnSelection.NO_OVERLAPPING_PROTOCOLS } }
        val client = TlsContext.create(Method.TLS_METHOD, provider).apply { setAlpnProtocols(listOf("http/1.1", "spdy/2")) }
        val pair = sniPair(provider, server, client = client)
        pair.handshake()
        pair.client.selectedAlpnProtocol().isPresent shouldBe false
        pair.server.selectedAlpnProtocol().isPresent shouldBe false
    }

    test("PALPN-05 $p a select callback returning no selection at all fails the handshake and nothing is negotiated") {
        // pyOpenSSL: a str return raises TypeError; the JVM twin of a wrong-typed return is null.
        val server = sniServer(provider).apply { setAlpnSelectCallback { _, _ -> null } }
        val client = TlsContext.create(Method.TLS_METHOD, provider).apply { setAlpnProtocols(listOf("http/1.1", "spdy/2")) }
        val pair = sniPair(provider, server, client = client)
        val o = pair.handshakeOutcome()
        o.server.shouldBeInstanceOf<TlsException>().message!!.contains("returned null") shouldBe true
        pair.client.selectedAlpnProtocol().isPresent shouldBe false
    }

    test("PALPN-06 $p a server with no ALPN configured negotiates none") {
        val client = TlsContext.create(Method.TLS_METHOD, provider).apply { setAlpnProtocols(listOf("http/1.1", "spdy/2")) }
        val pair = sniPair(provider, sniServer(provider), client = client)
        pair.handshake()
        pair.client.selectedAlpnProtocol().isPresent shouldBe false
        pair.server.selectedAlpnProtocol().isPresent shouldBe false
    }

    test("PALPN-07 $p an exception raised in the select callback comes out of the handshake unchanged") {
        val boom = IllegalArgumentException("select callback failed on purpose")
        val server = sniServer(provider).apply { setAlpnSelectCallback { _, _ -> throw boom } }
        val client = TlsContext.create(Method.TLS_METHOD, provider).apply { setAlpnProtocols(listOf("http/1.1", "spdy/2")) }
        val o = sniPair(provider, server, client = client).handshakeOutcome()
        o.server.shouldBeInstanceOf<TlsException>()
        causeChain(o.server).any { it === boom } shouldBe true
    }
}
