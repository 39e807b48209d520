package dev.tlskit.tck.spec.parity

import dev.tlskit.MemoryBio
import dev.tlskit.TlsContext
import dev.tlskit.TlsEofException
import dev.tlskit.TlsException
import dev.tlskit.TlsSession
import dev.tlskit.TlsVersion
import dev.tlskit.WrapOptions
import dev.tlskit.tck.spec.MemoryPair
import dev.tlskit.tck.spec.clientContext
import dev.tlskit.tck.spec.serverContext
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.types.shouldBeInstanceOf
import io.kotest.matchers.types.shouldNotBeSameInstanceAs
import java.io.IOException

/** Client and server contexts capped at TLS 1.2, as every CPython session test is. */
private class Tls12Contexts(provider: String) {
    val client: TlsContext = clientContext(provider).apply { setMaximumVersion(TlsVersion.TLSv1_2) }
    val server: TlsContext = serverContext(provider).apply { setMaximumVersion(TlsVersion.TLSv1_2) }

    /** One full connection (optionally resuming [session]): the handshaken pair. */
    fun connect(session: TlsSession? = null): MemoryPair = MemoryPair(
        client.wrapBio(MemoryBio(), MemoryBio(), false, "localhost", session),
        server.wrapBio(MemoryBio(), MemoryBio(), true, null),
    ).apply { handshake() }

    fun acceptsAndHits(): Pair<Long, Long> = server.sessionStats().let { it["accept"]!! to it["hits"]!! }
}

/** PARITY.md sections 16 (unwrap / close / ragged EOFs) and 17 (session reuse and session_stats) on [provider]. */
public fun parityCloseSessSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"

    // ------------------------------------------------------------------ 16. close

    test("CLOSE-03 $p unwrap after the peer closed TCP without close_notify is an OSError, over sockets and over BIOs") {
        ParityBServer.tls(serverContext(provider)) { tls -> tls.socket().close() }.use { server ->
            val tls = clientContext(provider).wrapSocket(server.connect(), WrapOptions.client("localhost"))
            server.result()
            shouldThrow<IOException> { tls.unwrap() }
            tls.close()
        }
        // over BIOs: the transport's EOF without close_notify (the seed's SSLSyscallError/SSLEOFError family)
        val pair = MemoryPair.of(clientContext(provider), serverContext(provider)).apply { handshake() }
        pair.client.incoming().writeEof()
        shouldThrow<TlsException> { pair.client.unwrap() }.shouldBeInstanceOf<TlsEofException>()
    }

    test("CLOSE-05 $p read returns end of stream after the peer's close_notify, and version() is None after close()") {
        ParityBServer.tls(serverContext(provider)) { tls ->
            tls.sendall("bye".toByteArray())
            tls.unwrap()
        }.use { server ->
            val tls = clientContext(provider).wrapSocket(server.connect(), WrapOptions.client("localhost"))
            tls.version().isPresent shouldBe true
            String(tls.recv(10)) shouldBe "bye"
            tls.recv(10).size shouldBe 0 // b"": the peer's close_notify
            tls.read(ByteArray(4), 0, 4) shouldBe -1
            tls.unwrap().close() // the plain socket is ours again: close it
            server.result()
            tls.close()
            tls.version().isPresent shouldBe false
            tls.cipher().isPresent shouldBe false
        }
    }

    // ------------------------------------------------------------------ 17. sessions (TLS 1.2, as upstream)

    test("SESS-01 $p the first connection has a session with id, time, timeout and a ticket, not reused; the server counts accept 1, hits 0") {
        val c = Tls12Contexts(provider)
        val pair = c.connect()
        val s = pair.client.session().get()
        s.id().isNotEmpty().shouldBeTrue()
        s.time() shouldBeGreaterThan 0L
        s.timeout() shouldBeGreaterThan 0L
        s.hasTicket() shouldBe true
        s.ticketLifetimeHint() shouldBeGreaterThan 0L
        pair.client.sessionReused() shouldBe false
        c.acceptsAndHits() shouldBe (1L to 0L)
    }

    test("SESS-02 $p reconnecting with the session resumes it: equal but not the same object, accept 2, hits 1") {
        val c = Tls12Contexts(provider)
        val session = c.connect().client.session().get()
        val again = c.connect(session)
        again.client.sessionReused() shouldBe true
        again.server.sessionReused() shouldBe true
        c.acceptsAndHits() shouldBe (2L to 1L)
        val s2 = again.client.session().get()
        s2 shouldBe session
        s2 shouldNotBeSameInstanceAs session
        s2.time() shouldBeGreaterThanOrEqual session.time()
        s2.timeout() shouldBeGreaterThanOrEqual session.timeout()
    }

    test("SESS-03 $p a connection without the session gets a new id (accept 3, hits 1); the old one still resumes (accept 4, hits 2)") {
        val c = Tls12Contexts(provider)
        val session = c.connect().client.session().get()
        c.connect(session)
        val fresh = c.connect()
        fresh.client.sessionReused() shouldBe false
        fresh.client.session().get() shouldNotBe session
        c.acceptsAndHits() shouldBe (3L to 1L)
        c.connect(session).client.sessionReused() shouldBe true
        c.acceptsAndHits() shouldBe (4L to 2L)
    }

    test("SESS-04 $p before the handshake there is no session and session_reused is false") {
        // the seed's session_reused is None before the handshake; a Java boolean cannot be None, so it reads false
        val pair = MemoryPair.of(clientContext(provider), serverContext(provider))
        pair.client.session().isPresent shouldBe false
        pair.client.sessionReused() shouldBe false
        pair.server.session().isPresent shouldBe false
    }

    test("SESS-06 $p setting the session before the handshake resumes it with the same id") {
        val c = Tls12Contexts(provider)
        val session = c.connect().client.session().get()
        val conn = c.client.wrapBio(MemoryBio(), MemoryBio(), false, "localhost")
        conn.setSession(session)
        val pair = MemoryPair(conn, c.server.wrapBio(MemoryBio(), MemoryBio(), true, null)).apply { handshake() }
        pair.client.sessionReused() shouldBe true
        pair.client.session().get().id().toList() shouldBe session.id().toList()
        pair.client.session().get() shouldBe session
    }
}
