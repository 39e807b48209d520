package dev.tlskit.tck

import java.nio.file.Path
import java.security.MessageDigest
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/**
 * A seeded pseudo-random byte stream both sides of a bulk test can produce: SHA-256 in counter mode, block `i` =
 * `sha256(seed || i as 8 bytes big-endian)`. `bulkpeer.py` has the same generator, so a transfer is checked by digest
 * (content and order), not only by length.
 */
public object TestPattern {
    /** The first [size] bytes of the stream for [seed]. */
    @JvmStatic
    public fun bytes(seed: String, size: Int): ByteArray {
        val out = ByteArray(size)
        val md = MessageDigest.getInstance("SHA-256")
        val s = seed.toByteArray()
        var i = 0L
        var off = 0
        while (off < size) {
            md.update(s)
            md.update(ByteArray(8) { k -> (i ushr (56 - 8 * k)).toByte() })
            val block = md.digest()
            val n = minOf(block.size, size - off)
            System.arraycopy(block, 0, out, off, n)
            off += n
            i++
        }
        return out
    }

    /** Lower-case hex SHA-256 of [data] (what `bulkpeer.py` reports as `sha256`). */
    @JvmStatic
    public fun sha256Hex(data: ByteArray, length: Int = data.size): String =
        MessageDigest.getInstance("SHA-256").apply { update(data, 0, length) }.digest().joinToString("") { "%02x".format(it) }
}

/**
 * What `bulkpeer.py` saw on its one connection.
 *
 * @property received application bytes read over TLS.
 * @property sha256 hex SHA-256 of those bytes.
 * @property eof how the TLS stream ended: `close_notify`, `ragged` (TCP closed without close_notify), `reset`, `error`.
 * @property unwrapped whether its `unwrap()` completed.
 * @property plainAfter what it read from the plain socket after `unwrap()` (latin-1).
 * @property error `type: message` of what it caught, or `null`.
 */
public data class BulkPeerResult(
    val version: String?,
    val received: Long,
    val sha256: String,
    val eof: String?,
    val unwrapped: Boolean,
    val plainAfter: String?,
    val error: String?,
)

/**
 * CPython's `ssl` as a bulk-transfer peer (`bulkpeer.py`): a slow reader (small reads, small `SO_RCVBUF`, hashing
 * each piece) or a writer of [TestPattern] bytes, on one connection, as server or client. See the script's docstring.
 *
 * ```
 * BulkPeer.start(listOf("server", "recv", "--certfile", c, "--keyfile", k)).use { peer ->
 *     // connect to peer.port, write, close
 *     peer.awaitResult().sha256 shouldBe TestPattern.sha256Hex(data)
 * }
 * ```
 */
public class BulkPeer private constructor(private val process: RunningProcess, public val port: Int) : AutoCloseable {
    /** Waits for the script's result line. */
    public fun awaitResult(timeout: Duration = 60.seconds): BulkPeerResult {
        val line = process.awaitValue(timeout, "the result line") {
            process.stdoutLines().firstOrNull { it.startsWith("{") && !it.contains("\"listening\"") }
        }
        val m = try {
            MiniJson.parseObject(line)
        } catch (e: IllegalArgumentException) {
            throw PeerProcessException("unreadable line from bulkpeer.py: $line\n${process.stderrText()}", e)
        }
        @Suppress("UNCHECKED_CAST")
        val error = (m["error"] as Map<String, Any?>?)?.let { "${it["type"]}: ${it["message"]}" }
        return BulkPeerResult(
            m["version"] as String?, (m["received"] as Long?) ?: 0L, m["sha256"] as String? ?: "", m["eof"] as String?,
            m["unwrapped"] == true, m["plain_after"] as String?, error,
        )
    }

    /** What the script printed on standard error. */
    public val stderr: String get() = process.stderrText()

    /** Kills the script (if still running) and closes its streams. */
    override fun close() {
        process.close()
    }

    public companion object {
        private val script: Path by lazy(LazyThreadSafetyMode.SYNCHRONIZED) { PythonTlsPeer.extractScript("bulkpeer.py") }

        /**
         * Starts `bulkpeer.py` with [args] (`server|client recv|send ...`); a server is listening when this returns
         * ([port]), a client is connecting to the `--port` given in [args] ([port] is then 0).
         */
        @JvmStatic
        public fun start(args: List<String>, startTimeout: Duration = 20.seconds): BulkPeer {
            val process = Processes.start(listOf(PythonTlsPeer.python, "-u", script.toString()) + args)
            if (args.firstOrNull() != "server") return BulkPeer(process, 0)
            try {
                val line = process.awaitStdoutLine(startTimeout) { it.startsWith("{") }
                val port = (MiniJson.parseObject(line)["listening"] as? Long)?.toInt()
                    ?: throw PeerProcessException("unexpected first line from bulkpeer.py: $line\n${process.stderrText()}")
                return BulkPeer(process, port)
            } catch (e: Throwable) {
                process.close()
                throw e
            }
        }
    }
}
