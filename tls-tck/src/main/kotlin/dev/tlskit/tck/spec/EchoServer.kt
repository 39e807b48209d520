package dev.tlskit.tck.spec

import dev.tlskit.TlsConnection
import dev.tlskit.TlsContext
import dev.tlskit.TlsSocket
import dev.tlskit.WrapOptions
import java.io.ByteArrayOutputStream
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.security.cert.X509Certificate
import java.util.concurrent.Executors
import java.util.concurrent.Future
import java.util.concurrent.TimeUnit

/** What a tlskit server saw on one connection. */
public class ServerOutcome(
    public val version: String?,
    public val cipher: String?,
    public val alpn: String?,
    public val peer: X509Certificate?,
    public val received: String,
    public val plainAfter: String?,
    public val error: Throwable?,
    /** The server connection itself (blocking echo server only), for facts read after the handshake. */
    public val connection: TlsConnection? = null,
)

/**
 * A tlskit echo server on 127.0.0.1 and an OS-assigned port, serving one connection: (optional STARTTLS line
 * exchange), handshake, echo until a `CLOSE` line, then close_notify both ways (and with STARTTLS, echo one plain line
 * after `unwrap()`). Mirrors the protocol of the Python peer so both peers can talk to it.
 */
public class TlskitEchoServer(
    private val ctx: TlsContext,
    private val starttls: Boolean = false,
    connections: Int = 1,
) : AutoCloseable {
    private val listener = ServerSocket(0, 8, InetAddress.getLoopbackAddress())
    private val pool = Executors.newSingleThreadExecutor { r -> Thread(r, "tlskit-echo").apply { isDaemon = true } }
    private val results: List<Future<ServerOutcome>> = List(connections) { pool.submit<ServerOutcome> { serve() } }

    public val port: Int get() = listener.localPort

    /** The outcome of the first connection, waiting at most 30 s. */
    public fun outcome(): ServerOutcome = results[0].get(30, TimeUnit.SECONDS)

    /** The outcomes of all connections, in order, waiting at most 30 s for each. */
    public fun outcomes(): List<ServerOutcome> = results.map { it.get(30, TimeUnit.SECONDS) }

    private fun serve(): ServerOutcome {
        listener.accept().use { raw ->
            raw.soTimeout = 20_000
            var tls: TlsSocket? = null
            val received = ByteArrayOutputStream()
            try {
                if (starttls) {
                    check(readLine(raw) == "STARTTLS") { "expected STARTTLS" }
                    raw.getOutputStream().write("OK\n".toByteArray())
                }
                tls = ctx.wrapSocket(raw, WrapOptions.server())
                val buf = ByteArray(4096)
                while (!received.toString(Charsets.UTF_8).endsWith("CLOSE\n")) {
                    val n = tls.read(buf, 0, buf.size)
                    if (n < 0) break
                    received.write(buf, 0, n)
                    tls.write(buf, 0, n)
                }
                val conn = tls.connection()
                val facts = listOf(conn.version().orElse(null), conn.cipher().map { it.name() }.orElse(null), conn.selectedAlpnProtocol().orElse(null))
                val peer = conn.peerCertChain.firstOrNull()
                var plainAfter: String? = null
                val plain = tls.unwrap()
                if (starttls) {
                    plainAfter = readLine(plain)
                    plain.getOutputStream().write("$plainAfter\n".toByteArray())
                }
                return ServerOutcome(facts[0], facts[1], facts[2], peer, received.toString(Charsets.UTF_8), plainAfter, null, conn)
            } catch (e: Exception) {
                tls?.close()
                return ServerOutcome(null, null, null, null, received.toString(Charsets.UTF_8), null, e, tls?.connection())
            }
        }
    }

    override fun close() {
        listener.close()
        pool.shutdownNow()
    }

    public companion object {
        /** Reads one `\n`-terminated line from a plain socket, byte by byte so nothing after it is consumed. */
        public fun readLine(s: Socket): String {
            val out = ByteArrayOutputStream()
            val input = s.getInputStream()
            while (true) {
                val b = input.read()
                if (b < 0 || b == '\n'.code) break
                out.write(b)
            }
            return out.toString(Charsets.UTF_8).trimEnd('\r')
        }
    }
}
