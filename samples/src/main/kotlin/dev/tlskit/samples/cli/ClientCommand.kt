package dev.tlskit.samples.cli

import dev.tlskit.Protocol
import dev.tlskit.Purpose
import dev.tlskit.TlsSocket
import dev.tlskit.VerifyMode
import dev.tlskit.WrapOptions
import picocli.CommandLine.Command
import picocli.CommandLine.Mixin
import picocli.CommandLine.Model.CommandSpec
import picocli.CommandLine.Option
import picocli.CommandLine.ParameterException
import picocli.CommandLine.Spec
import java.io.ByteArrayOutputStream
import java.net.InetSocketAddress
import java.net.Socket
import java.net.SocketTimeoutException
import java.util.concurrent.Callable
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicLong

@Command(
    name = "client", mixinStandardHelpOptions = true,
    description = ["Connect, send standard input, print what comes back until the peer closes or, once input has ended, " +
        "nothing arrives for --idle seconds; then close with close_notify."],
)
class ClientCommand : Callable<Int> {
    @Spec
    lateinit var spec: CommandSpec

    @Option(names = ["--connect"], required = true, description = ["host:port ([v6addr]:port for IPv6)"])
    lateinit var connect: String

    @Option(names = ["--servername"], description = ["name to send (SNI) and verify (default: the host)"])
    var servername: String? = null

    @Option(names = ["--idle"], description = ["seconds of silence after input ends before closing (default: 2)"])
    var idle: Double = 2.0

    @Mixin
    val common = CommonOptions()

    override fun call(): Int {
        // Argument mistakes are usage errors (exit 2), reported before anything touches the network.
        val port = connect.substringAfterLast(':', "").toIntOrNull()?.takeIf { it in 1..65535 }
            ?: throw ParameterException(spec.commandLine(), "--connect wants host:port, got '$connect'")
        val host = connect.substringBeforeLast(':').removePrefix("[").removeSuffix("]")
        if (host.isEmpty()) throw ParameterException(spec.commandLine(), "--connect wants host:port, got '$connect'")
        if (idle.isNaN() || idle < 0) throw ParameterException(spec.commandLine(), "--idle must be zero or more seconds, got $idle")

        val result = linkedMapOf<String, Any?>("provider" to common.provider)
        val received = ByteArrayOutputStream()
        val code = try {
            val ctx = common.context(Protocol.PROTOCOL_TLS_CLIENT)
            result["provider"] = ctx.provider().name()
            if (common.cafile == null) ctx.loadDefaultCerts(Purpose.SERVER_AUTH)
            Socket().use { raw ->
                raw.connect(InetSocketAddress(host, port), CONNECT_TIMEOUT_MS)
                // A server that accepts but never answers must not hang the handshake forever.
                raw.soTimeout = HANDSHAKE_TIMEOUT_MS
                ctx.wrapSocket(raw, WrapOptions.client(servername ?: host)).use { tls ->
                    result.putAll(Report.connection(ctx.provider().name(), tls.connection(), ctx.verifyMode() != VerifyMode.CERT_NONE))
                    if (!common.json) System.err.println(Report.text(result))
                    pump(tls, received)
                } // close(): close_notify, then the socket
            }
            0
        } catch (e: Exception) {
            result["error"] = Report.error(e)
            if (!common.json) System.err.println("tlskit client: ${e.javaClass.simpleName}: ${e.message}")
            EXIT_TLS_FAILURE
        }
        if (common.json) {
            result["received"] = received.toString(Charsets.UTF_8)
            println(Report.json(result))
        }
        return code
    }

    /**
     * Standard input goes to the peer on a second thread while this one reads. Reading ends at the peer's
     * close_notify (or EOF), or once input has ended and nothing was sent or received for [idle] seconds.
     */
    private fun pump(tls: TlsSocket, received: ByteArrayOutputStream) {
        val inputDone = AtomicBoolean(false)
        val lastActivity = AtomicLong(System.nanoTime())
        val writer = Thread({
            try {
                val buf = ByteArray(16 * 1024)
                while (true) {
                    val n = System.`in`.read(buf)
                    if (n < 0) break
                    tls.write(buf, 0, n)
                    lastActivity.set(System.nanoTime())
                }
            } catch (_: Exception) {
                // the reader notices a broken connection
            } finally {
                lastActivity.set(System.nanoTime())
                inputDone.set(true)
            }
        }, "tlskit-stdin").apply { isDaemon = true; start() }
        val idleNanos = (idle * 1e9).toLong()
        tls.socket().soTimeout = POLL_MS
        val buf = ByteArray(16 * 1024)
        while (true) {
            val n = try {
                tls.read(buf, 0, buf.size)
            } catch (_: SocketTimeoutException) {
                if (inputDone.get() && System.nanoTime() - lastActivity.get() >= idleNanos) break
                continue
            }
            if (n < 0) break
            if (n == 0) continue
            lastActivity.set(System.nanoTime())
            if (common.json) received.write(buf, 0, n) else { System.out.write(buf, 0, n); System.out.flush() }
        }
        writer.interrupt()
    }

    private companion object {
        const val CONNECT_TIMEOUT_MS = 10_000
        const val HANDSHAKE_TIMEOUT_MS = 30_000
        const val POLL_MS = 50
    }
}
