package dev.tlskit.integration

import dev.tlskit.VerifyMode
import dev.tlskit.tck.OpenSslServer
import dev.tlskit.tck.OpenSslServerOptions
import dev.tlskit.tck.PeerVerifyMode
import dev.tlskit.tck.PythonPeerOptions
import dev.tlskit.tck.PythonTlsPeer
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import io.netty.bootstrap.Bootstrap
import io.netty.bootstrap.ServerBootstrap
import io.netty.buffer.ByteBuf
import io.netty.buffer.Unpooled
import io.netty.channel.Channel
import io.netty.channel.ChannelFutureListener
import io.netty.channel.ChannelHandlerContext
import io.netty.channel.ChannelInboundHandlerAdapter
import io.netty.channel.ChannelInitializer
import io.netty.channel.nio.NioEventLoopGroup
import io.netty.channel.socket.SocketChannel
import io.netty.channel.socket.nio.NioServerSocketChannel
import io.netty.channel.socket.nio.NioSocketChannel
import io.netty.handler.ssl.ClientAuth
import io.netty.handler.ssl.JdkSslContext
import io.netty.handler.ssl.SslContextBuilder
import io.netty.handler.ssl.SslHandler
import io.netty.handler.ssl.SslProvider
import java.net.InetAddress
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

/** What one Netty connection ended with. */
private class NettyOutcome(val handshakeError: Throwable?, val alpn: String?, val engineClass: String, val received: String)

/**
 * A Netty echo server on `JdkSslContext(ctx.toSslContext(), ...)`: echoes bytes until a `CLOSE` line, then closes
 * with close_notify (the protocol of the tck's Python peer).
 */
private class NettyEchoServer(ssl: io.netty.handler.ssl.SslContext) : AutoCloseable {
    constructor(ctx: dev.tlskit.TlsContext) : this(JdkSslContext(ctx.toSslContext(), false, ClientAuth.NONE))

    private val group = NioEventLoopGroup(1)
    val outcome = CompletableFuture<NettyOutcome>()
    private val channel: Channel
    val port: Int

    init {
        channel = ServerBootstrap().group(group).channel(NioServerSocketChannel::class.java)
            .childHandler(object : ChannelInitializer<SocketChannel>() {
                override fun initChannel(ch: SocketChannel) {
                    val handler = ssl.newHandler(ch.alloc())
                    ch.pipeline().addLast(handler, EchoUntilClose(handler, outcome))
                }
            }).bind(InetAddress.getLoopbackAddress(), 0).sync().channel()
        port = (channel.localAddress() as java.net.InetSocketAddress).port
    }

    override fun close() {
        channel.close().sync()
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync()
    }
}

private class EchoUntilClose(private val ssl: SslHandler, private val outcome: CompletableFuture<NettyOutcome>) :
    ChannelInboundHandlerAdapter() {
    private val received = StringBuilder()

    override fun handlerAdded(ctx: ChannelHandlerContext) {
        ssl.handshakeFuture().addListener { f ->
            if (!f.isSuccess) outcome.complete(NettyOutcome(f.cause(), null, ssl.engine().javaClass.name, ""))
        }
    }

    override fun channelRead(ctx: ChannelHandlerContext, msg: Any) {
        val buf = msg as ByteBuf
        received.append(buf.toString(Charsets.UTF_8))
        ctx.writeAndFlush(buf)
        if (received.endsWith("CLOSE\n")) {
            outcome.complete(NettyOutcome(null, ssl.engine().applicationProtocol, ssl.engine().javaClass.name, received.toString()))
            ctx.channel().close()
        }
    }

    override fun exceptionCaught(ctx: ChannelHandlerContext, cause: Throwable) {
        ctx.close()
    }
}

/** A Netty client on `JdkSslContext(ctx.toSslContext(), true, ...)`: sends [line], reads one line back. */
private fun nettyClientExchange(ctx: dev.tlskit.TlsContext, port: Int, line: String, host: String? = "localhost"): NettyOutcome {
    val group = NioEventLoopGroup(1)
    try {
        val ssl = JdkSslContext(ctx.toSslContext(), true, ClientAuth.NONE)
        val result = CompletableFuture<NettyOutcome>()
        Bootstrap().group(group).channel(NioSocketChannel::class.java).handler(object : ChannelInitializer<SocketChannel>() {
            override fun initChannel(ch: SocketChannel) {
                val handler = if (host == null) ssl.newHandler(ch.alloc()) else ssl.newHandler(ch.alloc(), host, port)
                val received = StringBuilder()
                ch.pipeline().addLast(handler, object : ChannelInboundHandlerAdapter() {
                    override fun channelActive(c: ChannelHandlerContext) {
                        handler.handshakeFuture().addListener { f ->
                            if (f.isSuccess) {
                                c.writeAndFlush(Unpooled.copiedBuffer(line, Charsets.UTF_8))
                            } else {
                                result.complete(NettyOutcome(f.cause(), null, handler.engine().javaClass.name, ""))
                            }
                        }
                    }

                    override fun channelRead(c: ChannelHandlerContext, msg: Any) {
                        val buf = msg as ByteBuf
                        received.append(buf.toString(Charsets.UTF_8))
                        buf.release()
                        if (received.endsWith("\n")) {
                            result.complete(NettyOutcome(null, handler.engine().applicationProtocol,
                                handler.engine().javaClass.name, received.toString()))
                            c.writeAndFlush(Unpooled.copiedBuffer("CLOSE\n", Charsets.UTF_8))
                                .addListener(ChannelFutureListener.CLOSE)
                        }
                    }

                    override fun exceptionCaught(c: ChannelHandlerContext, cause: Throwable) {
                        result.complete(NettyOutcome(cause, null, handler.engine().javaClass.name, received.toString()))
                        c.close()
                    }
                })
            }
        }).connect(InetAddress.getLoopbackAddress(), port).sync()
        return result.get(30, TimeUnit.SECONDS)
    } finally {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync()
    }
}

/** Netty servers and clients on `JdkSslContext(ctx.toSslContext())`, against Python's `ssl` and `openssl s_server`. */
class NettyIntegrationTest : FunSpec({
    for (provider in PROVIDERS) {
        val p = "[$provider]"

        test("$p Netty server on the bridge SSLContext echoes to a Python ssl client and selects h2 by ALPN") {
            val ctx = serverContext(provider).apply { setAlpnProtocols(listOf("h2", "http/1.1")) }
            NettyEchoServer(ctx).use { server ->
                val py = PythonTlsPeer.client(server.port, PythonPeerOptions(caFile = pki.root.certFile,
                    checkHostname = true, serverHostname = "localhost", alpn = listOf("h2")),
                    "hello netty\nCLOSE\n".toByteArray())
                py.error.shouldBeNull()
                py.alpn shouldBe "h2"
                py.receivedText shouldBe "hello netty\nCLOSE\n"
                val seen = server.outcome.get(30, TimeUnit.SECONDS)
                seen.handshakeError.shouldBeNull()
                seen.alpn shouldBe "h2"
                seen.engineClass shouldStartWith backendPackage(provider)
            }
        }

        test("$p Netty server requiring client certificates refuses a client from an untrusted CA with verify code 20") {
            val ctx = serverContext(provider).apply {
                setVerifyMode(VerifyMode.CERT_REQUIRED)
                loadVerifyLocations(pki.root.certFile)
            }
            NettyEchoServer(ctx).use { server ->
                val py = PythonTlsPeer.client(server.port, PythonPeerOptions(caFile = pki.root.certFile,
                    verifyMode = PeerVerifyMode.CERT_REQUIRED, serverHostname = "localhost")
                    .copy(certFile = pki.untrustedClient.chainFile, keyFile = pki.untrustedClient.keyFile))
                py.ok shouldBe false
                val seen = server.outcome.get(30, TimeUnit.SECONDS)
                seen.handshakeError.shouldNotBeNull().tlskitVerification().shouldNotBeNull().verifyCode() shouldBe 20
            }
        }

        test("$p Netty server requiring client certificates accepts a client certificate from the trusted CA") {
            val ctx = serverContext(provider).apply {
                setVerifyMode(VerifyMode.CERT_REQUIRED)
                loadVerifyLocations(pki.root.certFile)
            }
            NettyEchoServer(ctx).use { server ->
                val py = PythonTlsPeer.client(server.port, PythonPeerOptions(caFile = pki.root.certFile,
                    serverHostname = "localhost").withCredential(pki.client), "mtls\nCLOSE\n".toByteArray())
                py.error.shouldBeNull()
                py.receivedText shouldBe "mtls\nCLOSE\n"
                server.outcome.get(30, TimeUnit.SECONDS).handshakeError.shouldBeNull()
            }
        }

        test("$p Netty SslContextBuilder with tlskit's key and trust managers refuses an untrusted client with code 20") {
            val ctx = serverContext(provider).apply {
                setVerifyMode(VerifyMode.CERT_REQUIRED)
                loadVerifyLocations(pki.root.certFile)
            }
            // the managers alone, in Netty's own SSLContext of the same backend's JCA provider
            val ssl = SslContextBuilder.forServer(ctx.keyManager()).trustManager(ctx.trustManager())
                .clientAuth(ClientAuth.REQUIRE).sslProvider(SslProvider.JDK)
                .sslContextProvider(ctx.toSslContext().provider).build()
            NettyEchoServer(ssl).use { server ->
                val good = PythonTlsPeer.client(server.port, PythonPeerOptions(caFile = pki.root.certFile,
                    serverHostname = "localhost").withCredential(pki.client), "builder\nCLOSE\n".toByteArray())
                good.error.shouldBeNull()
                good.receivedText shouldBe "builder\nCLOSE\n"
                server.outcome.get(30, TimeUnit.SECONDS).engineClass shouldStartWith backendPackage(provider)
            }
            NettyEchoServer(ssl).use { server ->
                PythonTlsPeer.client(server.port, PythonPeerOptions(caFile = pki.root.certFile, serverHostname = "localhost")
                    .withCredential(pki.untrustedClient)).ok shouldBe false
                server.outcome.get(30, TimeUnit.SECONDS).handshakeError.shouldNotBeNull()
                    .tlskitVerification().shouldNotBeNull().verifyCode() shouldBe 20
            }
        }

        test("$p Netty client on the bridge SSLContext exchanges a line with openssl s_server and agrees on h2") {
            OpenSslServer(OpenSslServerOptions.of(pki.localhost).copy(alpn = listOf("h2"))).use { server ->
                val ctx = clientContext(provider).apply { setAlpnProtocols(listOf("h2")) }
                val out = nettyClientExchange(ctx, server.port, "hello\n")
                out.handshakeError.shouldBeNull()
                out.received shouldBe "olleh\n"
                out.alpn shouldBe "h2"
                out.engineClass shouldStartWith backendPackage(provider)
                server.awaitSessions(1).single().alpnSelected shouldBe "h2"
            }
        }

        test("$p Netty client to a certificate for another host fails with verify code 62") {
            OpenSslServer(OpenSslServerOptions.of(pki.wrongHost)).use { server ->
                val out = nettyClientExchange(clientContext(provider), server.port, "hello\n")
                out.handshakeError.shouldNotBeNull().tlskitVerification().shouldNotBeNull().verifyCode() shouldBe 62
            }
        }

        test("$p Netty client engine made without a peer host fails with verify code 62 while hostname checking is on") {
            OpenSslServer(OpenSslServerOptions.of(pki.localhost)).use { server ->
                val out = nettyClientExchange(clientContext(provider), server.port, "hello\n", host = null)
                val error = out.handshakeError.shouldNotBeNull().tlskitVerification().shouldNotBeNull()
                error.verifyCode() shouldBe 62
                error.verifyMessage() shouldContain "no peer host"
            }
        }

        test("$p Netty client to an untrusted CA fails with verify code 20") {
            OpenSslServer(OpenSslServerOptions.of(pki.localhost)).use { server ->
                val out = nettyClientExchange(clientContext(provider, pki.otherRoot.certFile), server.port, "hello\n")
                out.handshakeError.shouldNotBeNull().tlskitVerification().shouldNotBeNull().verifyCode() shouldBe 20
            }
        }
    }
})
