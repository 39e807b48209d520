package dev.tlskit.tck.spec

import dev.tlskit.Capability
import dev.tlskit.MemoryBio
import dev.tlskit.Option
import dev.tlskit.Protocol
import dev.tlskit.SessionCacheMode
import dev.tlskit.TlsContext
import dev.tlskit.TlsSession
import dev.tlskit.TlsSocket
import dev.tlskit.TlsVersion
import dev.tlskit.UnsupportedFeatureException
import dev.tlskit.WrapOptions
import dev.tlskit.tck.OpenSslClient
import dev.tlskit.tck.OpenSslClientOptions
import dev.tlskit.tck.OpenSslServer
import dev.tlskit.tck.OpenSslServerOptions
import dev.tlskit.tck.OpenSsl
import dev.tlskit.tck.PeerTlsVersion
import dev.tlskit.tck.Processes
import kotlin.time.Duration.Companion.seconds
import dev.tlskit.kotlin.connect
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.ByteArrayOutputStream
import java.net.InetAddress
import java.net.Socket
import java.nio.file.Files
import java.util.EnumSet

/** Sends `hello\nCLOSE\n` to an `s_server -rev` and reads the reply to the end (TLS 1.3 tickets arrive before it). */
private fun TlsSocket.echoOnce(): String {
    sendall("hello\nCLOSE\n".toByteArray())
    val out = ByteArrayOutputStream()
    val buf = ByteArray(1024)
    while (true) {
        val n = read(buf, 0, buf.size)
        if (n < 0) break
        out.write(buf, 0, n)
    }
    return out.toString(Charsets.UTF_8)
}

private fun connect(ctx: TlsContext, port: Int, session: TlsSession? = null): TlsSocket {
    val sock = Socket(InetAddress.getLoopbackAddress(), port).apply { soTimeout = 20_000 }
    return ctx.wrapSocket(sock, WrapOptions.client("localhost").withSession(session))
}

/**
 * Sessions and resumption (the seed's `SSLSession`, `session`, `session_reused`, `session_stats()`; pyOpenSSL's
 * `get_session`/`set_session`, `set_timeout`, `set_session_cache_mode`, `set_session_id`, `OP_NO_TICKET`), against
 * `openssl s_server` (its session-cache hit count) and `openssl s_client -sess_out`/`-sess_in` (its trace shows
 * whether the server skipped its certificate), at TLS 1.2 and 1.3.
 */
public fun sessionSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"
    val caps by lazy { TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider).provider().capabilities() }

    for (v in listOf(TlsVersion.TLSv1_2, TlsVersion.TLSv1_3)) {
        test("$p client resumes a session at ${v.seedName()} with openssl s_server only when it hands the session over") {
            OpenSslServer(OpenSslServerOptions.of(pki.localhost).copy(version = peerVersion(v), connections = 3)).use { server ->
                val ctx = clientContext(provider)
                val first = connect(ctx, server.port)
                first.echoOnce() shouldBe "olleh\n"
                first.sessionReused() shouldBe false
                val session = first.session().get()
                session.protocol() shouldBe v.seedName()
                first.close()

                val second = connect(ctx, server.port, session)
                second.echoOnce() shouldBe "olleh\n"
                second.sessionReused() shouldBe true
                second.close()

                val third = connect(ctx, server.port) // no session handed over: a full handshake, as with OpenSSL
                third.echoOnce() shouldBe "olleh\n"
                third.sessionReused() shouldBe false
                third.close()

                val stats = server.awaitCacheStats()
                stats["session cache hits"] shouldBe 1
                stats["server accepts that finished"] shouldBe 3
                val mine = ctx.sessionStats()
                mine["connect"] shouldBe 3L
                mine["connect_good"] shouldBe 3L
                mine["accept"] shouldBe 0L
                mine["hits"] shouldBe 0L
            }
        }

        test("$p server resumes openssl s_client's -sess_out session at ${v.seedName()} and counts the hit") {
            val file = Files.createTempFile("tlskit-session-", ".pem")
            try {
                val ctx = serverContext(provider)
                TlskitEchoServer(ctx, connections = 3).use { server ->
                    val base = OpenSslClientOptions(caFile = pki.root.certFile, version = peerVersion(v))
                    val input = "hi\nCLOSE\n".toByteArray()
                    val a = OpenSslClient.connect(server.port, base.copy(sessOut = file), input)
                    val b = OpenSslClient.connect(server.port, base.copy(sessIn = file), input)
                    val c = OpenSslClient.connect(server.port, base, input)
                    val (oa, ob, oc) = server.outcomes()
                    a.ok shouldBe true
                    a.reused shouldBe false
                    b.ok shouldBe true
                    b.reused shouldBe true
                    c.reused shouldBe false
                    oa.connection!!.sessionReused() shouldBe false
                    ob.connection!!.sessionReused() shouldBe true
                    oc.connection!!.sessionReused() shouldBe false
                    val stats = ctx.sessionStats()
                    stats["accept"] shouldBe 3L
                    stats["accept_good"] shouldBe 3L
                    stats["hits"] shouldBe 1L
                    stats["misses"] shouldBe 0L // the other two offered nothing to resume
                    stats["connect"] shouldBe 0L
                    stats["number"] shouldBe 2L // the two full handshakes' sessions; the resumed one made none
                }
            } finally {
                Files.deleteIfExists(file)
            }
        }
    }

    for (v in listOf(TlsVersion.TLSv1_2, TlsVersion.TLSv1_3)) {
        for (ticketsOff in listOf(false, true)) {
            val serverArgs = if (!ticketsOff) emptyList() else if (v == TlsVersion.TLSv1_2) listOf("-no_ticket") else listOf("-num_tickets", "0")
            test("$p has_ticket and ticket_lifetime_hint at ${v.seedName()} match what openssl s_client saw from s_server $serverArgs") {
                val file = Files.createTempFile("tlskit-session-", ".pem")
                try {
                    OpenSslServer(OpenSslServerOptions.of(pki.localhost).copy(version = peerVersion(v), connections = 2, extraArgs = serverArgs)).use { server ->
                        val seen = OpenSslClient.connect(server.port, OpenSslClientOptions(caFile = pki.root.certFile, serverName = "localhost", sessOut = file))
                        seen.ok shouldBe true
                        val hint = Regex("""TLS session ticket lifetime hint: (\d+)""").find(
                            Processes.run(listOf(OpenSsl.binary, "sess_id", "-in", file.toString(), "-text", "-noout"), ByteArray(0), 20.seconds).stdoutText,
                        )?.groupValues?.get(1)?.toLong() ?: 0L
                        val tls = connect(clientContext(provider), server.port)
                        tls.echoOnce() shouldBe "olleh\n"
                        val s = tls.session().get()
                        tls.close()
                        s.hasTicket() shouldBe (seen.sessionTickets > 0)
                        // TLS 1.3 tickets are encrypted and no backend exposes them: the hint is "unspecified" (0)
                        s.ticketLifetimeHint() shouldBe if (v == TlsVersion.TLSv1_2 && seen.sessionTickets > 0) hint else 0L
                        if (v == TlsVersion.TLSv1_2 && seen.sessionTickets > 0) (hint > 0) shouldBe true
                    }
                } finally {
                    Files.deleteIfExists(file)
                }
            }
        }
    }

    test("$p coroutine client resumes its previous channel's session with openssl s_server at TLSv1.3") {
        OpenSslServer(OpenSslServerOptions.of(pki.localhost).copy(version = PeerTlsVersion.TLSv1_3, connections = 2)).use { server ->
            val ctx = clientContext(provider)
            val first = ctx.connect("127.0.0.1", server.port, serverHostname = "localhost").use { tls ->
                tls.writeText("hello\nCLOSE\n")
                tls.readText() shouldBe "olleh\n"
                tls.sessionReused shouldBe false
                tls.session!!
            }
            ctx.connect("127.0.0.1", server.port, serverHostname = "localhost", session = first).use { tls ->
                tls.writeText("hello\nCLOSE\n")
                tls.readText() shouldBe "olleh\n"
                tls.sessionReused shouldBe true
            }
            withContext(Dispatchers.IO) { server.awaitCacheStats() }["session cache hits"] shouldBe 1
        }
    }

    for (v in listOf(TlsVersion.TLSv1_2, TlsVersion.TLSv1_3)) {
        test("$p server counts a miss at ${v.seedName()} when openssl s_client offers a session another server context made") {
            val file = Files.createTempFile("tlskit-session-", ".pem")
            try {
                val base = OpenSslClientOptions(caFile = pki.root.certFile, version = peerVersion(v))
                TlskitEchoServer(serverContext(provider)).use { server ->
                    OpenSslClient.connect(server.port, base.copy(sessOut = file), "hi\nCLOSE\n".toByteArray()).ok shouldBe true
                    server.outcome().error shouldBe null
                }
                val other = serverContext(provider)
                TlskitEchoServer(other).use { server ->
                    val r = OpenSslClient.connect(server.port, base.copy(sessIn = file), "hi\nCLOSE\n".toByteArray())
                    r.ok shouldBe true
                    r.reused shouldBe false
                    server.outcome().connection!!.sessionReused() shouldBe false
                }
                val stats = other.sessionStats()
                stats["accept_good"] shouldBe 1L
                stats["hits"] shouldBe 0L
                stats["misses"] shouldBe 1L
            } finally {
                Files.deleteIfExists(file)
            }
        }
    }

    test("SESS-07 $p a session from another context is refused with the seed's message") {
        val ctx = clientContext(provider)
        val pair = MemoryPair.of(ctx, serverContext(provider))
        pair.handshake()
        val s = pair.client.session().get()
        val other = clientContext(provider)
        val e = shouldThrow<IllegalArgumentException> {
            other.wrapBio(MemoryBio(), MemoryBio(), false, "localhost", s)
        }
        e.message shouldBe "Session refers to a different SSLContext."
    }

    test("SESS-05 $p a session cannot be set on a server connection or after the handshake") {
        val ctx = TlsContext.create(Protocol.PROTOCOL_TLS, provider).apply {
            loadCertChain(pki.localhost.chainFile, pki.localhost.keyFile, null)
            loadVerifyLocations(pki.root.certFile)
        }
        val pair = MemoryPair.of(ctx, ctx)
        pair.handshake()
        val s = pair.client.session().get()
        shouldThrow<IllegalStateException> { pair.server.setSession(s) }.message shouldContain "server-side"
        shouldThrow<IllegalStateException> { pair.client.setSession(s) }.message shouldContain "after handshake"
    }

    test("$p no session before the handshake, and sessions carry the context's timeout") {
        val ctx = clientContext(provider)
        ctx.getTimeout() shouldBe 300L
        ctx.setTimeout(1000) shouldBe 300L
        val pair = MemoryPair.of(ctx, serverContext(provider))
        pair.client.session().isPresent shouldBe false
        pair.client.sessionReused() shouldBe false
        pair.handshake()
        val s = pair.client.session().get()
        s.timeout() shouldBe 1000L
        (System.currentTimeMillis() / 1000 - s.time() in 0..60) shouldBe true
        shouldThrow<IllegalArgumentException> { ctx.setTimeout(0) }
    }

    test("$p session id context and cache mode keep the values OpenSSL accepts") {
        val ctx = serverContext(provider)
        ctx.getSessionCacheMode() shouldBe EnumSet.of(SessionCacheMode.SESS_CACHE_SERVER)
        ctx.setSessionCacheMode(EnumSet.of(SessionCacheMode.SESS_CACHE_BOTH)) shouldBe EnumSet.of(SessionCacheMode.SESS_CACHE_SERVER)
        ctx.setSessionIdContext("svc".toByteArray())
        ctx.sessionIdContext().toList() shouldBe "svc".toByteArray().toList()
        shouldThrow<dev.tlskit.TlsException> { ctx.setSessionIdContext(ByteArray(33)) }
        ctx.numTickets() shouldBe 2
        shouldThrow<IllegalArgumentException> { clientContext(provider).setNumTickets(1) }.message shouldBe
            "SSLContext is not a server context."
    }

    test("$p OP_NO_TICKET: a TLS 1.3 server issues no tickets to openssl s_client").config(
        enabledIf = { caps.contains(Capability.SESSION_TICKET_CONTROL) },
    ) {
        val ctx = serverContext(provider).apply { addOptions(Option.OP_NO_TICKET.code()) }
        TlskitEchoServer(ctx).use { server ->
            val r = OpenSslClient.connect(server.port, OpenSslClientOptions(caFile = pki.root.certFile, version = peerVersion(TlsVersion.TLSv1_3)), "hi\nCLOSE\n".toByteArray())
            r.ok shouldBe true
            r.sessionTickets shouldBe 0
            server.outcome().error shouldBe null
        }
        val plain = serverContext(provider)
        TlskitEchoServer(plain).use { server ->
            val r = OpenSslClient.connect(server.port, OpenSslClientOptions(caFile = pki.root.certFile, version = peerVersion(TlsVersion.TLSv1_3)), "hi\nCLOSE\n".toByteArray())
            (r.sessionTickets > 0) shouldBe true
        }
    }

    test("$p OP_NO_TICKET is refused with UnsupportedFeatureException without SESSION_TICKET_CONTROL").config(
        enabledIf = { !caps.contains(Capability.SESSION_TICKET_CONTROL) },
    ) {
        val e = shouldThrow<UnsupportedFeatureException> { serverContext(provider).addOptions(Option.OP_NO_TICKET.code()) }
        e.message shouldContain provider
    }

    test("$p num_tickets: a TLS 1.3 server sends that many tickets to openssl s_client").config(
        enabledIf = { caps.contains(Capability.TLS13_TICKET_COUNT) },
    ) {
        val ctx = serverContext(provider).apply { setNumTickets(1) }
        TlskitEchoServer(ctx).use { server ->
            val r = OpenSslClient.connect(server.port, OpenSslClientOptions(caFile = pki.root.certFile, version = peerVersion(TlsVersion.TLSv1_3)), "hi\nCLOSE\n".toByteArray())
            r.sessionTickets shouldBe 1
        }
    }

    test("$p num_tickets is refused with UnsupportedFeatureException without TLS13_TICKET_COUNT").config(
        enabledIf = { !caps.contains(Capability.TLS13_TICKET_COUNT) },
    ) {
        val ctx = serverContext(provider)
        val e = shouldThrow<UnsupportedFeatureException> { ctx.setNumTickets(1) }
        e.message shouldContain provider
        ctx.numTickets() shouldBe 2
    }

    test("$p turning the server session cache off: openssl s_client's session is not resumed").config(
        enabledIf = { caps.contains(Capability.SERVER_SESSION_CACHE_CONTROL) },
    ) {
        val file = Files.createTempFile("tlskit-session-", ".pem")
        try {
            val ctx = serverContext(provider).apply {
                setSessionCacheMode(EnumSet.of(SessionCacheMode.SESS_CACHE_OFF))
                addOptions(Option.OP_NO_TICKET.code())
            }
            TlskitEchoServer(ctx, connections = 2).use { server ->
                val base = OpenSslClientOptions(caFile = pki.root.certFile, version = peerVersion(TlsVersion.TLSv1_2))
                OpenSslClient.connect(server.port, base.copy(sessOut = file), "hi\nCLOSE\n".toByteArray())
                OpenSslClient.connect(server.port, base.copy(sessIn = file), "hi\nCLOSE\n".toByteArray()).reused shouldBe false
            }
        } finally {
            Files.deleteIfExists(file)
        }
    }

    test("$p turning the server session cache off is refused without SERVER_SESSION_CACHE_CONTROL").config(
        enabledIf = { !caps.contains(Capability.SERVER_SESSION_CACHE_CONTROL) },
    ) {
        val ctx = serverContext(provider)
        for (mode in listOf(SessionCacheMode.SESS_CACHE_OFF, SessionCacheMode.SESS_CACHE_CLIENT)) {
            shouldThrow<UnsupportedFeatureException> { ctx.setSessionCacheMode(EnumSet.of(mode)) }.message shouldContain provider
        }
        ctx.getSessionCacheMode() shouldBe EnumSet.of(SessionCacheMode.SESS_CACHE_SERVER)
    }
}
