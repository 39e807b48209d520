package dev.tlskit.async

import dev.tlskit.kotlin.TlsServer
import java.net.InetSocketAddress
import java.util.concurrent.CompletableFuture

/**
 * A listening TLS server whose [accept] returns a future: the Java face of [TlsServer]. Made by [TlsAsync.bind].
 *
 * ```java
 * try (AsyncTlsServer server = tls.bind(serverCtx)) {
 *     AsyncTlsChannel ch = server.accept().get();
 *     ch.handshake().thenCompose(v -> ch.read(buf)) ...
 * }
 * ```
 *
 * Cancelling a pending [accept] leaves the server open; [close] stops listening and fails pending accepts with
 * `AsynchronousCloseException`; connections already accepted stay open.
 */
public class AsyncTlsServer internal constructor(private val server: TlsServer, private val async: TlsAsync) : AutoCloseable {

    /** The address listened on (the OS-assigned port after binding port 0). */
    public fun localAddress(): InetSocketAddress = server.localAddress

    /** [localAddress]'s port. */
    public fun port(): Int = server.port

    /** `false` after [close]. */
    public fun isOpen(): Boolean = server.isOpen

    /** The next connection, its handshake not yet run (call [AsyncTlsChannel.handshake] or read/write). */
    public fun accept(): CompletableFuture<AsyncTlsChannel> = async.submit { AsyncTlsChannel(server.accept(), async) }

    /** Stops listening. Idempotent. */
    override fun close() {
        server.close()
    }

    override fun toString(): String = "Async$server"
}
