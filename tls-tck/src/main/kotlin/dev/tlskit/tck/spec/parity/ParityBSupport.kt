package dev.tlskit.tck.spec.parity

import dev.tlskit.TlsContext
import dev.tlskit.TlsSocket
import dev.tlskit.WrapOptions
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.util.concurrent.Executors
import java.util.concurrent.Future
import java.util.concurrent.TimeUnit

/**
 * A one-connection loopback server for the parity specs of sections 8-9 and 12-18: it accepts on 127.0.0.1 and an
 * OS-assigned port and hands the plain accepted socket to [handler] on its own thread. [result] returns what the
 * handler returned or rethrows what it threw, so the server side's outcome is asserted like the client's.
 */
internal class ParityBServer<T>(private val handler: (Socket) -> T) : AutoCloseable {
    private val listener = ServerSocket(0, 8, InetAddress.getLoopbackAddress())
    private val pool = Executors.newSingleThreadExecutor { r -> Thread(r, "parity-b-server").apply { isDaemon = true } }
    private val future: Future<T> = pool.submit<T> { listener.accept().use { s -> s.soTimeout = 20_000; handler(s) } }

    val port: Int get() = listener.localPort

    /** A plain client socket connected to this server, with a 20 s read timeout. */
    fun connect(): Socket = Socket(InetAddress.getLoopbackAddress(), port).apply { soTimeout = 20_000 }

    /** The handler's result, waiting at most 30 s; its exception is rethrown as the cause of an ExecutionException. */
    fun result(): T = future.get(30, TimeUnit.SECONDS)

    /** The handler's exception, or null when it returned normally. */
    fun failure(): Throwable? = runCatching { result() }.exceptionOrNull()?.let { it.cause ?: it }

    override fun close() {
        listener.close()
        pool.shutdownNow()
    }

    companion object {
        /** A server that wraps the accepted socket server-side with [ctx] (handshake included), then runs [handler]. */
        fun <T> tls(ctx: TlsContext, handler: (TlsSocket) -> T): ParityBServer<T> =
            ParityBServer { raw -> ctx.wrapSocket(raw, WrapOptions.server()).use { handler(it) } }

        /** Reads one `\n`-terminated line from a TLS socket, byte by byte. */
        fun line(tls: TlsSocket): String {
            val out = StringBuilder()
            val one = ByteArray(1)
            while (tls.read(one, 0, 1) == 1 && one[0] != '\n'.code.toByte()) out.append(one[0].toInt().toChar())
            return out.toString()
        }
    }
}
