package dev.tlskit.kotlin

import kotlinx.coroutines.suspendCancellableCoroutine
import java.net.StandardSocketOptions
import java.nio.channels.NetworkChannel
import java.nio.channels.SocketChannel
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger
import kotlin.coroutines.resume

/**
 * Marks tlskit's internal hooks: not API, may change or disappear in any release. Using one needs
 * `@OptIn(InternalTlsApi::class)`; the TCK does, to prove that cancellation leaks nothing.
 */
@RequiresOptIn(message = "tlskit internal: for tests and diagnostics only; may change without notice", level = RequiresOptIn.Level.ERROR)
@Retention(AnnotationRetention.BINARY)
@Target(AnnotationTarget.CLASS, AnnotationTarget.FUNCTION, AnnotationTarget.PROPERTY)
public annotation class InternalTlsApi

/**
 * **Not API.** What the coroutine transport holds right now, for leak checks in the TCK: open sockets, connections
 * whose engine and buffers are not yet released, keys registered with the selector, selector threads; and a listener
 * told each time a coroutine parks, so a test can cancel it at an exact point without sleeping.
 *
 * ```
 * val parked = CompletableDeferred<Unit>()
 * TlsTransportDiagnostics.suspensionListener = { if (it == Phase.READ) parked.complete(Unit) }
 * val job = launch { channel.read(buffer) }
 * parked.await(); job.cancelAndJoin()
 * TlsTransportDiagnostics.snapshot() shouldBe Snapshot(0, 0, 0, 1)
 * ```
 */
@InternalTlsApi
public object TlsTransportDiagnostics {
    /** Where a coroutine parked. */
    public enum class Phase { CONNECT, ACCEPT, HANDSHAKE, READ, WRITE, SHUTDOWN }

    /**
     * Counts at one moment.
     *
     * @property openSockets NIO socket and server-socket channels opened by the transport and not closed.
     * @property liveConnections [TlsChannel]s whose engine and buffers have not been released.
     * @property registeredKeys keys in the shared selector (after it dropped the cancelled ones).
     * @property selectorThreads live `tlskit-selector` threads (0 before first use, then 1).
     */
    public data class Snapshot(
        val openSockets: Int,
        val liveConnections: Int,
        val registeredKeys: Int,
        val selectorThreads: Int,
    )

    /** Called (on the parking coroutine's thread) each time an operation parks; `null` for none. */
    @Volatile
    public var suspensionListener: ((Phase) -> Unit)? = null

    private val sockets: MutableSet<NetworkChannel> = ConcurrentHashMap.newKeySet()
    private val connections = AtomicInteger()

    internal fun suspended(phase: Phase) {
        suspensionListener?.invoke(phase)
    }

    internal fun opened(channel: NetworkChannel) {
        sockets.add(channel)
    }

    internal fun closed(channel: NetworkChannel) {
        sockets.remove(channel)
    }

    internal fun connectionCreated() {
        connections.incrementAndGet()
    }

    internal fun connectionReleased() {
        connections.decrementAndGet()
    }

    /**
     * The open connected sockets of the transport (from [connect][dev.tlskit.kotlin.connect] and
     * [TlsServer.accept]) that still have Nagle's algorithm on (`TCP_NODELAY` off): the transport turns it off on every
     * socket it makes, since it always writes whole TLS records, so a non-zero count is a regression.
     */
    public fun socketsWithNagle(): Int = sockets.count { channel ->
        channel is SocketChannel && channel.isOpen &&
            runCatching { channel.getOption(StandardSocketOptions.TCP_NODELAY) == false }.getOrDefault(false)
    }

    /**
     * The counts, taken after the selector thread has processed every close requested so far (it runs a `selectNow`
     * first, which drops cancelled keys).
     */
    public suspend fun snapshot(): Snapshot {
        val keys = if (!SelectorLoop.isStarted) 0 else suspendCancellableCoroutine { cont ->
            SelectorLoop.execute {
                val s = SelectorLoop.current
                s.selectNow()
                cont.resume(s.keys().size)
            }
        }
        val threads = Thread.getAllStackTraces().keys.count { it.isAlive && it.name == SelectorLoop.THREAD_NAME }
        return Snapshot(sockets.count { it.isOpen }, connections.get(), keys, threads)
    }
}
