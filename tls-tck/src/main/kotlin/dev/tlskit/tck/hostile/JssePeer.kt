package dev.tlskit.tck.hostile

import dev.tlskit.tck.TestCredential
import dev.tlskit.tck.TestPki
import java.io.IOException
import java.io.InputStream
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.security.KeyStore
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import javax.net.ssl.KeyManagerFactory
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLSocket
import javax.net.ssl.SSLSocketFactory
import javax.net.ssl.TrustManagerFactory

/**
 * The well-behaved side of a hostile-peer test: the JDK's own SunJSSE (not tlskit, and the same on every backend under
 * test) on a thread of its own, speaking a fixed conversation:
 * handshake, `[floods ×] startHandshake()`, send `one`, await `ack1`, send `two`, await `ack2`, close_notify.
 * With TLS 1.2 `startHandshake()` after the handshake asks for a renegotiation (a server sends HelloRequest); with
 * TLS 1.3 it sends a KeyUpdate: the flood cases.
 */
public class JssePeer private constructor(
    private val server: ServerSocket?,
    private val connectPort: Int,
    private val protocol: String,
    private val floods: Int,
) : AutoCloseable {
    @Volatile
    private var socket: Socket? = null
    private val thread: Thread
    private val result = CompletableFuture<Throwable?>()

    init {
        thread = Thread({ result.complete(runCatching { converse() }.exceptionOrNull()) }, "jsse-peer").apply { isDaemon = true }
        thread.start()
    }

    /** The port a client (or the proxy) connects to, for a server peer. */
    public val port: Int get() = server!!.localPort

    /** How the peer's conversation ended (`null`: completed), waiting at most [millis]. */
    public fun outcome(millis: Long = 10_000): Throwable? = result.get(millis, TimeUnit.MILLISECONDS)

    private fun converse() {
        val raw = server?.accept() ?: Socket(InetAddress.getLoopbackAddress(), connectPort)
        socket = raw
        raw.soTimeout = 10_000
        val tls = (context().socketFactory as SSLSocketFactory).createSocket(raw, "localhost", raw.port, true) as SSLSocket
        tls.useClientMode = server == null
        tls.enabledProtocols = arrayOf(protocol)
        tls.use {
            it.startHandshake()
            repeat(floods) { _ -> it.startHandshake() }
            val input = it.inputStream
            it.outputStream.write("one\n".toByteArray())
            check(readLine(input) == "ack1") { "expected ack1" }
            it.outputStream.write("two\n".toByteArray())
            check(readLine(input) == "ack2") { "expected ack2" }
        }
    }

    /** Closes the sockets and joins the peer's thread (at most 5 s). */
    override fun close() {
        try {
            server?.close()
            socket?.close()
        } catch (_: IOException) {
        }
        thread.join(5_000)
    }

    public companion object {
        /** A SunJSSE server on 127.0.0.1 presenting `localhost` from the test PKI, serving one connection. */
        public fun server(protocol: String, floods: Int = 0): JssePeer =
            JssePeer(ServerSocket(0, 1, InetAddress.getLoopbackAddress()), 0, protocol, floods)

        /** A SunJSSE client connecting to 127.0.0.1:[port]. */
        public fun client(port: Int, protocol: String, floods: Int = 0): JssePeer = JssePeer(null, port, protocol, floods)

        /** One `\n`-terminated line, byte by byte; `null` at EOF. */
        public fun readLine(input: InputStream): String? {
            val sb = StringBuilder()
            while (true) {
                val b = input.read()
                if (b < 0) return if (sb.isEmpty()) null else sb.toString()
                if (b == '\n'.code) return sb.toString()
                sb.append(b.toChar())
            }
        }

        private val contextHolder: SSLContext by lazy {
            val pki = TestPki.shared
            val ctx = SSLContext.getInstance("TLS", "SunJSSE")
            ctx.init(keyManagers(pki.localhost), trustManagers(pki.root), null)
            ctx
        }

        private fun context(): SSLContext = contextHolder

        private fun keyManagers(c: TestCredential) = KeyManagerFactory.getInstance("SunX509", "SunJSSE").apply {
            val ks = KeyStore.getInstance("PKCS12").apply { load(null, null) }
            ks.setKeyEntry("key", c.privateKey, CharArray(0), c.chain.toTypedArray())
            init(ks, CharArray(0))
        }.keyManagers

        private fun trustManagers(root: TestCredential) = TrustManagerFactory.getInstance("PKIX", "SunJSSE").apply {
            val ks = KeyStore.getInstance("PKCS12").apply { load(null, null) }
            ks.setCertificateEntry("root", root.certificate)
            init(ks)
        }.trustManagers
    }
}
