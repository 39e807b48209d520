@file:OptIn(InternalTlsApi::class)

package dev.tlskit.kotlin

import dev.tlskit.TlsConnection
import dev.tlskit.TlsSyscallException
import dev.tlskit.TlsVersion
import dev.tlskit.ciphers.CipherInfo
import dev.tlskit.internal.EngineDriver
import dev.tlskit.internal.Transports
import dev.tlskit.kotlin.TlsTransportDiagnostics.Phase
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import java.io.EOFException
import java.io.IOException
import java.net.InetSocketAddress
import java.net.SocketAddress
import java.nio.ByteBuffer
import java.nio.channels.AsynchronousCloseException
import java.nio.channels.ClosedChannelException
import java.nio.channels.SelectionKey
import java.nio.channels.SocketChannel
import java.security.cert.X509Certificate
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.coroutines.cancellation.CancellationException

/**
 * A TLS connection over a non-blocking [SocketChannel] with suspending I/O, from [connect] or [TlsServer.accept]. It
 * pumps the same engine driver as [dev.tlskit.TlsSocket] through its [TlsConnection]'s memory buffers: the TLS rules,
 * errors and negotiated facts are the Java API's.
 *
 * ```
 * clientCtx.connect("example.org", 443).use { tls ->
 *     tls.write(ByteBuffer.wrap("GET / HTTP/1.0\r\n\r\n".toByteArray()))
 *     val buf = ByteBuffer.allocate(4096)
 *     while (tls.read(buf) >= 0) { buf.flip(); consume(buf); buf.clear() }
 *     println("${tls.version} ${tls.cipher?.name()} alpn=${tls.alpnProtocol}")
 * }
 * ```
 *
 * <h2>Concurrency</h2>
 * One coroutine may read while another writes. Two concurrent reads (or writes) are served one after the other.
 * The handshake runs once, on the first of [handshake], [read] or [write].
 *
 * <h2>Cancellation</h2>
 * Cancelling a coroutine that waits inside any operation (connect, handshake, read, write, shutdown) closes this
 * channel at once: the socket is closed, the selector key dropped, the engine and buffers released; an operation of
 * another coroutine on the same channel then fails with [AsynchronousCloseException]. Time limits are `withTimeout`:
 * `withTimeout(5.seconds) { tls.handshake() }`.
 *
 * <h2>Errors</h2>
 * TLS failures are the seeds' [dev.tlskit.TlsException] subtypes ([dev.tlskit.CertificateVerificationException],
 * [dev.tlskit.TlsEofException] for an EOF without close_notify, ...); a failing transport is [TlsSyscallException]
 * with the [IOException] as cause; any use after [close] is [ClosedChannelException]. A failed handshake closes the
 * channel.
 */
public class TlsChannel internal constructor(
    private val socket: SocketChannel,
    /** The memory-BIO connection underneath: every negotiated fact and peer certificate of the Java API. */
    public val connection: TlsConnection,
) : AutoCloseable {
    private val incoming = Transports.incoming(connection)
    private val outgoing = Transports.outgoing(connection)
    private val registration = Registration(socket) { abort(AsynchronousCloseException()) }
    private val handshakeMutex = Mutex()
    private val readMutex = Mutex()
    private val writeMutex = Mutex()
    private val closed = AtomicBoolean()

    init {
        TlsTransportDiagnostics.connectionCreated()
    }

    /** The negotiated version, `null` before the handshake. */
    public val version: TlsVersion? get() = connection.tlsVersion().orElse(null)

    /** Seed `cipher()`: the negotiated suite, `null` before the handshake. */
    public val cipher: CipherInfo? get() = connection.cipher().orElse(null)

    /** Seed `selected_alpn_protocol()`: `null` when none was agreed. */
    public val alpnProtocol: String? get() = connection.selectedAlpnProtocol().orElse(null)

    /** The peer's certificate chain as sent, leaf first; empty before the handshake or when it sent none. */
    public val peerCertificates: List<X509Certificate> get() = connection.peerCertChain

    /** Seed `server_side`. */
    public val serverSide: Boolean get() = connection.serverSide()

    /** The seed's `session`: what a later `connect(..., session = it)` resumes; `null` before the handshake. */
    public val session: dev.tlskit.TlsSession? get() = connection.session().orElse(null)

    /** The seed's `session_reused`: whether the handshake resumed a session. */
    public val sessionReused: Boolean get() = connection.sessionReused()

    /** `false` after [close] or after a cancellation closed it. */
    public val isOpen: Boolean get() = !closed.get()

    /** The local address, `null` once closed. */
    public val localAddress: InetSocketAddress? get() = runCatching { socket.localAddress as InetSocketAddress? }.getOrNull()

    /** The peer's address, `null` once closed. */
    public val remoteAddress: InetSocketAddress? get() = runCatching { socket.remoteAddress as InetSocketAddress? }.getOrNull()

    // ------------------------------------------------------------------ connect and handshake

    /** Connects the socket; a TCP failure is the JDK's own (e.g. [java.net.ConnectException]). */
    internal suspend fun connectTo(address: SocketAddress) {
        if (socket.connect(address)) return
        while (true) {
            registration.await(Slot.OUT, SelectionKey.OP_CONNECT, Phase.CONNECT)
            if (socket.finishConnect()) return
        }
    }

    /**
     * Seed `do_handshake()`: runs the handshake to the end (a no-op once done). [connect] has already called it; a
     * server channel from [TlsServer.accept] runs it here or on its first [read] or [write].
     *
     * @throws dev.tlskit.CertificateVerificationException when the peer's certificate is refused (the channel is closed)
     */
    public suspend fun handshake() {
        if (connection.isHandshakeDone) return
        guarded {
            handshakeMutex.withLock {
                if (connection.isHandshakeDone) return@withLock
                try {
                    while (true) {
                        val status = Transports.handshakeStatus(connection)
                        flushAll(Phase.HANDSHAKE)
                        when (status) {
                            EngineDriver.OK -> break
                            EngineDriver.WANT_READ -> fill(Phase.HANDSHAKE)
                            else -> Transports.check(connection, status)
                        }
                    }
                } catch (e: Throwable) {
                    // a transport failure is typed before abort() closes the channel: guarded() would otherwise see a
                    // closed channel and report a reset during the handshake as AsynchronousCloseException
                    val error = if (e is IOException && e !is dev.tlskit.TlsException && e !is ClosedChannelException) {
                        TlsSyscallException("the TCP connection failed during the handshake: $e", e)
                    } else {
                        e
                    }
                    abort(if (e is CancellationException) AsynchronousCloseException() else error)
                    throw error
                }
            }
        }
    }

    // ------------------------------------------------------------------ data

    /**
     * Reads decrypted bytes into [dst]: the count (0 only when [dst] has no room), or -1 after the peer's close_notify.
     *
     * @throws dev.tlskit.TlsEofException when the transport ended without close_notify (unless the context has
     *   `OP_IGNORE_UNEXPECTED_EOF`)
     */
    public suspend fun read(dst: ByteBuffer): Int {
        if (!dst.hasRemaining()) return 0
        handshake()
        return guarded { readMutex.withLock { readLocked(dst) } }
    }

    private suspend fun readLocked(dst: ByteBuffer): Int {
        while (true) {
            val n = Transports.readStatus(connection, dst)
            if (n >= 0) {
                flushOwnOutput()
                return n
            }
            when (n) {
                EngineDriver.CLOSED -> return -1
                EngineDriver.WANT_READ -> {
                    flushOwnOutput()
                    fill(Phase.READ)
                }
                else -> {
                    flushOwnOutput()
                    Transports.check(connection, n)
                }
            }
        }
    }

    /**
     * Reads until [dst] is full.
     *
     * @throws EOFException when the peer closed first (what did arrive is in [dst])
     */
    public suspend fun readFully(dst: ByteBuffer) {
        val wanted = dst.remaining()
        while (dst.hasRemaining()) {
            if (read(dst) < 0) {
                throw EOFException("the peer closed the TLS stream after ${wanted - dst.remaining()} of $wanted bytes")
            }
        }
    }

    /**
     * Encrypts and sends all of [src] (the seed's `sendall`); returns the count. Suspends while the peer does not read.
     *
     * @throws dev.tlskit.TlsZeroReturnException after [shutdown]
     */
    public suspend fun write(src: ByteBuffer): Int {
        handshake()
        var total = 0
        guarded {
            writeMutex.withLock {
                val limit = src.limit()
                try {
                    while (src.hasRemaining()) {
                        src.limit(minOf(limit, src.position() + WRITE_CHUNK))
                        val n = Transports.writeStatus(connection, src)
                        src.limit(limit)
                        if (n < 0) {
                            drainLocked(Phase.WRITE)
                            Transports.check(connection, n)
                        }
                        total += n
                        drainLocked(Phase.WRITE)
                    }
                } finally {
                    src.limit(limit)
                }
            }
            flushOwnOutput()
        }
        return total
    }

    /**
     * Seed `unwrap()` without returning the socket: sends close_notify and waits for the peer's. Data the peer sends
     * meanwhile stays readable. The socket stays open until [close].
     *
     * @throws dev.tlskit.TlsEofException when the transport ends before the peer's close_notify
     */
    public suspend fun shutdown() {
        guarded {
            readMutex.withLock {
                while (true) {
                    val status = Transports.shutdownStatus(connection)
                    flushAll(Phase.SHUTDOWN)
                    when (status) {
                        EngineDriver.OK -> break
                        EngineDriver.WANT_READ -> fill(Phase.SHUTDOWN)
                        else -> Transports.check(connection, status)
                    }
                }
            }
        }
    }

    /**
     * Closes the channel and releases the engine and buffers; call [shutdown] first to also wait for the peer's
     * close_notify. After a completed handshake it first queues close_notify. Every byte already written, and the
     * close_notify, reach a peer that keeps reading: what the socket does not take at once (a slow peer) is sent by the
     * selector thread, which then closes the socket (within 10 seconds if the peer reads nothing). Idempotent.
     */
    override fun close() {
        if (!closed.compareAndSet(false, true)) return
        var unsent: ByteBuffer? = null
        try {
            if (connection.isHandshakeDone && socket.isOpen) {
                Transports.closeOutbound(connection)
                if (writeSome() > 0) unsent = takeOutgoing()
                discardUnreadInput()
            }
        } catch (e: IOException) {
            // the peer may already be gone; closing must not fail because of it
        } catch (e: RuntimeException) {
            // same
        }
        release(ClosedChannelException(), unsent)
    }

    /** A copy of the queued outgoing bytes (a close that must finish on the selector thread). */
    private fun takeOutgoing(): ByteBuffer = synchronized(outgoing) {
        val view = outgoing.readable()
        val copy = ByteBuffer.allocate(view.remaining())
        copy.put(view).flip()
        outgoing.consumed(view)
        copy
    }

    /**
     * Reads and drops what the socket already received (TLS 1.3 session tickets, typically): a TCP close with unread
     * input resets the connection and discards the bytes still in our send buffer (RFC 2525 section 2.17).
     */
    private fun discardUnreadInput() {
        val scratch = ByteBuffer.allocate(4096)
        synchronized(incoming) {
            repeat(256) {
                scratch.clear()
                if (socket.read(scratch) <= 0) return
            }
        }
    }

    /** Closes without close_notify: cancellation, a failed handshake, a failed connect. */
    internal fun abort(cause: Throwable) {
        if (closed.compareAndSet(false, true)) release(cause, null)
    }

    /** Releases everything; the socket is closed now, or by a [Linger] once [unsent] has gone out. */
    private fun release(cause: Throwable, unsent: ByteBuffer?) {
        if (unsent == null) {
            try {
                socket.close()
            } catch (e: IOException) {
                // nothing more to do
            }
            TlsTransportDiagnostics.closed(socket)
            registration.closed(cause)
        } else {
            registration.closedLingering(cause, Linger(socket, unsent))
        }
        connection.close()
        synchronized(incoming) { incoming.clear() }
        synchronized(outgoing) { outgoing.clear() }
        TlsTransportDiagnostics.connectionReleased()
    }

    // ------------------------------------------------------------------ pumping

    /** Runs [block]; a use after close is [ClosedChannelException], a transport error [TlsSyscallException]. */
    private suspend inline fun <T> guarded(block: () -> T): T {
        if (closed.get()) throw ClosedChannelException()
        try {
            return block()
        } catch (e: CancellationException) {
            abort(AsynchronousCloseException())
            throw e
        } catch (e: ClosedChannelException) {
            throw e
        } catch (e: TlsSyscallException) {
            throw e
        } catch (e: dev.tlskit.TlsException) {
            throw e
        } catch (e: IOException) {
            if (closed.get()) throw AsynchronousCloseException().apply { initCause(e) }
            throw TlsSyscallException("the TCP connection failed: $e", e)
        }
    }

    /** Reads what the socket has into the incoming queue; waits for readability when it has nothing. */
    private suspend fun fill(phase: Phase) {
        while (true) {
            val n = synchronized(incoming) {
                val view = incoming.writable(READ_CHUNK)
                val n = socket.read(view)
                if (n > 0) incoming.produced(view)
                if (n < 0) incoming.markEof()
                n
            }
            if (n != 0) return
            // about to wait for the peer, maybe for a long time: an idle connection keeps no record-sized buffer
            Transports.releaseIdleBuffers(connection)
            registration.await(Slot.IN, SelectionKey.OP_READ, phase)
        }
    }

    /** Writes what the socket takes from the outgoing queue now; returns the bytes still queued. */
    private fun writeSome(): Int = synchronized(outgoing) {
        if (outgoing.size() > 0) {
            val view = outgoing.readable()
            socket.write(view)
            outgoing.consumed(view)
        }
        outgoing.size()
    }

    private fun outgoingPending(): Int = synchronized(outgoing) { outgoing.size() }

    /** Caller holds [writeMutex]: sends every queued byte, waiting for writability as needed. */
    private suspend fun drainLocked(phase: Phase) {
        while (writeSome() > 0) {
            registration.await(Slot.OUT, SelectionKey.OP_WRITE, phase)
        }
    }

    /** Sends every queued byte (handshake, shutdown): takes [writeMutex]. */
    private suspend fun flushAll(phase: Phase) {
        if (outgoingPending() == 0) return
        writeMutex.withLock { drainLocked(phase) }
    }

    /**
     * Sends bytes a read produced (TLS 1.3 key updates, alerts) without ever waiting for [writeMutex]: if a writer holds
     * it, that writer drains the queue, and it re-checks after unlocking (the end of [write]), so nothing is stranded.
     * A reader that waited for a writer could deadlock two peers that both write more than the socket buffers hold.
     */
    private suspend fun flushOwnOutput() {
        while (outgoingPending() > 0 && writeMutex.tryLock()) {
            try {
                drainLocked(Phase.WRITE)
            } finally {
                writeMutex.unlock()
            }
        }
    }

    override fun toString(): String = "TlsChannel[${if (serverSide) "server" else "client"}, " +
        "${remoteAddress ?: "closed"}, ${version ?: "no handshake"}]"

    internal companion object {
        /** One TLS record's worth of ciphertext and then some. */
        const val READ_CHUNK: Int = 17 * 1024

        /** Plaintext encrypted per step of [write], so a huge buffer is not all encrypted before sending starts. */
        const val WRITE_CHUNK: Int = 64 * 1024

        internal fun open(socket: SocketChannel, connection: TlsConnection): TlsChannel {
            TlsTransportDiagnostics.opened(socket)
            return TlsChannel(socket, connection)
        }
    }
}
