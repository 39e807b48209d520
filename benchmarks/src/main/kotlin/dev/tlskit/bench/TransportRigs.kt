@file:JvmName("TransportRigs")

package dev.tlskit.bench

import dev.tlskit.Capability
import dev.tlskit.Protocol
import dev.tlskit.TlsContext
import dev.tlskit.TlsException
import dev.tlskit.TlsSocket
import dev.tlskit.TlsVersion
import dev.tlskit.WrapOptions
import dev.tlskit.kotlin.TlsChannel
import dev.tlskit.kotlin.TlsServer
import dev.tlskit.kotlin.bind
import dev.tlskit.kotlin.connect
import io.ktor.network.selector.SelectorManager
import io.ktor.network.sockets.aSocket
import io.ktor.network.sockets.openReadChannel
import io.ktor.network.sockets.openWriteChannel
import io.ktor.network.tls.tls
import io.ktor.utils.io.readAvailable
import io.ktor.utils.io.readFully
import io.ktor.utils.io.writeFully
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.launch
import java.io.IOException
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.Socket
import java.nio.ByteBuffer
import java.security.KeyStore
import java.util.concurrent.atomic.AtomicInteger
import javax.net.ssl.TrustManagerFactory
import javax.net.ssl.X509TrustManager

/*
 * The peers of the transport benchmark: echo servers (tlskit coroutine TlsServer, blocking TlsSocket with one thread per
 * connection) and the clients that talk to them (tlskit coroutine TlsChannel, blocking TlsSocket, Ktor's
 * ktor-network-tls). Every server echoes what it reads until the client closes.
 */

internal val LOOPBACK: InetAddress = InetAddress.getLoopbackAddress()

/** A server context on [provider] with the benchmark leaf, exactly [version]. */
internal fun serverContext(provider: String, version: TlsVersion): TlsContext {
    val pki = BenchPki.get()
    return TlsContext.create(Protocol.PROTOCOL_TLS_SERVER, provider).apply {
        loadCertChain(pki.chainPem, pki.keyPem, null)
        setMinimumVersion(version)
        setMaximumVersion(version)
        if (version == TlsVersion.TLSv1_2) setCiphers(TLS12_SUITE_OPENSSL)
    }
}

/**
 * The CA PEM clients trust: this JVM's [BenchPki], or the server JVM's when [IdleClients] runs as a child process
 * (set before any client is made).
 */
internal var trustedCaPem: java.nio.file.Path? = null

private fun caPem(): java.nio.file.Path = trustedCaPem ?: BenchPki.get().caPem

/** A client context on [provider] trusting the benchmark CA, exactly [version], AES-128-GCM where choosable. */
internal fun clientContext(provider: String, version: TlsVersion): TlsContext {
    return TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider).apply {
        loadVerifyLocations(caPem())
        setMinimumVersion(version)
        setMaximumVersion(version)
        if (version == TlsVersion.TLSv1_2) setCiphers(TLS12_SUITE_OPENSSL)
        if (version == TlsVersion.TLSv1_3 && Capability.TLS13_CIPHERSUITE_SELECTION in provider().capabilities()) {
            setCiphersuites(BenchPki.SUITE)
        }
    }
}

/** The TLS 1.2 suite every stack (Ktor included) shares with an ECDSA P-256 certificate. */
internal const val TLS12_SUITE_OPENSSL = "ECDHE-ECDSA-AES128-GCM-SHA256"

/** A running echo server. */
internal interface EchoServer : AutoCloseable {
    val port: Int
    val accepted: Int
}

/** tlskit's coroutine server: one coroutine per connection on [Dispatchers.Default], buffers of [bufferSize]. */
internal class CoroutineEchoServer(context: TlsContext, private val bufferSize: Int = 16 * 1024) : EchoServer {
    private val server: TlsServer = context.bind(InetSocketAddress(LOOPBACK, 0), backlog = 4096)
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
    private val count = AtomicInteger()
    override val port: Int get() = server.port
    override val accepted: Int get() = count.get()

    init {
        scope.launch {
            server.incoming().collect { tls ->
                count.incrementAndGet()
                launch { tls.use { echo(it) } }
            }
        }
    }

    private suspend fun echo(tls: TlsChannel) {
        val buf = ByteBuffer.allocate(bufferSize)
        try {
            while (tls.read(buf) >= 0) {
                buf.flip()
                tls.write(buf)
                buf.clear()
            }
        } catch (e: IOException) {
            // a client that closed without close_notify: the benchmark's clients may
        }
    }

    override fun close() {
        server.close()
        scope.cancel()
    }
}

/** The blocking baseline: an accept thread and one new thread per connection, each echoing through a [TlsSocket]. */
internal class BlockingEchoServer(private val context: TlsContext, private val bufferSize: Int = 16 * 1024) : EchoServer {
    private val listener = ServerSocket(0, 4096, LOOPBACK)
    private val count = AtomicInteger()
    override val port: Int get() = listener.localPort
    override val accepted: Int get() = count.get()

    init {
        Thread({
            while (!listener.isClosed) {
                val raw = try {
                    listener.accept()
                } catch (e: IOException) {
                    break
                }
                count.incrementAndGet()
                Thread({ serve(raw) }, "echo-${raw.port}").apply { isDaemon = true }.start()
            }
        }, "blocking-accept").apply { isDaemon = true }.start()
    }

    private fun serve(raw: Socket) {
        raw.tcpNoDelay = true
        try {
            context.wrapSocket(raw, WrapOptions.server()).use { tls ->
                val buf = ByteArray(bufferSize)
                while (true) {
                    val n = tls.read(buf, 0, buf.size)
                    if (n <= 0) break
                    tls.write(buf, 0, n)
                }
            }
        } catch (e: IOException) {
            // a client that closed without close_notify
        } finally {
            raw.close()
        }
    }

    override fun close() = listener.close()
}

/** One client connection able to send [message]-sized echoes; the three kinds below. */
internal interface EchoClient : AutoCloseable

internal class CoroutineClient(val channel: TlsChannel) : EchoClient {
    suspend fun echo(out: ByteBuffer, back: ByteBuffer) {
        out.clear()
        channel.write(out)
        back.clear()
        channel.readFully(back)
    }

    override fun close() = channel.close()

    companion object {
        suspend fun open(context: TlsContext, port: Int) =
            CoroutineClient(context.connect(InetSocketAddress(LOOPBACK, port), BenchPki.HOST))
    }
}

internal class BlockingClient(val socket: TlsSocket) : EchoClient {
    fun echo(out: ByteArray, back: ByteArray) {
        socket.write(out, 0, out.size)
        var got = 0
        while (got < back.size) {
            val n = socket.read(back, got, back.size - got)
            check(n > 0) { "the server closed" }
            got += n
        }
    }

    override fun close() = socket.close()

    companion object {
        fun open(context: TlsContext, port: Int): BlockingClient {
            val raw = Socket(LOOPBACK, port).apply { tcpNoDelay = true }
            return BlockingClient(context.wrapSocket(raw, WrapOptions.client(BenchPki.HOST)))
        }
    }
}

/** Ktor's pure-Kotlin TLS client (TLS 1.2 at most), trusting the benchmark CA with the JDK's PKIX trust manager. */
internal class KtorClient(private val socket: io.ktor.network.sockets.Socket) : EchoClient {
    private val input = socket.openReadChannel()
    private val output = socket.openWriteChannel(autoFlush = false)

    suspend fun echo(out: ByteArray, back: ByteArray) {
        output.writeFully(out, 0, out.size)
        output.flush()
        input.readFully(back, 0, back.size)
    }

    /** Sends [out] and flushes. */
    suspend fun send(out: ByteArray) {
        output.writeFully(out, 0, out.size)
        output.flush()
    }

    /** Reads what has arrived, at most [max] bytes, into [into]; -1 at the end. */
    suspend fun receive(into: ByteArray, max: Int): Int = input.readAvailable(into, 0, max)

    /** Suspends until the server sends something (an idle client's pending read). */
    suspend fun waitForData() {
        input.awaitContent()
    }

    override fun close() = socket.close()

    companion object {
        val selector: SelectorManager by lazy { SelectorManager(Dispatchers.IO) }

        private val trust: X509TrustManager by lazy {
            val ca = java.nio.file.Files.newInputStream(caPem()).use {
                java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(it)
            }
            val ks = KeyStore.getInstance("PKCS12").apply { load(null, null); setCertificateEntry("ca", ca) }
            val tmf = TrustManagerFactory.getInstance("PKIX").apply { init(ks) }
            tmf.trustManagers.single() as X509TrustManager
        }

        suspend fun open(port: Int): KtorClient {
            val tcp = aSocket(selector).tcp().connect(LOOPBACK.hostAddress, port) { noDelay = true }
            val tls = tcp.tls(Dispatchers.Default) {
                trustManager = trust
                serverName = BenchPki.HOST
            }
            return KtorClient(tls)
        }
    }
}

/** Runs [block], turning a TLS failure into a message that says which rig failed. */
internal inline fun <T> rig(name: String, block: () -> T): T = try {
    block()
} catch (e: TlsException) {
    throw IllegalStateException("$name failed: $e", e)
}
