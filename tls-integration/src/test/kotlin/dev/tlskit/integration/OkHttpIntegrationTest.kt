package dev.tlskit.integration

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import java.net.Socket
import java.util.concurrent.CopyOnWriteArrayList
import javax.net.ssl.SSLHandshakeException
import javax.net.ssl.SSLSocketFactory
import okhttp3.OkHttpClient
import okhttp3.Protocol as HttpProtocol
import okhttp3.Request

/** OkHttp with `sslSocketFactory(ctx.toSslSocketFactory(), ctx.trustManager())` against a tlskit HTTPS server. */
class OkHttpIntegrationTest : FunSpec({
    for (provider in PROVIDERS) {
        val p = "[$provider]"

        fun client(ctx: dev.tlskit.TlsContext, sockets: MutableList<Socket>): OkHttpClient =
            OkHttpClient.Builder()
                .sslSocketFactory(Recording(ctx.toSslSocketFactory(), sockets), ctx.trustManager())
                .protocols(listOf(HttpProtocol.HTTP_1_1))
                .build()

        test("$p OkHttp fetches a page from a tlskit server through the bridge socket factory") {
            TlskitHttpsServer(serverContext(provider)).use { server ->
                val sockets = CopyOnWriteArrayList<Socket>()
                val response = client(clientContext(provider), sockets)
                    .newCall(Request.Builder().url("https://localhost:${server.port}/hello").build()).execute()
                response.use {
                    it.code shouldBe 200
                    it.body!!.string() shouldBe "hello from tlskit"
                    it.handshake!!.tlsVersion.javaName shouldBe "TLSv1.3"
                }
                server.outcome().requestLine shouldBe "GET /hello HTTP/1.1"
                sockets.single().javaClass.name shouldStartWith backendPackage(provider)
            }
        }

        test("$p OkHttp to a server whose certificate names another host fails with verify code 62") {
            TlskitHttpsServer(serverContext(provider, pki.wrongHost)).use { server ->
                val e = shouldThrow<SSLHandshakeException> {
                    client(clientContext(provider), mutableListOf())
                        .newCall(Request.Builder().url("https://localhost:${server.port}/").build()).execute()
                }
                e.tlskitVerification().shouldNotBeNull().verifyCode() shouldBe 62
                server.outcome().error.shouldNotBeNull()
            }
        }

        test("$p OkHttp to a server from a CA the client does not trust fails with verify code 20") {
            TlskitHttpsServer(serverContext(provider)).use { server ->
                val e = shouldThrow<SSLHandshakeException> {
                    client(clientContext(provider, pki.otherRoot.certFile), mutableListOf())
                        .newCall(Request.Builder().url("https://localhost:${server.port}/").build()).execute()
                }
                e.tlskitVerification().shouldNotBeNull().verifyCode() shouldBe 20
                server.outcome().error.shouldNotBeNull()
            }
        }

        test("$p OkHttp negotiates h2 by ALPN with a tlskit server that offers it and sends the HTTP/2 preface") {
            val serverCtx = serverContext(provider).apply { setAlpnProtocols(listOf("h2", "http/1.1")) }
            TlskitHttpsServer(serverCtx).use { server ->
                val ctx = clientContext(provider)
                val okhttp = OkHttpClient.Builder().sslSocketFactory(ctx.toSslSocketFactory(), ctx.trustManager()).build()
                // the tiny server speaks no HTTP/2: the call fails after the preface, which is what is checked
                runCatching { okhttp.newCall(Request.Builder().url("https://localhost:${server.port}/").build()).execute().close() }
                val seen = server.outcome()
                seen.alpn shouldBe "h2"
                seen.requestLine shouldBe "PRI * HTTP/2.0"
            }
        }
    }
})

/** Delegates to the bridge factory and records the sockets it made, to see which backend's sockets they are. */
private class Recording(private val d: SSLSocketFactory, private val made: MutableList<Socket>) : SSLSocketFactory() {
    override fun getDefaultCipherSuites(): Array<String> = d.defaultCipherSuites
    override fun getSupportedCipherSuites(): Array<String> = d.supportedCipherSuites
    override fun createSocket(s: Socket, host: String, port: Int, autoClose: Boolean): Socket =
        d.createSocket(s, host, port, autoClose).also { made += it }
    override fun createSocket(host: String, port: Int): Socket = d.createSocket(host, port).also { made += it }
    override fun createSocket(host: String, port: Int, localHost: java.net.InetAddress, localPort: Int): Socket =
        d.createSocket(host, port, localHost, localPort).also { made += it }
    override fun createSocket(host: java.net.InetAddress, port: Int): Socket = d.createSocket(host, port).also { made += it }
    override fun createSocket(address: java.net.InetAddress, port: Int, localAddress: java.net.InetAddress, localPort: Int): Socket =
        d.createSocket(address, port, localAddress, localPort).also { made += it }
}
