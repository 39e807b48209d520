package dev.tlskit.tck.hostile

import java.io.IOException
import java.io.InputStream
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.util.Collections
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

/** Which way bytes travel through a [FaultProxy]. */
public enum class Toward {
    /** From the server to the client. */
    CLIENT,

    /** From the client to the server. */
    SERVER,
}

/**
 * One TLS record as it crossed the proxy, and where it was in its direction's stream.
 *
 * @property index 0-based position among the records sent in this direction
 * @property encrypted the sender's ChangeCipherSpec was already seen (TLS 1.2: the record is encrypted)
 * @property appDataIndex 0-based position among the application-data records of this direction, or -1
 */
public class TlsRecord(
    public val toward: Toward,
    public val index: Int,
    public val bytes: ByteArray,
    public val encrypted: Boolean,
    public val appDataIndex: Int,
) {
    /** The content type (20 change_cipher_spec, 21 alert, 22 handshake, 23 application_data). */
    public val type: Int get() = bytes[0].toInt() and 0xff

    /** The alert code of a plaintext alert record, or `null`. */
    public val plaintextAlert: Int?
        get() = if (type == ALERT && !encrypted && bytes.size == 7) bytes[6].toInt() and 0xff else null

    override fun toString(): String = "record #$index toward $toward (type $type, ${bytes.size - 5} bytes${if (encrypted) ", encrypted" else ""})"

    public companion object {
        public const val CHANGE_CIPHER_SPEC: Int = 20
        public const val ALERT: Int = 21
        public const val HANDSHAKE: Int = 22
        public const val APPLICATION_DATA: Int = 23

        /** The largest record length a peer may announce: 2^14 + 2048 (RFC 5246 section 6.2.3). */
        public const val MAX_CIPHERTEXT: Int = 16384 + 2048

        /** A record of [type] (TLS 1.2 version bytes) carrying [body]. */
        public fun frame(type: Int, body: ByteArray): ByteArray =
            byteArrayOf(type.toByte(), 3, 3, (body.size ushr 8).toByte(), body.size.toByte()) + body

        /** A plaintext fatal alert record. */
        public fun fatalAlert(code: Int): ByteArray = frame(ALERT, byteArrayOf(2, code.toByte()))
    }
}

/** What a [FaultProxy] does to the record its trigger picked, toward that record's recipient (the victim). */
public sealed class FaultAction(public val terminal: Boolean) {
    /** TCP reset: `SO_LINGER` 0 then close, so the victim gets RST instead of FIN. */
    public object Reset : FaultAction(true)

    /** Close without close_notify (a ragged EOF): FIN instead of the record. */
    public object RaggedEof : FaultAction(true)

    /** The record's header and half its body, then FIN: the header promises more than ever arrives. */
    public object Truncate : FaultAction(true)

    /** Bytes that are no TLS at all instead of the record, then FIN. */
    public class Garbage(public val bytes: ByteArray) : FaultAction(true)

    /** The record with its last byte (the MAC or AEAD tag when encrypted) flipped; proxying goes on. */
    public object Corrupt : FaultAction(false)

    /** [bytes] (e.g. a fatal alert record) instead of the record, then FIN. */
    public class Inject(public val bytes: ByteArray) : FaultAction(true)

    /** A record of the same type announcing [length] bytes (more than the protocol allows) and carrying them, then FIN. */
    public class Oversize(public val length: Int = TlsRecord.MAX_CIPHERTEXT + 1) : FaultAction(true)

    /** Nothing more toward the victim (slowloris): the record and all later ones are swallowed; the sockets stay open. */
    public object Stall : FaultAction(false)

    /**
     * Slowloris that keeps the connection alive: the record and everything after it toward the victim, one byte every
     * [intervalMs] (shorter than the victim's socket timeout, so no single wait ends).
     */
    public class Trickle(public val intervalMs: Long) : FaultAction(false)

    /** [bytes] before the record, which is then forwarded; proxying goes on. */
    public class Prepend(public val bytes: ByteArray) : FaultAction(false)
}

/**
 * A scriptable hostile peer: a TCP proxy on 127.0.0.1 between a tlskit endpoint and a real peer that parses the TLS
 * record layer in both directions and, on the first record its [trigger] picks, performs [action] toward that record's
 * recipient. Serves one connection: the client connects to [port], the proxy connects to 127.0.0.1:[upstreamPort].
 *
 * ```
 * FaultProxy(peerServer.port, { it.toward == Toward.CLIENT && it.index == 0 }, FaultAction.Reset).use { proxy ->
 *     ctx.wrapSocket(Socket(loopback, proxy.port), WrapOptions.client("localhost")) // TlsSyscallException (ECONNRESET)
 * }
 * ```
 *
 * Every record that crossed (or was swallowed) is kept in [records], so a test can read the alerts the victim sent
 * back. [close] closes both sockets and joins the proxy's threads, so nothing is left behind.
 */
public class FaultProxy(
    private val upstreamPort: Int,
    private val trigger: (TlsRecord) -> Boolean,
    public val action: FaultAction,
) : AutoCloseable {
    private val listener = ServerSocket(0, 1, InetAddress.getLoopbackAddress())
    private val sockets = Collections.synchronizedList(ArrayList<Socket>())
    private val threads = Collections.synchronizedList(ArrayList<Thread>())
    private val seen = Collections.synchronizedList(ArrayList<TlsRecord>())
    private val firedLatch = CountDownLatch(1)

    @Volatile
    private var firedOn: TlsRecord? = null

    @Volatile
    private var closed = false

    public val port: Int get() = listener.localPort

    init {
        start("fault-proxy-accept") { accept() }
    }

    /** Every record seen so far, in order of arrival. */
    public val records: List<TlsRecord> get() = synchronized(seen) { seen.toList() }

    /** The record the fault fired on, or `null` if the trigger never matched. */
    public val fired: TlsRecord? get() = firedOn

    /** Waits (bounded) until the fault has fired; `false` if it did not within [millis]. */
    public fun awaitFired(millis: Long): Boolean = firedLatch.await(millis, TimeUnit.MILLISECONDS)

    /** The plaintext alert codes sent [toward] one side (e.g. the alert the victim answered a fault with). */
    public fun plaintextAlerts(toward: Toward): List<Int> = records.filter { it.toward == toward }.mapNotNull { it.plaintextAlert }

    private fun start(name: String, body: () -> Unit) {
        val t = Thread({
            try {
                body()
            } catch (_: IOException) {
                // a socket went away: the peers' own outcomes are what the tests check
            }
        }, name).apply { isDaemon = true }
        threads += t
        t.start()
    }

    private fun accept() {
        val client = listener.accept()
        val server = Socket(InetAddress.getLoopbackAddress(), upstreamPort)
        sockets += client
        sockets += server
        if (closed) {
            client.close(); server.close(); return
        }
        start("fault-proxy-to-server") { pump(client, server, Toward.SERVER) }
        start("fault-proxy-to-client") { pump(server, client, Toward.CLIENT) }
    }

    /** Copies records from [from] to [to]; acts once on the triggering record; half-closes [to] at [from]'s end. */
    private fun pump(from: Socket, to: Socket, toward: Toward) {
        val input = from.getInputStream()
        val output = to.getOutputStream()
        var index = 0
        var appData = 0
        var encrypted = false
        var swallowing = false
        var trickle: FaultAction.Trickle? = null
        while (true) {
            val bytes = readRecord(input)
            if (bytes == null) {
                if (!swallowing) quietly { to.shutdownOutput() }
                return
            }
            if (bytes.size < 5) { // a partial header, then EOF
                quietly { output.write(bytes); to.shutdownOutput() }
                return
            }
            val type = bytes[0].toInt() and 0xff
            val record = TlsRecord(toward, index++, bytes, encrypted, if (type == TlsRecord.APPLICATION_DATA) appData++ else -1)
            if (type == TlsRecord.CHANGE_CIPHER_SPEC) encrypted = true
            seen += record
            if (swallowing) continue
            trickle?.let { t ->
                if (!trickleOut(bytes, to, t)) return
                continue
            }
            if (firedOn == null && trigger(record)) {
                firedOn = record
                val keepGoing = perform(record, to, from)
                firedLatch.countDown()
                if (action is FaultAction.Stall) swallowing = true
                if (action is FaultAction.Trickle) {
                    trickle = action
                    if (!trickleOut(bytes, to, action)) return
                }
                if (!keepGoing) return
                continue
            }
            // after a terminal fault toward the other side, this direction only drains the victim's last words
            quietly { output.write(bytes); output.flush() }
        }
    }

    /** Does [action] to [record] on its way to [victim]; whether this direction keeps pumping. */
    private fun perform(record: TlsRecord, victim: Socket, peer: Socket): Boolean {
        val out = victim.getOutputStream()
        val bytes = record.bytes
        when (val a = action) {
            FaultAction.Reset -> {
                quietly { victim.setSoLinger(true, 0) }
                quietly { victim.close() }
                quietly { peer.close() }
                return false
            }
            FaultAction.Corrupt -> {
                val copy = bytes.copyOf().also { it[it.size - 1] = (it[it.size - 1].toInt() xor 0x01).toByte() }
                quietly { out.write(copy); out.flush() }
                return true
            }
            FaultAction.Stall, is FaultAction.Trickle -> return true
            is FaultAction.Prepend -> {
                quietly { out.write(a.bytes); out.write(bytes); out.flush() }
                return true
            }
            FaultAction.RaggedEof -> Unit
            FaultAction.Truncate -> quietly { out.write(bytes, 0, 5 + (bytes.size - 5) / 2) }
            is FaultAction.Garbage -> quietly { out.write(a.bytes) }
            is FaultAction.Inject -> quietly { out.write(a.bytes) }
            is FaultAction.Oversize -> quietly {
                out.write(byteArrayOf(bytes[0], 3, 3, (a.length ushr 8).toByte(), a.length.toByte()))
                out.write(ByteArray(a.length) { (it * 31).toByte() })
            }
        }
        // terminal: FIN toward the victim, and the real peer is dropped; the other direction keeps reading what the
        // victim says back (its alert) until the victim closes, so the victim never sees a reset for unread bytes
        quietly { out.flush(); victim.shutdownOutput() }
        quietly { peer.close() }
        return false
    }

    /** Sends [bytes] one at a time, [t]'s interval apart (the attack's pace); false once the proxy or victim is gone. */
    private fun trickleOut(bytes: ByteArray, victim: Socket, t: FaultAction.Trickle): Boolean {
        val out = victim.getOutputStream()
        for (b in bytes) {
            if (closed) return false
            try {
                out.write(b.toInt()); out.flush()
                Thread.sleep(t.intervalMs)
            } catch (_: IOException) {
                return false
            } catch (_: InterruptedException) {
                return false
            }
        }
        return true
    }

    /** One whole record (header + body), the bytes before EOF if it ends mid-record, or `null` at a clean EOF. */
    private fun readRecord(input: InputStream): ByteArray? {
        val header = ByteArray(5)
        val h = readFully(input, header, 0, 5)
        if (h == 0) return null
        if (h < 5) return header.copyOf(h)
        val length = ((header[3].toInt() and 0xff) shl 8) or (header[4].toInt() and 0xff)
        val record = header.copyOf(5 + length)
        val b = readFully(input, record, 5, length)
        return if (b < length) record.copyOf(5 + b) else record
    }

    private fun readFully(input: InputStream, buf: ByteArray, off: Int, len: Int): Int {
        var got = 0
        while (got < len) {
            val n = try {
                input.read(buf, off + got, len - got)
            } catch (_: IOException) {
                -1
            }
            if (n < 0) break
            got += n
        }
        return got
    }

    private inline fun quietly(block: () -> Unit) {
        try {
            block()
        } catch (_: IOException) {
            // the victim or the peer may already be gone
        }
    }

    /** Closes the listener and both sockets and waits (at most 5 s) for the proxy's threads to end. */
    override fun close() {
        closed = true
        quietly { listener.close() }
        synchronized(sockets) { sockets.forEach { s -> quietly { s.close() } } }
        synchronized(threads) { threads.toList() }.forEach { it.join(5_000) }
    }

}
