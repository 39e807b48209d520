@file:OptIn(InternalTlsApi::class)

package dev.tlskit.kotlin

import dev.tlskit.MemoryBio
import dev.tlskit.TlsContext
import dev.tlskit.TlsSyscallException
import dev.tlskit.kotlin.TlsTransportDiagnostics.Phase
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import java.io.IOException
import java.net.InetSocketAddress
import java.net.StandardSocketOptions
import java.nio.channels.AsynchronousCloseException
import java.nio.channels.ClosedChannelException
import java.nio.channels.SelectionKey
import java.nio.channels.ServerSocketChannel
import java.util.concurrent.atomic.AtomicBoolean

/**
 * A listening TLS server from [bind]: accepts connections as [TlsChannel]s on the shared selector thread.
 *
 * ```
 * serverCtx.bind(InetSocketAddress("127.0.0.1", 0)).use { server ->
 *     server.incoming().collect { tls ->
 *         launch { tls.use { echo(it) } }          // each connection in its own coroutine
 *     }
 * }
 * ```
 *
 * Accepted channels have not run their handshake yet, so one slow client never holds up the accept loop: it runs in
 * the connection's own coroutine, on [TlsChannel.handshake] or the first read or write. Cancelling a waiting [accept]
 * leaves the server open (it holds no connection yet); [close] ends it, and a waiting [accept] then fails with
 * [AsynchronousCloseException] while [incoming] completes.
 */
public class TlsServer internal constructor(private val context: TlsContext, private val server: ServerSocketChannel) :
    AutoCloseable {
    private val closed = AtomicBoolean()
    private val registration = Registration(server) {}

    /** The address the server listens on (its port is the OS-assigned one after binding port 0). */
    public val localAddress: InetSocketAddress = server.localAddress as InetSocketAddress

    /** [localAddress]'s port. */
    public val port: Int get() = localAddress.port

    /** `false` after [close]. */
    public val isOpen: Boolean get() = !closed.get()

    /**
     * The next connection, once a client has connected (its handshake not yet run).
     *
     * @throws ClosedChannelException when the server is closed
     */
    public suspend fun accept(): TlsChannel {
        while (true) {
            if (closed.get()) throw ClosedChannelException()
            val socket = try {
                server.accept()
            } catch (e: ClosedChannelException) {
                throw e
            } catch (e: IOException) {
                throw TlsSyscallException("accepting a connection failed: $e", e)
            }
            if (socket == null) {
                registration.await(Slot.IN, SelectionKey.OP_ACCEPT, Phase.ACCEPT)
                continue
            }
            try {
                socket.configureBlocking(false)
                socket.setOption(StandardSocketOptions.TCP_NODELAY, true)
                return TlsChannel.open(socket, context.wrapBio(MemoryBio(), MemoryBio(), true, null))
            } catch (e: Throwable) {
                socket.close()
                throw e
            }
        }
    }

    /**
     * Every accepted connection, until the server is closed (then the flow completes). The collector owns, and must
     * close, each channel it receives.
     */
    public fun incoming(): Flow<TlsChannel> = flow {
        while (true) {
            val channel = try {
                accept()
            } catch (e: ClosedChannelException) {
                if (closed.get()) return@flow
                throw e
            }
            emit(channel) // from here the collector owns it, even when emit throws (take(n) aborts after the n-th)
        }
    }

    /** Stops listening; connections already accepted stay open. Idempotent. */
    override fun close() {
        if (!closed.compareAndSet(false, true)) return
        try {
            server.close()
        } catch (e: IOException) {
            // nothing more to do
        }
        TlsTransportDiagnostics.closed(server)
        registration.closed(AsynchronousCloseException())
    }

    override fun toString(): String = "TlsServer[$localAddress]"
}
