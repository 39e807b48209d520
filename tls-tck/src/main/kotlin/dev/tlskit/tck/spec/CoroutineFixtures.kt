@file:OptIn(InternalTlsApi::class)

package dev.tlskit.tck.spec

import dev.tlskit.TlsEofException
import dev.tlskit.TlsSyscallException
import dev.tlskit.kotlin.InternalTlsApi
import dev.tlskit.kotlin.TlsChannel
import dev.tlskit.kotlin.TlsServer
import dev.tlskit.kotlin.TlsTransportDiagnostics
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.withContext
import java.io.ByteArrayOutputStream
import java.net.Socket
import java.nio.ByteBuffer

/**
 * Serves one connection of [server] in the background, with the protocol of the Python peer and [TlskitEchoServer]:
 * handshake, echo until a `CLOSE` line, then close_notify both ways ([TlsChannel.shutdown]).
 */
public fun CoroutineScope.echoOnce(server: TlsServer): Deferred<ServerOutcome> = async(Dispatchers.Default) {
    val received = ByteArrayOutputStream()
    try {
        server.accept().use { tls ->
            tls.handshake()
            val buf = ByteBuffer.allocate(4096)
            while (!received.toString(Charsets.UTF_8).endsWith("CLOSE\n")) {
                buf.clear()
                if (tls.read(buf) < 0) break
                buf.flip()
                received.write(buf.array(), 0, buf.limit())
                tls.write(buf)
            }
            val outcome = ServerOutcome(tls.version?.seedName(), tls.cipher?.name(), tls.alpnProtocol,
                tls.peerCertificates.firstOrNull(), received.toString(Charsets.UTF_8), null, null)
            tls.shutdown()
            outcome
        }
    } catch (e: Exception) {
        ServerOutcome(null, null, null, null, received.toString(Charsets.UTF_8), null, e)
    }
}

/** Reads until the peer's close_notify; a ragged EOF fails (the coroutine transport does not hide it). */
public suspend fun TlsChannel.readText(): String {
    val out = ByteArrayOutputStream()
    val buf = ByteBuffer.allocate(4096)
    while (true) {
        buf.clear()
        if (read(buf) < 0) return out.toString(Charsets.UTF_8)
        out.write(buf.array(), 0, buf.position())
    }
}

/** Sends [text] in full. */
public suspend fun TlsChannel.writeText(text: String) {
    write(ByteBuffer.wrap(text.toByteArray()))
}

/**
 * Everything the coroutine transport opened has been given back: no open socket, no unreleased engine or buffer, no
 * key left in the selector, at most the one shared selector thread.
 */
public suspend fun shouldLeakNothing() {
    val s = TlsTransportDiagnostics.snapshot()
    s.copy(selectorThreads = 0) shouldBe TlsTransportDiagnostics.Snapshot(0, 0, 0, 0)
    s.selectorThreads shouldBeLessThanOrEqual 1 // the shared one, never one per connection
}

/** A deferred completed the first time a coroutine parks in [phase] (installs the suspension listener). */
public fun parkedIn(phase: TlsTransportDiagnostics.Phase): CompletableDeferred<Unit> {
    val parked = CompletableDeferred<Unit>()
    TlsTransportDiagnostics.suspensionListener = { if (it == phase) parked.complete(Unit) }
    return parked
}

/** Removes the suspension listener. */
public fun noParkListener() {
    TlsTransportDiagnostics.suspensionListener = null
}

/** `true` when the peer saw the connection end: EOF (-1) or a TLS EOF error on its next read. */
public suspend fun TlsChannel.seesEnd(): Boolean = try {
    read(ByteBuffer.allocate(64)) < 0
} catch (e: TlsEofException) {
    true
}

/** Reads a plain socket to its end; the byte count (the peer closed), failing after 20 s. */
internal suspend fun Socket.readToEnd(): Int = withContext(Dispatchers.IO) {
    soTimeout = 20_000
    val buf = ByteArray(8192)
    var total = 0
    var n = 0
    while (n >= 0) {
        n = try {
            getInputStream().read(buf)
        } catch (e: java.net.SocketException) {
            -1 // reset: also an end
        }
        if (n > 0) total += n
    }
    total
}

/** Reads a TLS channel until it ends (close_notify, a TLS EOF, or a reset); `true` when it did. */
internal suspend fun TlsChannel.drainToEnd(): Boolean {
    val buf = ByteBuffer.allocate(64 * 1024)
    while (true) {
        buf.clear()
        try {
            if (read(buf) < 0) return true
        } catch (e: TlsEofException) {
            return true
        } catch (e: TlsSyscallException) {
            return true // a reset: the other side closed with bytes it had not read (e.g. a session ticket)
        }
    }
}
