package dev.tlskit.async

import dev.tlskit.TlsContext
import dev.tlskit.kotlin.DEFAULT_BACKLOG
import dev.tlskit.kotlin.bind
import dev.tlskit.kotlin.connect
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.asCoroutineDispatcher
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.SocketAddress
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor

/**
 * The coroutine transport for Java: the same NIO sockets, engine driver and cancellation guarantees as
 * `dev.tlskit.kotlin` (`connect`, `bind`, `TlsChannel`), with every operation returning a [CompletableFuture] instead
 * of suspending. The seed's `wrap_socket(socket.create_connection(...))`, asynchronously.
 *
 * ```java
 * TlsAsync tls = TlsAsync.create();                       // completes futures on a shared pool
 * tls.connect(ctx, "example.com", 443)
 *    .thenCompose(ch -> ch.write(ByteBuffer.wrap(request))
 *        .thenCompose(n -> ch.read(ByteBuffer.allocate(16_384)))
 *        .whenComplete((n, e) -> ch.close()));
 * ```
 *
 * **Cancellation**: `cancel(true or false)` on a future returned by tlskit aborts that operation the way cancelling a
 * coroutine does: a cancelled connect or handshake closes the socket and releases the engine; a cancelled read, write
 * or shutdown closes the channel (a TLS stream cut mid-record cannot be resumed). `cancel` returns at once; the future
 * completes as cancelled when that clean-up is done, so a stage waiting on it runs after the socket is closed. The same
 * holds when the future is completed from outside (`complete`, `orTimeout`: a handshake time limit). Futures derived
 * with `thenApply`/`thenCompose` do not pass a `cancel` back to the tlskit future; keep and cancel that one.
 *
 * **Threads**: no thread is blocked while waiting. Futures complete on the [Executor] given to [create] (by default
 * kotlinx.coroutines' shared `Dispatchers.Default` pool), never on tlskit's selector thread, so dependent stages may
 * block without stalling other connections.
 */
public class TlsAsync private constructor(private val dispatcher: CoroutineDispatcher) {

    /** Each operation is its own root coroutine, cancelled only through its own future. */
    internal fun <T> submit(block: suspend CoroutineScope.() -> T): CompletableFuture<T> {
        val job = CoroutineScope(dispatcher + SupervisorJob()).async(start = CoroutineStart.LAZY, block = block)
        val future = OperationFuture<T>(job)
        job.invokeOnCompletion { cause ->
            // runs after the coroutine's own clean-up (socket closed, engine released), so a cancelled or failed
            // future means the clean-up is done
            if (cause == null) future.complete(job.getCompleted()) else future.completeExceptionally(cause)
        }
        future.whenComplete { _, _ -> job.cancel() } // completed from outside (complete, orTimeout): stop the operation
        job.start()
        return future
    }

    /**
     * A future that completes when its coroutine does. [cancel] cancels the coroutine; the future then completes as
     * cancelled once the coroutine has closed what it must, rather than at once.
     */
    private class OperationFuture<T>(private val job: Job) : CompletableFuture<T>() {
        override fun cancel(mayInterruptIfRunning: Boolean): Boolean {
            if (isDone) return false
            job.cancel()
            return true
        }

        /** Stages derived with thenApply etc. are plain futures: cancelling one does not reach the operation. */
        override fun <U> newIncompleteFuture(): CompletableFuture<U> = CompletableFuture()
    }

    /**
     * Connects to [host]:[port] and runs the handshake, sending [serverHostname] as SNI and checking it against the
     * certificate (an IP literal is checked against IP SANs and not sent; `null` for neither, refused while the
     * context checks host names).
     *
     * ```java
     * AsyncTlsChannel ch = tls.connect(ctx, "127.0.0.1", port, "localhost").get(10, TimeUnit.SECONDS);
     * ```
     *
     * @return a future that fails with the JDK's TCP exceptions (e.g. `ConnectException`), a `TlsException` subtype
     *   when the handshake fails, or `IllegalArgumentException` for a bad [serverHostname]
     */
    public fun connect(context: TlsContext, host: String, port: Int, serverHostname: String?): CompletableFuture<AsyncTlsChannel> =
        submit { AsyncTlsChannel(context.connect(host, port, serverHostname), this@TlsAsync) }

    /** [connect] with `serverHostname = host`. */
    public fun connect(context: TlsContext, host: String, port: Int): CompletableFuture<AsyncTlsChannel> =
        connect(context, host, port, host)

    /**
     * Listens on [address] for TLS connections served with [context]; synchronous, as binding does not wait.
     *
     * ```java
     * try (AsyncTlsServer server = tls.bind(serverCtx, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
     *     server.accept().thenCompose(AsyncTlsChannel::handshake) ...
     * }
     * ```
     *
     * @throws dev.tlskit.TlsException when [context] cannot act as a server, before anything is bound
     * @throws java.net.BindException when the address is taken
     */
    @JvmOverloads
    public fun bind(
        context: TlsContext,
        address: SocketAddress = InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        backlog: Int = DEFAULT_BACKLOG,
    ): AsyncTlsServer = AsyncTlsServer(context.bind(address, backlog), this)

    override fun toString(): String = "TlsAsync[$dispatcher]"

    public companion object {
        /** Futures complete on kotlinx.coroutines' shared `Dispatchers.Default` pool. */
        @JvmStatic
        public fun create(): TlsAsync = TlsAsync(Dispatchers.Default)

        /**
         * Futures complete on [executor] (its threads also run tlskit's engine work for these connections).
         *
         * ```java
         * TlsAsync tls = TlsAsync.create(Executors.newVirtualThreadPerTaskExecutor()); // or any Executor
         * ```
         */
        @JvmStatic
        public fun create(executor: Executor): TlsAsync = TlsAsync(executor.asCoroutineDispatcher())
    }
}
