@file:OptIn(InternalTlsApi::class)

package dev.tlskit.kotlin

import java.io.IOException
import java.nio.ByteBuffer
import java.nio.channels.SelectionKey
import java.nio.channels.SocketChannel
import java.util.concurrent.TimeUnit

/**
 * The last bytes of a closed [TlsChannel] (its close_notify) that the socket did not take at once, because a slow peer
 * left the send buffer full. `close()` cannot wait, so the shared selector thread finishes the job: it writes [pending]
 * as the socket drains, reads and drops what the peer still sends (a TCP close with unread input would reset the
 * connection and discard every byte not yet sent), then closes the socket. A peer that reads nothing for [LIMIT_NANOS]
 * gets the socket closed anyway. Selector thread only, after [start].
 */
internal class Linger(private val socket: SocketChannel, private val pending: ByteBuffer) {
    private val deadline = System.nanoTime() + LIMIT_NANOS
    private var key: SelectionKey? = null

    /** Selector thread: takes over [key] (or registers the socket) and waits for it to drain. */
    fun start(existing: SelectionKey?) {
        try {
            val k = existing?.takeIf { it.isValid } ?: socket.register(SelectorLoop.current, 0)
            k.attach(this)
            k.interestOps(SelectionKey.OP_WRITE or SelectionKey.OP_READ)
            key = k
            active.add(this)
            ready(SelectionKey.OP_WRITE)
        } catch (e: IOException) {
            finish()
        } catch (e: java.nio.channels.CancelledKeyException) {
            finish()
        }
    }

    /** Selector thread: writes what the socket takes and drops what it received; closes once all is sent. */
    fun ready(readyOps: Int) {
        try {
            if (readyOps and SelectionKey.OP_READ != 0) discardInput()
            socket.write(pending)
            if (!pending.hasRemaining()) {
                discardInput()
                finish()
            }
        } catch (e: IOException) {
            finish() // the peer is gone: nothing left to deliver
        }
    }

    private fun discardInput() {
        val scratch = ByteBuffer.allocate(4096)
        repeat(256) {
            scratch.clear()
            val n = socket.read(scratch)
            if (n < 0) key?.takeIf { it.isValid }?.interestOps(SelectionKey.OP_WRITE) // the peer is done sending
            if (n <= 0) return
        }
    }

    /** Selector thread: closes the socket once the time limit has passed. */
    fun expireIfDue(now: Long) {
        if (now - deadline >= 0) finish()
    }

    private fun finish() {
        active.remove(this)
        key?.cancel()
        try {
            socket.close()
        } catch (e: IOException) {
            // nothing more to do
        }
        TlsTransportDiagnostics.closed(socket)
    }

    companion object {
        /** How long a closed channel's last bytes may wait for a peer that does not read. */
        val LIMIT_NANOS: Long = TimeUnit.SECONDS.toNanos(10)

        /** Lingering sockets (selector thread only). */
        val active: MutableSet<Linger> = LinkedHashSet()

        /** Selector thread: closes the lingering sockets whose time is up. */
        fun expire() {
            if (active.isEmpty()) return
            val now = System.nanoTime()
            active.toList().forEach { it.expireIfDue(now) }
        }
    }
}
