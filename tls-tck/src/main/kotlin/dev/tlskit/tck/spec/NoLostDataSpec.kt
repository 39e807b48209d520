@file:OptIn(dev.tlskit.kotlin.InternalTlsApi::class)

package dev.tlskit.tck.spec

import dev.tlskit.MemoryBio
import dev.tlskit.ShutdownState
import dev.tlskit.TlsConnection
import dev.tlskit.TlsEofException
import dev.tlskit.TlsSocket
import dev.tlskit.TlsWantReadException
import dev.tlskit.WrapOptions
import dev.tlskit.kotlin.bind
import dev.tlskit.kotlin.connect
import dev.tlskit.tck.BulkPeer
import dev.tlskit.tck.BulkPeerResult
import dev.tlskit.tck.TestPattern
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout
import java.io.ByteArrayOutputStream
import java.io.IOException
import java.io.InputStream
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.Socket
import java.nio.ByteBuffer
import java.security.MessageDigest
import kotlin.coroutines.cancellation.CancellationException
import kotlin.time.Duration.Companion.seconds

private const val SIZE = 4 * 1024 * 1024
private const val PIECE = 64 * 1024
/** A slow reader's TCP receive buffer: small, so the writer blocks on back-pressure long before it is done. */
private const val SLOW_RCVBUF = 16 * 1024
/** A slow reader's read size: ~4000 reads for 4 MB, each followed by hashing the piece. */
private const val SLOW_CHUNK = 1024
private const val SO_TIMEOUT_MS = 30_000
private const val PLAIN_AFTER = "plain text after close_notify\n"
private const val PLAIN_BACK = "plain text back after unwrap\n"
private val loopback: InetAddress = InetAddress.getLoopbackAddress()

/** What a slow reader got: the byte count, their SHA-256, and how the stream ended. */
private data class Received(val count: Long, val sha256: String, val end: String)

/**
 * Reads with [read] (a count, or -1 at a clean end) in [SLOW_CHUNK] pieces until the end, hashing each piece: the
 * reader is slow because it reads little at a time and works between reads, never because it sleeps.
 */
private inline fun slowRead(read: (ByteArray) -> Int): Received {
    val md = MessageDigest.getInstance("SHA-256")
    val buf = ByteArray(SLOW_CHUNK)
    var count = 0L
    val end = try {
        while (true) {
            val n = read(buf)
            if (n < 0) break
            md.update(buf, 0, n)
            count += n
        }
        "close_notify"
    } catch (e: TlsEofException) {
        "ragged: $e"
    } catch (e: IOException) {
        "error: $e"
    }
    return Received(count, md.digest().joinToString("") { "%02x".format(it) }, end)
}

/** The plain stream to its end, as latin-1 text. */
private fun InputStream.readAllText(): String = String(readAllBytes(), Charsets.ISO_8859_1)

/** A listening socket on 127.0.0.1, port 0; a slow server's accepted sockets get the small receive buffer. */
private fun listener(slow: Boolean): ServerSocket = ServerSocket().apply {
    if (slow) receiveBufferSize = SLOW_RCVBUF
    bind(InetSocketAddress(loopback, 0), 1)
}

private fun connectTo(port: Int, slow: Boolean): Socket = Socket().apply {
    if (slow) receiveBufferSize = SLOW_RCVBUF
    soTimeout = SO_TIMEOUT_MS
    connect(InetSocketAddress(loopback, port), SO_TIMEOUT_MS)
}

private fun ServerSocket.acceptTimed(): Socket {
    soTimeout = SO_TIMEOUT_MS
    return accept().apply { soTimeout = SO_TIMEOUT_MS }
}

/** Writes all of [data] in [PIECE]-sized `sendall`s, so the writer meets back-pressure many times. */
private fun TlsSocket.writeInPieces(data: ByteArray) {
    var off = 0
    while (off < data.size) {
        val n = minOf(PIECE, data.size - off)
        write(data, off, n)
        off += n
    }
}

/**
 * No lost data (issue 11, item 3): every byte written before `close()`, `shutdown()` or `unwrap()` reaches a peer that
 * keeps reading — 4 MB of [TestPattern] bytes checked by SHA-256, a slow reader (small reads, small receive buffer) so
 * the writer closes while megabytes are still in flight, real CPython `ssl` peers and tlskit peers, on the blocking
 * socket, the memory BIO and the coroutine transport. Each reader also checks how the stream ended: close_notify, not
 * a ragged EOF or a reset.
 */
public fun noLostDataSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider] no lost data:"
    val data = TestPattern.bytes("tlskit-no-lost-data", SIZE)
    val sha = TestPattern.sha256Hex(data)
    val all = Received(SIZE.toLong(), sha, "close_notify")
    val serverArgs = listOf("--certfile", pki.localhost.chainFile.toString(), "--keyfile", pki.localhost.keyFile.toString())
    val clientArgs = listOf("--cafile", pki.root.certFile.toString())
    val slowArgs = listOf("--chunk", SLOW_CHUNK.toString(), "--rcvbuf", SLOW_RCVBUF.toString())

    fun BulkPeerResult.shouldHaveReadAll() {
        (eof to error) shouldBe ("close_notify" to null)
        received shouldBe SIZE.toLong()
        sha256 shouldBe sha
    }

    test("$p TlsSocket client writes 4 MB then close(): a slow tlskit server reads every byte, then close_notify") {
        listener(slow = true).use { ss ->
            val reader = async(Dispatchers.IO) {
                serverContext(provider).wrapSocket(ss.acceptTimed(), WrapOptions.server().withSuppressRaggedEofs(false))
                    .use { tls -> slowRead { tls.read(it, 0, it.size) } }
            }
            val tls = clientContext(provider).wrapSocket(connectTo(ss.localPort, slow = false), WrapOptions.client("localhost"))
            tls.writeInPieces(data)
            tls.close()
            reader.await() shouldBe all
        }
    }

    test("$p TlsSocket client writes 4 MB then close(): a slow Python ssl server reads every byte, then close_notify") {
        BulkPeer.start(listOf("server", "recv") + serverArgs + slowArgs).use { peer ->
            val tls = clientContext(provider).wrapSocket(connectTo(peer.port, slow = false), WrapOptions.client("localhost"))
            tls.writeInPieces(data)
            tls.close()
            peer.awaitResult().shouldHaveReadAll()
        }
    }

    test("$p TlsSocket server writes 4 MB then close(): a slow tlskit client reads every byte, then close_notify") {
        listener(slow = false).use { ss ->
            val writer = async(Dispatchers.IO) {
                serverContext(provider).wrapSocket(ss.acceptTimed(), WrapOptions.server()).use { it.writeInPieces(data) }
            }
            val got = clientContext(provider)
                .wrapSocket(connectTo(ss.localPort, slow = true), WrapOptions.client("localhost").withSuppressRaggedEofs(false))
                .use { tls -> slowRead { tls.read(it, 0, it.size) } }
            writer.await()
            got shouldBe all
        }
    }

    test("$p TlsSocket server writes 4 MB then close(): a slow Python ssl client reads every byte, then close_notify") {
        listener(slow = false).use { ss ->
            BulkPeer.start(listOf("client", "recv", "--port", ss.localPort.toString()) + clientArgs + slowArgs).use { peer ->
                serverContext(provider).wrapSocket(ss.acceptTimed(), WrapOptions.server()).use { it.writeInPieces(data) }
                peer.awaitResult().shouldHaveReadAll()
            }
        }
    }

    test("$p TlsSocket writes 4 MB then unwrap(): it returns after the slow Python peer's close_notify, and the plain socket keeps what the peer sent after it") {
        BulkPeer.start(listOf("server", "recv", "--unwrap", "--plain", PLAIN_AFTER) + serverArgs + slowArgs).use { peer ->
            val tls = clientContext(provider).wrapSocket(connectTo(peer.port, slow = false), WrapOptions.client("localhost"))
            tls.writeInPieces(data)
            val plain = tls.unwrap()
            // had unwrap() returned before the peer's close_notify, the plain stream would start with that TLS record
            tls.connection().getShutdown() shouldBe java.util.EnumSet.allOf(ShutdownState::class.java)
            plain.use {
                it.getOutputStream().write(PLAIN_BACK.toByteArray(Charsets.ISO_8859_1))
                it.shutdownOutput()
                it.getInputStream().readAllText() shouldBe PLAIN_AFTER
            }
            val r = peer.awaitResult()
            r.shouldHaveReadAll()
            r.unwrapped shouldBe true
            r.plainAfter shouldBe PLAIN_BACK
        }
    }

    test("$p a slow TlsSocket reader of a Python writer: -1 at its close_notify, then unwrap() keeps the plain bytes it sent after") {
        listener(slow = false).use { ss ->
            BulkPeer.start(
                listOf("client", "send", "--port", ss.localPort.toString(), "--bytes", SIZE.toString(), "--seed",
                    "tlskit-no-lost-data", "--unwrap", "--plain", PLAIN_AFTER) + clientArgs,
            ).use { peer ->
                val sock = ss.acceptTimed().apply { receiveBufferSize = SLOW_RCVBUF }
                val tls = serverContext(provider).wrapSocket(sock, WrapOptions.server().withSuppressRaggedEofs(false))
                slowRead { tls.read(it, 0, it.size) } shouldBe all
                tls.unwrap().use {
                    it.getOutputStream().write(PLAIN_BACK.toByteArray(Charsets.ISO_8859_1))
                    it.shutdownOutput()
                    it.getInputStream().readAllText() shouldBe PLAIN_AFTER
                }
                val r = peer.awaitResult()
                (r.unwrapped to r.error) shouldBe (true to null)
                r.plainAfter shouldBe PLAIN_BACK
            }
        }
    }

    test("$p TlsSocket server writes 4 MB then unwrap() to a slow tlskit client that unwraps at the end: both plain sockets keep the bytes sent after close_notify") {
        listener(slow = false).use { ss ->
            val server = async(Dispatchers.IO) {
                val tls = serverContext(provider).wrapSocket(ss.acceptTimed(), WrapOptions.server())
                tls.writeInPieces(data)
                tls.unwrap().use { plain ->
                    plain.getOutputStream().write(PLAIN_AFTER.toByteArray(Charsets.ISO_8859_1))
                    plain.shutdownOutput()
                    plain.getInputStream().readAllText()
                }
            }
            val tls = clientContext(provider)
                .wrapSocket(connectTo(ss.localPort, slow = true), WrapOptions.client("localhost").withSuppressRaggedEofs(false))
            slowRead { tls.read(it, 0, it.size) } shouldBe all
            tls.unwrap().use { plain ->
                plain.getOutputStream().write(PLAIN_BACK.toByteArray(Charsets.ISO_8859_1))
                plain.shutdownOutput()
                plain.getInputStream().readAllText() shouldBe PLAIN_AFTER
            }
            server.await() shouldBe PLAIN_BACK
        }
    }

    memoryBioNoLostData(p, provider, data, all, serverArgs, slowArgs)
    coroutineNoLostData(p, provider, data, all, serverArgs, clientArgs, slowArgs)
}

/** Moves at most [max] bytes from [from]'s outgoing BIO to [to]'s incoming one: a slow network. */
private fun step(from: TlsConnection, to: TlsConnection, max: Int): Int {
    val bytes = from.outgoing().read(max)
    if (bytes.isNotEmpty()) to.incoming().write(bytes)
    return bytes.size
}

/** Reads what [conn] can give now in [SLOW_CHUNK] pieces into [md]; the count, and whether close_notify came. */
private fun readAvailable(conn: TlsConnection, md: MessageDigest): Pair<Long, Boolean> {
    val buf = ByteBuffer.allocate(SLOW_CHUNK)
    var count = 0L
    while (true) {
        buf.clear()
        val n = try {
            conn.read(buf)
        } catch (e: TlsWantReadException) {
            return count to false
        }
        if (n < 0) return count to true
        md.update(buf.array(), 0, n)
        count += n
    }
}

private fun io.kotest.core.spec.style.scopes.FunSpecRootScope.memoryBioNoLostData(
    p: String, provider: String, data: ByteArray, all: Received, serverArgs: List<String>, slowArgs: List<String>,
) {
    test("$p memory BIO: 4 MB written, then shutdown(), moved in 4 KB steps to a reader of 1 KB reads, arrive in full; close_notify both ways") {
        val pair = MemoryPair.of(clientContext(provider), serverContext(provider))
        pair.handshake()
        val md = MessageDigest.getInstance("SHA-256")
        var count = 0L
        var closed = false
        fun drain() {
            while (step(pair.client, pair.server, 4096) > 0 || pair.server.pending() > 0) {
                val (n, c) = readAvailable(pair.server, md)
                count += n
                closed = closed || c
            }
        }
        for (off in data.indices step PIECE) {
            pair.client.write(ByteBuffer.wrap(data, off, minOf(PIECE, data.size - off))) shouldBe minOf(PIECE, data.size - off)
            drain()
        }
        pair.client.shutdown() shouldBe false
        drain()
        Received(count, md.digest().joinToString("") { "%02x".format(it) }, if (closed) "close_notify" else "open") shouldBe all
        pair.server.shutdown() shouldBe true
        pair.move(pair.server, pair.client)
        pair.client.shutdown() shouldBe true
        pair.client.close()
        pair.server.close()
    }

    test("$p memory BIO: unwrap() after a 1 MB write waits for the peer's close_notify and leaves the bytes after it in the incoming BIO") {
        val pair = MemoryPair.of(clientContext(provider), serverContext(provider))
        pair.handshake()
        val part = data.copyOf(1024 * 1024)
        pair.client.write(part) shouldBe part.size
        shouldThrow<TlsWantReadException> { pair.client.unwrap() }   // the seed's SSLWantReadError: no close_notify yet
        val md = MessageDigest.getInstance("SHA-256")
        var count = 0L
        var closed = false
        while (step(pair.client, pair.server, 4096) > 0 || pair.server.pending() > 0) {
            val (n, c) = readAvailable(pair.server, md)
            count += n
            closed = closed || c
        }
        (count to closed) shouldBe (part.size.toLong() to true)
        md.digest().joinToString("") { "%02x".format(it) } shouldBe TestPattern.sha256Hex(part)
        pair.server.unwrap()
        pair.move(pair.server, pair.client)
        pair.client.incoming().write(PLAIN_AFTER.toByteArray(Charsets.ISO_8859_1))
        pair.client.unwrap()
        pair.client.getShutdown() shouldBe java.util.EnumSet.allOf(ShutdownState::class.java)
        String(pair.client.incoming().read(), Charsets.ISO_8859_1) shouldBe PLAIN_AFTER
        pair.client.close()
        pair.server.close()
    }

    test("$p memory BIO pumped over TCP: 4 MB then shutdown() reach a slow Python ssl server in full, and its close_notify completes shutdown()") {
        BulkPeer.start(listOf("server", "recv", "--unwrap", "--plain", PLAIN_AFTER) + serverArgs + slowArgs).use { peer ->
            connectTo(peer.port, slow = false).use { sock ->
                val conn = clientContext(provider).wrapBio(MemoryBio(), MemoryBio(), false, "localhost")
                val buf = ByteArray(16 * 1024 + 512)
                fun flush() {
                    val b = conn.outgoing().read()
                    if (b.isNotEmpty()) sock.getOutputStream().write(b)
                }
                fun fill() {
                    val n = sock.getInputStream().read(buf)
                    if (n < 0) conn.incoming().writeEof() else conn.incoming().write(buf, 0, n)
                }
                while (true) {
                    try {
                        conn.doHandshake(); flush(); break
                    } catch (e: TlsWantReadException) {
                        flush(); fill()
                    }
                }
                for (off in data.indices step PIECE) {
                    conn.write(ByteBuffer.wrap(data, off, minOf(PIECE, data.size - off)))
                    flush()
                }
                var done = conn.shutdown()
                flush()
                while (!done) {
                    fill()
                    done = try {
                        conn.shutdown()
                    } catch (e: TlsWantReadException) {
                        false
                    }
                }
                sock.shutdownOutput()
                val rest = ByteArrayOutputStream().apply { write(conn.incoming().read()) }
                sock.getInputStream().transferTo(rest)
                rest.toString(Charsets.ISO_8859_1) shouldBe PLAIN_AFTER
                conn.close()
            }
            peer.awaitResult().apply {
                (eof to error) shouldBe ("close_notify" to null)
                received shouldBe all.count
                sha256 shouldBe all.sha256
            }
        }
    }
}

private fun io.kotest.core.spec.style.scopes.FunSpecRootScope.coroutineNoLostData(
    p: String, provider: String, data: ByteArray, all: Received, serverArgs: List<String>, clientArgs: List<String>,
    slowArgs: List<String>,
) {
    test("$p coroutine client writes 4 MB in one write() then close(): a slow tlskit server reads every byte, then close_notify") {
        listener(slow = true).use { ss ->
            val reader = async(Dispatchers.IO) {
                serverContext(provider).wrapSocket(ss.acceptTimed(), WrapOptions.server().withSuppressRaggedEofs(false))
                    .use { tls -> slowRead { tls.read(it, 0, it.size) } }
            }
            withTimeout(30.seconds) {
                val ch = dslClient(provider).connect("127.0.0.1", ss.localPort, "localhost")
                ch.write(ByteBuffer.wrap(data)) shouldBe SIZE
                ch.close()
            }
            reader.await() shouldBe all
        }
    }

    test("$p coroutine client writes 4 MB in one write() then close(): a slow Python ssl server reads every byte, then close_notify") {
        BulkPeer.start(listOf("server", "recv") + serverArgs + slowArgs).use { peer ->
            withTimeout(30.seconds) {
                val ch = dslClient(provider).connect("127.0.0.1", peer.port, "localhost")
                ch.write(ByteBuffer.wrap(data)) shouldBe SIZE
                ch.close()
            }
            val r = peer.awaitResult()
            (r.eof to r.error) shouldBe ("close_notify" to null)
            (r.received to r.sha256) shouldBe (all.count to all.sha256)
        }
    }

    test("$p coroutine server writes 4 MB then close(): a slow Python ssl client reads every byte, then close_notify") {
        dslServer(provider).bind().use { server ->
            BulkPeer.start(listOf("client", "recv", "--port", server.port.toString()) + clientArgs + slowArgs).use { peer ->
                withTimeout(30.seconds) {
                    server.accept().use { ch ->
                        ch.write(ByteBuffer.wrap(data)) shouldBe SIZE
                    }
                }
                val r = peer.awaitResult()
                (r.eof to r.error) shouldBe ("close_notify" to null)
                (r.received to r.sha256) shouldBe (all.count to all.sha256)
            }
        }
    }

    test("$p a coroutine reader cancelled while it waits mid-stream has every byte it read, in order, and the channel is closed") {
        val half = SIZE / 2
        val gate = java.util.concurrent.CountDownLatch(1)
        listener(slow = false).use { ss ->
            val writer = async(Dispatchers.IO) {
                serverContext(provider).wrapSocket(ss.acceptTimed(), WrapOptions.server()).use { tls ->
                    try {
                        tls.writeInPieces(data.copyOf(half))
                        gate.await(SO_TIMEOUT_MS.toLong(), java.util.concurrent.TimeUnit.MILLISECONDS)
                        tls.writeInPieces(data.copyOfRange(half, SIZE))
                        "wrote all"
                    } catch (e: IOException) {
                        "stopped: the reader went away"
                    }
                }
            }
            val ch = withTimeout(30.seconds) { dslClient(provider).connect("127.0.0.1", ss.localPort, "localhost") }
            val sink = ByteArrayOutputStream()
            val count = java.util.concurrent.atomic.AtomicInteger()
            val parked = CompletableDeferred<Unit>()
            // the reader is cancelled inside read(), parked for bytes the writer holds back, after it has read the rest
            dev.tlskit.kotlin.TlsTransportDiagnostics.suspensionListener = {
                if (it == dev.tlskit.kotlin.TlsTransportDiagnostics.Phase.READ && count.get() >= half) parked.complete(Unit)
            }
            try {
                val job = launch(Dispatchers.Default) {
                    val buf = ByteBuffer.allocate(SLOW_CHUNK)
                    try {
                        while (true) {
                            buf.clear()
                            if (ch.read(buf) < 0) break
                            sink.write(buf.array(), 0, buf.position())
                            count.set(sink.size())
                        }
                    } catch (e: CancellationException) {
                        sink.write(buf.array(), 0, buf.position())   // whatever a cancelled read left in the buffer
                        throw e
                    }
                }
                withTimeout(30.seconds) { parked.await() }
                job.cancelAndJoin()
            } finally {
                noParkListener()
                gate.countDown()
            }
            val got = sink.toByteArray()
            got.size shouldBe half
            got.contentEquals(data.copyOf(half)) shouldBe true
            ch.isOpen shouldBe false
            writer.await()
            shouldLeakNothing()
        }
    }
}
