package dev.tlskit.samples.cli

import dev.tlskit.Protocol
import dev.tlskit.Tls
import dev.tlskit.TlsContext
import dev.tlskit.TlsSocket
import dev.tlskit.VerifyMode
import dev.tlskit.WrapOptions
import picocli.CommandLine.Command
import picocli.CommandLine.Mixin
import picocli.CommandLine.Option
import java.io.ByteArrayOutputStream
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.Socket
import java.net.SocketTimeoutException
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicLong

private const val EXIT_TLS_FAILURE = 1

@Command(name = "providers", mixinStandardHelpOptions = true, description = ["List the installed backends and what they can do."])
class ProvidersCommand : Callable<Int> {
    @Option(names = ["--json"], description = ["one JSON object per provider"])
    var json = false

    override fun call(): Int {
        for (p in Tls.providers()) {
            val a = p.availability()
            val info = linkedMapOf<String, Any?>(
                "name" to p.name(),
                "priority" to p.priority(),
                "available" to a.isAvailable,
                "reason" to if (a.isAvailable) null else a.reason(),
                "version" to if (a.isAvailable) p.versionInfo().versionString() else null,
                "versions" to if (a.isAvailable) p.supportedVersions().map { it.name } else emptyList(),
                "capabilities" to if (a.isAvailable) p.capabilities().map { it.name } else emptyList(),
            )
            println(if (json) Report.json(info) else info.entries.joinToString(" ") { "${it.key}=${it.value}" })
        }
        return 0
    }
}

@Command(
    name = "demo", mixinStandardHelpOptions = true,
    description = ["A real TLS handshake on loopback on each installed provider: prints version, cipher, ALPN and the verified peer."],
)
class DemoCommand : Callable<Int> {
    @Option(names = ["--json"], description = ["one JSON object per provider"])
    var json = false

    override fun call(): Int {
        var failures = 0
        DemoPki.create().use { pki ->
            for (p in Tls.providers().filter { it.availability().isAvailable }) {
                val result = runCatching { handshake(p.name(), pki) }
                val line: Map<String, Any?> = result.getOrElse { e -> linkedMapOf("provider" to p.name(), "error" to Report.error(e)) }
                if (result.isFailure) failures++
                println(if (json) Report.json(line) else Report.text(line))
            }
        }
        return if (failures == 0) 0 else EXIT_TLS_FAILURE
    }

    private fun handshake(provider: String, pki: DemoPki): Map<String, Any?> {
        val server = TlsContext.create(Protocol.PROTOCOL_TLS_SERVER, provider)
        server.loadCertChain(pki.certFile, pki.keyFile, null)
        server.setAlpnProtocols(listOf("h2", "http/1.1"))
        val client = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider)
        client.loadVerifyLocations(pki.caFile)
        client.setAlpnProtocols(listOf("h2", "http/1.1"))
        val pool = Executors.newSingleThreadExecutor()
        ServerSocket(0, 1, InetAddress.getLoopbackAddress()).use { listener ->
            val echoed = pool.submit<Unit> {
                listener.accept().use { raw ->
                    server.wrapSocket(raw, WrapOptions.server()).use { tls ->
                        val buf = ByteArray(64)
                        val n = tls.read(buf, 0, buf.size)
                        if (n > 0) tls.write(buf, 0, n)
                    }
                }
            }
            try {
                Socket(listener.inetAddress, listener.localPort).use { raw ->
                    client.wrapSocket(raw, WrapOptions.client("localhost")).use { tls ->
                        tls.sendall("hello".toByteArray())
                        val back = tls.recv(64)
                        check(String(back) == "hello") { "the echo came back as '${String(back)}'" }
                        echoed.get(10, TimeUnit.SECONDS)
                        return Report.connection(provider, tls.connection(), verified = client.verifyMode() != VerifyMode.CERT_NONE)
                    }
                }
            } finally {
                pool.shutdownNow()
            }
        }
    }
}

@Command(
    name = "client", mixinStandardHelpOptions = true,
    description = ["Connect, send standard input, print what comes back until the peer closes or, once input has ended, nothing arrives for --idle seconds."],
)
class ClientCommand : Callable<Int> {
    @Option(names = ["--connect"], required = true, description = ["host:port"])
    lateinit var connect: String

    @Option(names = ["--servername"], description = ["name to send (SNI) and verify (default: the host)"])
    var servername: String? = null

    @Option(names = ["--idle"], description = ["seconds of silence after input ends before closing (default: 2)"])
    var idle: Double = 2.0

    @Mixin
    val common = CommonOptions()

    override fun call(): Int {
        val host = connect.substringBeforeLast(':')
        val port = connect.substringAfterLast(':').toIntOrNull() ?: throw IllegalArgumentException("--connect wants host:port, got '$connect'")
        val result = linkedMapOf<String, Any?>("provider" to null)
        val received = ByteArrayOutputStream()
        val code = try {
            val ctx = common.context(Protocol.PROTOCOL_TLS_CLIENT)
            result["provider"] = ctx.provider().name()
            if (common.cafile == null) ctx.loadDefaultCerts(dev.tlskit.Purpose.SERVER_AUTH)
            Socket(host.removePrefix("[").removeSuffix("]"), port).use { raw ->
                ctx.wrapSocket(raw, WrapOptions.client(servername ?: host)).use { tls ->
                    result.putAll(Report.connection(ctx.provider().name(), tls.connection(), ctx.verifyMode() != VerifyMode.CERT_NONE))
                    if (!common.json) System.err.println(Report.text(result))
                    pump(tls, received)
                }
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

    private fun pump(tls: TlsSocket, received: ByteArrayOutputStream) {
        val inputDone = AtomicBoolean(false)
        val lastActivity = AtomicLong(System.nanoTime())
        val writer = Thread {
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
        }.apply { isDaemon = true; start() }
        tls.socket().soTimeout = 100
        val buf = ByteArray(16 * 1024)
        while (true) {
            val n = try {
                tls.read(buf, 0, buf.size)
            } catch (_: SocketTimeoutException) {
                val quietNanos = System.nanoTime() - lastActivity.get()
                if (inputDone.get() && quietNanos > (idle * 1e9).toLong()) break
                continue
            }
            if (n < 0) break
            lastActivity.set(System.nanoTime())
            if (common.json) received.write(buf, 0, n) else { System.out.write(buf, 0, n); System.out.flush() }
        }
        writer.interrupt()
    }
}

@Command(
    name = "server", mixinStandardHelpOptions = true,
    description = ["Accept TLS connections and echo what each client sends."],
)
class ServerCommand : Callable<Int> {
    @Option(names = ["--accept"], required = true, description = ["port to listen on; 0 picks a free one and prints it"])
    var port: Int = 0

    @Option(names = ["--host"], description = ["address to bind (default: 127.0.0.1)"])
    var host: String = "127.0.0.1"

    @Option(names = ["--verify-client"], description = ["require a client certificate trusted by --cafile"])
    var verifyClient = false

    @Option(names = ["--once"], description = ["serve one connection, then exit with its status"])
    var once = false

    @Mixin
    val common = CommonOptions()

    override fun call(): Int {
        val ctx = common.context(Protocol.PROTOCOL_TLS_SERVER)
        if (common.cert == null) throw IllegalArgumentException("server needs --cert (and --key unless the key is in the same file)")
        if (verifyClient) {
            if (common.cafile == null) throw IllegalArgumentException("--verify-client needs --cafile")
            ctx.setVerifyMode(VerifyMode.CERT_REQUIRED)
        }
        ServerSocket().use { listener ->
            listener.bind(InetSocketAddress(InetAddress.getByName(host), port))
            println(if (common.json) Report.json(mapOf("listening" to listener.localPort)) else "listening on $host:${listener.localPort}")
            System.out.flush()
            if (once) return serve(ctx, listener.accept())
            val pool = Executors.newCachedThreadPool { r -> Thread(r, "tlskit-server").apply { isDaemon = true } }
            while (true) {
                val raw = listener.accept()
                pool.submit { serve(ctx, raw) }
            }
        }
    }

    private fun serve(ctx: TlsContext, raw: Socket): Int {
        val result = linkedMapOf<String, Any?>("provider" to ctx.provider().name())
        val code = try {
            ctx.wrapSocket(raw, WrapOptions.server()).use { tls ->
                result.putAll(Report.connection(ctx.provider().name(), tls.connection(), verifyClient))
                report(result)
                val buf = ByteArray(16 * 1024)
                while (true) {
                    val n = tls.read(buf, 0, buf.size)
                    if (n < 0) break
                    tls.write(buf, 0, n)
                }
            }
            0
        } catch (e: Exception) {
            result["error"] = Report.error(e)
            report(result)
            EXIT_TLS_FAILURE
        } finally {
            raw.close()
        }
        return code
    }

    private fun report(result: Map<String, Any?>) = synchronized(this) {
        println(if (common.json) Report.json(result) else Report.text(result))
        System.out.flush()
    }
}
