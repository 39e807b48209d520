@file:OptIn(InternalTlsApi::class)

package dev.tlskit.kotlin

import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.suspendCancellableCoroutine
import java.io.IOException
import java.nio.channels.AsynchronousCloseException
import java.nio.channels.CancelledKeyException
import java.nio.channels.ClosedChannelException
import java.nio.channels.SelectableChannel
import java.nio.channels.SelectionKey
import java.nio.channels.Selector
import java.util.concurrent.ConcurrentLinkedQueue
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException

/**
 * The one selector thread shared by every coroutine channel in the process (`tlskit-selector`). It only waits for
 * readiness and resumes the waiting coroutine; TLS work runs in the coroutine, on its own dispatcher. Every change to
 * a key happens on this thread, through [execute], so keys need no locking. Started on first use, a daemon.
 */
internal object SelectorLoop {
    const val THREAD_NAME: String = "tlskit-selector"

    /** How often the loop wakes to check the time limit of lingering closes ([Linger]) while any exist. */
    private const val LINGER_TICK_MS: Long = 250

    private val tasks = ConcurrentLinkedQueue<Runnable>()

    @Volatile
    private var selector: Selector? = null

    /** Runs [task] on the selector thread, soon. */
    fun execute(task: Runnable) {
        val s = started()
        tasks.add(task)
        s.wakeup()
    }

    /** Whether the thread has been started (diagnostics must not start it). */
    val isStarted: Boolean get() = selector != null

    private fun started(): Selector {
        selector?.let { return it }
        synchronized(this) {
            selector?.let { return it }
            val s = Selector.open()
            val t = Thread({ loop(s) }, THREAD_NAME)
            t.isDaemon = true
            selector = s
            t.start()
            return s
        }
    }

    /** The selector; only for code running on the selector thread. */
    val current: Selector get() = selector ?: error("selector not started")

    private fun loop(s: Selector) {
        while (true) {
            try {
                // a lingering close needs a clock; otherwise wait for readiness or a task
                if (Linger.active.isEmpty()) s.select() else s.select(LINGER_TICK_MS)
            } catch (e: IOException) {
                // select fails only when the selector itself is broken; keep serving the tasks
            }
            while (true) {
                val task = tasks.poll() ?: break
                try {
                    task.run()
                } catch (e: Throwable) {
                    // a task must never kill the loop; each one handles its own channel's failures
                }
            }
            val selected = s.selectedKeys()
            val it = selected.iterator()
            while (it.hasNext()) {
                val key = it.next()
                it.remove()
                val attached = key.attachment()
                if (attached is Linger) {
                    if (key.isValid) attached.ready(key.readyOps())
                    continue
                }
                val reg = attached as? Registration ?: continue
                try {
                    reg.ready(key.readyOps())
                } catch (e: CancelledKeyException) {
                    reg.failWaiters(AsynchronousCloseException())
                }
            }
            Linger.expire()
        }
    }
}

/** Which waiter slot an operation uses: reading side (read, accept) or writing side (write, connect). */
internal enum class Slot { IN, OUT }

/**
 * The waiting coroutines of one selectable channel: at most one per [Slot], so one reader and one writer can wait at
 * the same time. [onCancel] runs when a waiting coroutine is cancelled (for a connection: close it and free its
 * buffers); it must be thread-safe and fast.
 */
internal class Registration(private val channel: SelectableChannel, private val onCancel: () -> Unit) {
    private var inWaiter: CancellableContinuation<Unit>? = null
    private var inOp = 0
    private var outWaiter: CancellableContinuation<Unit>? = null
    private var outOp = 0
    private var closedCause: Throwable? = null

    /** Selector thread only. */
    private var key: SelectionKey? = null

    /**
     * Suspends until the channel is ready for [op] (`OP_READ`, `OP_WRITE`, `OP_CONNECT`, `OP_ACCEPT`). Cancellation
     * runs [onCancel] (which closes the channel and frees its buffers) and removes the interest.
     */
    suspend fun await(slot: Slot, op: Int, phase: TlsTransportDiagnostics.Phase) {
        suspendCancellableCoroutine { cont ->
            cont.invokeOnCancellation {
                synchronized(this) {
                    if (inWaiter === cont) inWaiter = null
                    if (outWaiter === cont) outWaiter = null
                }
                onCancel()
                if (SelectorLoop.isStarted) SelectorLoop.execute { updateInterest() }
            }
            val closed = synchronized(this) {
                closedCause ?: run {
                    check((if (slot == Slot.IN) inWaiter else outWaiter) == null) {
                        "another coroutine is already waiting to ${if (slot == Slot.IN) "read" else "write"} on this channel"
                    }
                    if (slot == Slot.IN) {
                        inWaiter = cont; inOp = op
                    } else {
                        outWaiter = cont; outOp = op
                    }
                    null
                }
            }
            if (closed != null) {
                cont.resumeWithException(closed)
            } else {
                TlsTransportDiagnostics.suspended(phase)
                SelectorLoop.execute { updateInterest() }
            }
        }
    }

    /** Selector thread: registers the channel or updates its interest to what the waiters want. */
    private fun updateInterest() {
        val ops = synchronized(this) { (if (inWaiter != null) inOp else 0) or (if (outWaiter != null) outOp else 0) }
        try {
            val k = key
            if (k != null && k.isValid) {
                k.interestOps(ops)
            } else if (ops != 0) {
                key = channel.register(SelectorLoop.current, ops, this)
            }
        } catch (e: ClosedChannelException) {
            failWaiters(AsynchronousCloseException())
        } catch (e: CancelledKeyException) {
            failWaiters(AsynchronousCloseException())
        }
    }

    /** Selector thread: resumes the waiters whose operation is ready and drops their interest. */
    fun ready(readyOps: Int) {
        var resumeIn: CancellableContinuation<Unit>? = null
        var resumeOut: CancellableContinuation<Unit>? = null
        val remaining = synchronized(this) {
            if (inWaiter != null && readyOps and inOp != 0) {
                resumeIn = inWaiter; inWaiter = null
            }
            if (outWaiter != null && readyOps and outOp != 0) {
                resumeOut = outWaiter; outWaiter = null
            }
            (if (inWaiter != null) inOp else 0) or (if (outWaiter != null) outOp else 0)
        }
        try {
            key?.takeIf { it.isValid }?.interestOps(remaining)
        } catch (e: CancelledKeyException) {
            // closed by another thread meanwhile: the waiters taken above still get resumed and see the close
        }
        resumeIn?.resume(Unit)
        resumeOut?.resume(Unit)
    }

    /** Fails the current waiters with [cause] (they were waiting on a channel that is gone). */
    fun failWaiters(cause: Throwable) {
        val waiters = synchronized(this) {
            listOfNotNull(inWaiter, outWaiter).also { inWaiter = null; outWaiter = null }
        }
        waiters.forEach { it.resumeWithException(cause) }
    }

    /**
     * The channel is closing but [linger] still has bytes to send: current and future waiters fail with [cause], and
     * the selector thread hands the channel's key (or a new one) to [linger], which closes the socket when done.
     */
    fun closedLingering(cause: Throwable, linger: Linger) {
        synchronized(this) { if (closedCause == null) closedCause = cause }
        failWaiters(cause)
        SelectorLoop.execute {
            val k = key
            key = null
            linger.start(k)
        }
    }

    /**
     * The channel was closed: current and future waiters fail with [cause]; the selector thread drops the key (the
     * close already cancelled it) and runs a `selectNow` so the selector forgets it at once.
     */
    fun closed(cause: Throwable) {
        synchronized(this) { if (closedCause == null) closedCause = cause }
        failWaiters(cause)
        if (SelectorLoop.isStarted) {
            SelectorLoop.execute {
                key?.cancel()
                key = null
                SelectorLoop.current.selectNow()
            }
        }
    }
}
