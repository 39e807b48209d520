package dev.tlskit.tck.spec.parity

import dev.tlskit.Method
import dev.tlskit.Mode
import dev.tlskit.TlsContext
import dev.tlskit.TlsProtocolException
import dev.tlskit.TlsSocket
import dev.tlskit.TlsWantReadException
import dev.tlskit.TlsWantWriteException
import dev.tlskit.WrapOptions
import dev.tlskit.tck.OpenSslServer
import dev.tlskit.tck.OpenSslServerOptions
import dev.tlskit.tck.spec.clientContext
import dev.tlskit.tck.spec.pki
import dev.tlskit.tck.spec.serverContext
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.collections.shouldBeIn
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeSameInstanceAs
import java.net.ConnectException
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.Socket
import java.net.StandardSocketOptions
import java.nio.ByteBuffer
import java.nio.channels.SelectionKey
import java.nio.channels.Selector
import java.nio.channels.ServerSocketChannel
import java.nio.channels.SocketChannel
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

private const val ECONNREFUSED = 111
private const val ETIMEDOUT = 110
private const val EHOSTUNREACH = 113
private const val EWOULDBLOCK = 11
private const val EINPROGRESS = 115

private val loopback: InetAddress = InetAddress.getLoopbackAddress()

/** A loopback address nothing listens on: a port the OS gave out and took back. */
private fun closedAddress(): InetSocketAddress =
    InetSocketAddress(loopback, ServerSocket(0, 1, loopback).use { it.localPort })

/**
 * Repeats [step] until it stops throwing want-read/want-write, waiting for the socket's readiness with a selector
 * between tries (never sleeping); fails after 20 s.
 */
private fun <T> untilDone(tls: TlsSocket, step: () -> T): T {
    val ch = tls.socket().channel
    Selector.open().use { selector ->
        val key = ch.register(selector, 0)
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20)
        while (true) {
            val op = try {
                return step()
            } catch (_: TlsWantReadException) {
                SelectionKey.OP_READ
            } catch (_: TlsWantWriteException) {
                if (ch.isConnectionPending) SelectionKey.OP_CONNECT else SelectionKey.OP_WRITE
            }
            key.interestOps(op)
            val left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())
            check(left > 0 && selector.select(left) > 0) { "the socket never became ready for op $op" }
            selector.selectedKeys().clear()
        }
    }
}

/** Two connected loopback channels (the upstream tests' socketpair): (a, b). */
private fun channelPair(): Pair<SocketChannel, SocketChannel> =
    ServerSocketChannel.open().use { listener ->
        listener.bind(InetSocketAddress(loopback, 0))
        val a = SocketChannel.open(listener.localAddress)
        a to listener.accept()
    }

/** Fills [ch]'s send buffer (its peer not reading): big writes, then single bytes, until the socket takes none. */
private fun fillSendBuffer(ch: SocketChannel) {
    for (size in listOf(65536, 1)) {
        val chunk = ByteBuffer.allocate(size)
        while (true) {
            chunk.clear()
            if (ch.write(chunk) == 0) break
        }
    }
}

/**
 * Non-blocking and not-yet-connected socket connections (pyOpenSSL's `Connection(ctx, sock)`, the seed's
 * `connect`/`connect_ex`/`setblocking(False)`) on [provider]: parity lines WRAP-09, PCONN-02, PCONN-04, PBIO-07 and
 * PBIO-08.
 */
public fun parityNonBlockingSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"

    test("WRAP-09 $p connect_ex returns the errno for a closed port, 0 and a finished handshake for a live server, and EINPROGRESS then a want-read/want-write handshake loop when non-blocking") {
        clientContext(provider).wrapSocket(Socket(), WrapOptions.client("localhost")).use { tls ->
            tls.connectEx(closedAddress()) shouldBeIn listOf(ECONNREFUSED, EHOSTUNREACH, ETIMEDOUT, EWOULDBLOCK)
        }
        OpenSslServer(OpenSslServerOptions.of(pki.localhost)).use { server ->
            clientContext(provider).wrapSocket(Socket(), WrapOptions.client("localhost")).use { tls ->
                tls.socket().soTimeout = 20_000
                tls.connectEx(InetSocketAddress(loopback, server.port)) shouldBe 0
                val version = tls.version().orElseThrow()
                tls.sendall("hello-connect-ex\nCLOSE\n".toByteArray()) // s_server -rev answers each line reversed
                val reply = java.io.ByteArrayOutputStream()
                val buf = ByteArray(1024)
                while (true) {
                    val n = tls.read(buf, 0, buf.size)
                    if (n < 0) break
                    reply.write(buf, 0, n)
                }
                reply.toString() shouldContain "xe-tcennoc-olleh"
                server.awaitSessions(1).single().protocol shouldBe version
            }
        }
        // non-blocking, against a tlskit server that echoes one line
        ParityBServer.tls(serverContext(provider)) { tls -> tls.sendall((ParityBServer.line(tls) + "\n").toByteArray()) }
            .use { server ->
                val options = WrapOptions.client("localhost").withDoHandshakeOnConnect(false)
                clientContext(provider).wrapSocket(SocketChannel.open(), options).use { tls ->
                    tls.setBlocking(false)
                    tls.isBlocking() shouldBe false
                    tls.connectEx(InetSocketAddress(loopback, server.port)) shouldBeIn listOf(0, EINPROGRESS, EWOULDBLOCK)
                    untilDone(tls) { tls.doHandshake() }
                    tls.version().isPresent shouldBe true
                    val line = "ping-non-blocking\n".toByteArray()
                    untilDone(tls) { tls.send(line) } shouldBe line.size
                    val got = java.io.ByteArrayOutputStream()
                    while (!got.toString().endsWith("\n")) {
                        val buf = ByteArray(64)
                        val n = untilDone(tls) { tls.read(buf, 0, buf.size) }
                        check(n > 0) { "the server closed before echoing" }
                        got.write(buf, 0, n)
                    }
                    got.toString() shouldBe "ping-non-blocking\n"
                }
                server.result()
            }
    }

    test("PCONN-02 $p Connection(ctx, None) uses memory BIOs; on a socket connection bio_read, bio_write and bio_shutdown are refused") {
        val ctx = TlsContext.create(Method.TLS_METHOD, provider)
        ctx.newConnection().bioWrite("foo".toByteArray()) shouldBe 3 // memory: the bytes are taken
        ctx.wrapSocket(Socket(), WrapOptions.client("localhost")).use { tls ->
            val onSocket = tls.connection()
            // pyOpenSSL: TypeError("Connection sock was not None"); mapped to IllegalStateException (wrong kind of
            // connection for the call, not a bad argument)
            shouldThrow<IllegalStateException> { onSocket.bioRead(100) }.message!! shouldContain "socket"
            shouldThrow<IllegalStateException> { onSocket.bioWrite("foo".toByteArray()) }
            shouldThrow<IllegalStateException> { onSocket.bioShutdown() }
        }
    }

    test("PCONN-04 $p connect(None) is refused, a refused connect raises with ECONNREFUSED, a non-blocking connect_ex is in progress, accept returns a connection of the same context") {
        val ctx = TlsContext.create(Method.TLS_METHOD, provider)
        ctx.wrapSocket(Socket(), WrapOptions.client("localhost")).use { tls ->
            shouldThrow<NullPointerException> { tls.connect(null) } // TypeError
            shouldThrow<ConnectException> { tls.connect(closedAddress()) }
        }
        ctx.wrapSocket(Socket(), WrapOptions.client("localhost")).use { tls ->
            tls.connectEx(closedAddress()) shouldBe ECONNREFUSED // args[0] of the OSError connect raises
        }
        ServerSocket(0, 4, loopback).use { listener ->
            ctx.wrapSocket(SocketChannel.open(), WrapOptions.client("localhost")).use { tls ->
                tls.setBlocking(false)
                tls.connectEx(InetSocketAddress(loopback, listener.localPort)) shouldBeIn listOf(EINPROGRESS, EWOULDBLOCK)
            }
        }
        val serverCtx = serverContext(provider)
        serverCtx.wrapServerSocket(ServerSocket(0, 4, loopback), WrapOptions.server()).use { server ->
            val pool = Executors.newSingleThreadExecutor()
            try {
                val client = pool.submit<TlsSocket> {
                    clientContext(provider).wrapSocket(Socket(), WrapOptions.client("localhost")).apply {
                        socket().soTimeout = 20_000
                        connect(server.localAddress())
                    }
                }
                server.socket().soTimeout = 20_000
                server.accept().use { accepted ->
                    accepted.context() shouldBeSameInstanceAs serverCtx
                    accepted.serverSide() shouldBe true
                    client.get(20, TimeUnit.SECONDS).use { c ->
                        accepted.socket().remoteSocketAddress shouldBe c.socket().localSocketAddress
                        c.sendall("x".toByteArray())
                        accepted.recv(1).decodeToString() shouldBe "x"
                        accepted.version() shouldBe c.version()
                    }
                }
            } finally {
                pool.shutdownNow()
            }
        }
    }

    test("PBIO-07 $p with the socket's send buffer full, do_handshake raises WantWriteError and want_write is true") {
        val (a, b) = channelPair()
        b.use {
            a.configureBlocking(false)
            fillSendBuffer(a)
            val options = WrapOptions.client("localhost").withDoHandshakeOnConnect(false)
            TlsContext.create(Method.TLS_METHOD, provider).wrapSocket(a, options).use { tls ->
                shouldThrow<TlsWantWriteException> { tls.doHandshake() }
                tls.connection().wantWrite() shouldBe true // the ClientHello waits for room
            }
        }
    }

    test("PBIO-08 $p a send retried after WantWriteError may move to another buffer by default; without ACCEPT_MOVING_WRITE_BUFFER it is a bad write retry") {
        for (moving in listOf(true, false)) {
            val (a, b) = channelPair()
            val clientCtx = TlsContext.create(Method.TLS_METHOD, provider)
            clientCtx.mode() shouldBe 0x7L
            if (!moving) {
                clientCtx.clearMode(Mode.ENABLE_PARTIAL_WRITE.code() or Mode.ACCEPT_MOVING_WRITE_BUFFER.code())
                clientCtx.setMode(Mode.ENABLE_PARTIAL_WRITE.code()) shouldBe 0x5L
            }
            a.setOption(StandardSocketOptions.SO_SNDBUF, 65536)
            b.setOption(StandardSocketOptions.SO_RCVBUF, 32768)
            val bufferSize = minOf(a.getOption(StandardSocketOptions.SO_SNDBUF), b.getOption(StandardSocketOptions.SO_RCVBUF)) / 2
            val pool = Executors.newSingleThreadExecutor()
            try {
                val serverSide = pool.submit<TlsSocket> {
                    serverContext(provider).wrapSocket(b.socket().apply { soTimeout = 20_000 }, WrapOptions.server())
                }
                val client = clientCtx.wrapSocket(a, WrapOptions.client("localhost"))
                val server = serverSide.get(20, TimeUnit.SECONDS)
                client.setBlocking(false)
                var sent = 0L
                val first = ByteArray(bufferSize) { 'Y'.code.toByte() }
                while (true) {
                    try {
                        sent += client.send(first)
                    } catch (_: TlsWantWriteException) {
                        break
                    }
                }
                // read everything the successful sends delivered; that frees the socket buffers for the retry
                val seen = ByteArray(8192)
                var left = sent
                while (left > 0) {
                    val n = server.read(seen, 0, minOf(seen.size.toLong(), left).toInt())
                    check(n > 0) { "the stream ended early" }
                    left -= n
                }
                val second = ByteArray(bufferSize) { 'Z'.code.toByte() }
                if (moving) {
                    val n = untilDone(client) { client.send(second) }
                    n shouldBe minOf(bufferSize, 16384) // the first attempt's count (one record: ENABLE_PARTIAL_WRITE)
                    val tail = ByteArray(n)
                    var got = 0
                    while (got < n) got += server.read(tail, got, n - got)
                    tail.all { it == 'Y'.code.toByte() } shouldBe true // the bytes of the first attempt
                } else {
                    val e = shouldThrow<TlsProtocolException> { client.send(second) }
                    e.reason().orElseThrow() shouldBe "BAD_WRITE_RETRY"
                    e.message!! shouldContain "bad write retry"
                }
                client.close()
                server.close()
            } finally {
                pool.shutdownNow()
                a.close()
                b.close()
            }
        }
    }
}
