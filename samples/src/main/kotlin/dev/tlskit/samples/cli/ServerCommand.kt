package dev.tlskit.samples.cli

import dev.tlskit.Protocol
import dev.tlskit.TlsContext
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
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.Socket
import java.util.concurrent.Callable
import java.util.concurrent.Executors

@Command(
    name = "server", mixinStandardHelpOptions = true,
    description = ["Accept TLS connections and echo what each client sends. Reports each connection when it ends."],
)
class ServerCommand : Callable<Int> {
    @Spec
    lateinit var spec: CommandSpec

    @Option(names = ["--accept"], required = true, description = ["port to listen on; 0 picks a free one and prints it"])
    var port: Int = 0

    @Option(names = ["--host"], description = ["address to bind (default: 127.0.0.1)"])
    var host: String = "127.0.0.1"

    @Option(names = ["--verify-client"], description = ["require a client certificate trusted by --cafile"])
    var verifyClient = false

    @Option(names = ["--once"], description = ["serve one connection, then exit with its status"])
    var once = false

    @Option(
        names = ["--close-line"], paramLabel = "LINE",
        description = ["end a connection (close_notify) when the client sends this line, which is not echoed; " +
            "like the CLOSE line of `openssl s_server -rev`, for clients that wait for the server to close (s_client -ign_eof)"],
    )
    var closeLine: String? = null

    @Mixin
    val common = CommonOptions()

    override fun call(): Int {
        if (port !in 0..65535) throw ParameterException(spec.commandLine(), "--accept wants a port 0..65535, got $port")
        if (common.cert == null) throw ParameterException(spec.commandLine(), "server needs --cert (and --key unless the key is in the same file)")
        if (verifyClient && common.cafile == null) throw ParameterException(spec.commandLine(), "--verify-client needs --cafile")
        if (closeLine?.contains('\n') == true) throw ParameterException(spec.commandLine(), "--close-line must be one line")

        // A bad certificate, key, CA file or provider is reported like a connection failure: one line, exit 1.
        val ctx: TlsContext
        val listener: ServerSocket
        try {
            ctx = common.context(Protocol.PROTOCOL_TLS_SERVER)
            if (verifyClient) ctx.setVerifyMode(VerifyMode.CERT_REQUIRED)
            listener = ServerSocket().apply { bind(InetSocketAddress(InetAddress.getByName(host), port)) }
        } catch (e: Exception) {
            report(linkedMapOf("provider" to common.provider, "error" to Report.error(e)))
            return EXIT_TLS_FAILURE
        }
        listener.use {
            say(if (common.json) Report.json(mapOf("listening" to listener.localPort)) else "listening on $host:${listener.localPort}")
            if (once) return serve(ctx, listener.accept())
            // One thread per connection, so a slow or silent client never holds up the others; a failed
            // connection is reported and the server goes on.
            val pool = Executors.newCachedThreadPool { r -> Thread(r, "tlskit-server").apply { isDaemon = true } }
            while (true) {
                val raw = listener.accept()
                pool.execute { serve(ctx, raw) }
            }
        }
    }

    /** Handshake, echo until the client closes (or sends [closeLine]), close_notify; then one report line. */
    private fun serve(ctx: TlsContext, raw: Socket): Int {
        val provider = ctx.provider().name()
        val result = linkedMapOf<String, Any?>("provider" to provider)
        var tls: TlsSocket? = null
        val code = try {
            // A client that connects and says nothing must not pin a thread (or a --once server) forever.
            raw.soTimeout = HANDSHAKE_TIMEOUT_MS
            tls = ctx.wrapSocket(raw, WrapOptions.server())
            raw.soTimeout = 0
            result.putAll(Report.connection(provider, tls.connection(), verifyClient))
            echo(tls)
            0
        } catch (e: Exception) {
            result["error"] = Report.error(e)
            EXIT_TLS_FAILURE
        } finally {
            tls?.close()
            runCatching { raw.close() }
        }
        report(result)
        return code
    }

    private fun echo(tls: TlsSocket) {
        val watch = closeLine?.let { CloseLineWatch(it) }
        val buf = ByteArray(16 * 1024)
        while (true) {
            val n = tls.read(buf, 0, buf.size)
            if (n < 0) return
            if (watch == null) {
                tls.write(buf, 0, n)
                continue
            }
            val out = ByteArrayOutputStream()
            val close = watch.feed(buf, n, out)
            if (out.size() > 0) tls.write(out.toByteArray(), 0, out.size())
            if (close) return
        }
    }

    private fun report(result: Map<String, Any?>) = say(if (common.json) Report.json(result) else Report.text(result))

    private fun say(line: String) = synchronized(this) {
        println(line)
        System.out.flush()
    }

    private companion object {
        const val HANDSHAKE_TIMEOUT_MS = 30_000
    }
}

/**
 * Finds a line equal to [line] (`\n` or `\r\n` ended) in an echoed stream. Bytes are echoed as soon as they cannot
 * be the start of that line, so an interactive client still sees partial lines at once.
 */
internal class CloseLineWatch(line: String) {
    private val target = line.toByteArray(Charsets.UTF_8)
    private val pending = ByteArrayOutputStream()
    private var diverged = false

    /** Feeds `buf[0, n)`; writes what is to be echoed to [out]; true when the close line was seen (the rest is dropped). */
    fun feed(buf: ByteArray, n: Int, out: ByteArrayOutputStream): Boolean {
        for (i in 0 until n) {
            val b = buf[i]
            if (diverged) {
                out.write(b.toInt())
                if (b == NL) diverged = false
                continue
            }
            pending.write(b.toInt())
            val p = pending.toByteArray()
            if (b == NL) {
                if (isTarget(p)) return true
                out.write(p)
                pending.reset()
            } else if (!couldBecomeTarget(p)) {
                out.write(p)
                pending.reset()
                diverged = true
            }
        }
        return false
    }

    private fun isTarget(p: ByteArray): Boolean {
        var end = p.size - 1 // drop \n
        if (end > 0 && p[end - 1] == CR) end--
        return end == target.size && (0 until end).all { p[it] == target[it] }
    }

    /** [p] (no `\n` yet) is a prefix of the target, or the whole target followed by `\r`. */
    private fun couldBecomeTarget(p: ByteArray): Boolean = when {
        p.size <= target.size -> (p.indices).all { p[it] == target[it] }
        p.size == target.size + 1 -> p.last() == CR && target.indices.all { p[it] == target[it] }
        else -> false
    }

    private companion object {
        const val NL = '\n'.code.toByte()
        const val CR = '\r'.code.toByte()
    }
}
