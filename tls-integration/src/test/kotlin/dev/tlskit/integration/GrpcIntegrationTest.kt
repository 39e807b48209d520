package dev.tlskit.integration

import dev.tlskit.TlsContext
import dev.tlskit.VerifyMode
import io.grpc.CallOptions
import io.grpc.Grpc
import io.grpc.ManagedChannel
import io.grpc.Metadata
import io.grpc.MethodDescriptor
import io.grpc.Server
import io.grpc.ServerCall
import io.grpc.ServerCallHandler
import io.grpc.ServerInterceptor
import io.grpc.ServerInterceptors
import io.grpc.ServerServiceDefinition
import io.grpc.StatusRuntimeException
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder
import io.grpc.netty.shaded.io.netty.handler.ssl.ApplicationProtocolConfig
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth
import io.grpc.netty.shaded.io.netty.handler.ssl.IdentityCipherSuiteFilter
import io.grpc.netty.shaded.io.netty.handler.ssl.JdkSslContext
import io.grpc.stub.ClientCalls
import io.grpc.stub.ServerCalls
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.ByteArrayInputStream
import java.io.InputStream
import java.net.InetAddress
import java.net.InetSocketAddress
import java.security.cert.X509Certificate
import java.util.concurrent.TimeUnit
import javax.net.ssl.SSLSession

private object Utf8 : MethodDescriptor.Marshaller<String> {
    override fun stream(value: String): InputStream = ByteArrayInputStream(value.toByteArray())
    override fun parse(stream: InputStream): String = String(stream.readAllBytes())
}

/** A unary echo method, hand-written so the test needs no protoc. */
private val SAY: MethodDescriptor<String, String> = MethodDescriptor.newBuilder(Utf8, Utf8)
    .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("tlskit.Echo/Say").build()

/** gRPC requires h2 by ALPN; tlskit's context offers it too, Netty's wrapper makes gRPC see the result. */
private val H2 = ApplicationProtocolConfig(
    ApplicationProtocolConfig.Protocol.ALPN, ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, "h2",
)

private fun nettySsl(ctx: TlsContext, client: Boolean) =
    JdkSslContext(ctx.toSslContext(), client, null, IdentityCipherSuiteFilter.INSTANCE, H2, ClientAuth.NONE)

/** A gRPC server (Netty, shaded) with mTLS on the bridge SSLContext; answers `echo: <request> from <client CN>`. */
private class EchoGrpcServer(ctx: TlsContext) : AutoCloseable {
    private val server: Server = NettyServerBuilder.forAddress(InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .sslContext(nettySsl(ctx, client = false))
        .addService(ServerInterceptors.intercept(
            ServerServiceDefinition.builder("tlskit.Echo").addMethod(SAY, ServerCalls.asyncUnaryCall { req, out ->
                out.onNext("echo: $req from ${PEER.get()}")
                out.onCompleted()
            }).build(),
            PeerInterceptor,
        )).build().start()
    val port: Int get() = server.port

    override fun close() {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS)
    }
}

private val PEER: io.grpc.Context.Key<String> = io.grpc.Context.key("peer")

/** Puts the client certificate's subject (from the TLS session gRPC exposes) into the call's context. */
private object PeerInterceptor : ServerInterceptor {
    override fun <Q, R> interceptCall(call: ServerCall<Q, R>, headers: Metadata, next: ServerCallHandler<Q, R>): ServerCall.Listener<Q> {
        val ssl: SSLSession? = call.attributes.get(Grpc.TRANSPORT_ATTR_SSL_SESSION)
        val subject = (ssl?.peerCertificates?.firstOrNull() as? X509Certificate)?.subjectX500Principal?.name ?: "nobody"
        return io.grpc.Contexts.interceptCall(io.grpc.Context.current().withValue(PEER, subject), call, headers, next)
    }
}

private fun callEcho(ctx: TlsContext, port: Int, text: String): String {
    val channel: ManagedChannel = NettyChannelBuilder.forAddress(InetSocketAddress(InetAddress.getLoopbackAddress(), port))
        .overrideAuthority("localhost:$port")
        .sslContext(nettySsl(ctx, client = true))
        .build()
    try {
        return ClientCalls.blockingUnaryCall(channel, SAY, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), text)
    } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS)
    }
}

/** gRPC-java (grpc-netty-shaded) with mutual TLS, both ends on tlskit bridge contexts, on each backend. */
class GrpcIntegrationTest : FunSpec({
    for (provider in PROVIDERS) {
        val p = "[$provider]"

        fun mtlsServer(credential: dev.tlskit.tck.TestCredential = pki.localhost) =
            serverContext(provider, credential).apply {
                setVerifyMode(VerifyMode.CERT_REQUIRED)
                loadVerifyLocations(pki.root.certFile)
                setAlpnProtocols(listOf("h2"))
            }

        fun mtlsClient(trust: java.nio.file.Path = pki.root.certFile) = clientContext(provider, trust).apply {
            loadCertChain(pki.client.chainFile, pki.client.keyFile, null)
            setAlpnProtocols(listOf("h2"))
        }

        test("$p gRPC unary call over mutual TLS and h2 succeeds and the server sees the client certificate") {
            EchoGrpcServer(mtlsServer()).use { server ->
                val answer = callEcho(mtlsClient(), server.port, "hi")
                answer shouldContain "echo: hi from "
                answer shouldContain pki.client.certificate.subjectX500Principal.name
            }
        }

        test("$p gRPC client to a server certificate for another host fails with verify code 62") {
            EchoGrpcServer(mtlsServer(pki.wrongHost)).use { server ->
                val e = shouldThrow<StatusRuntimeException> { callEcho(mtlsClient(), server.port, "hi") }
                e.tlskitVerification().shouldNotBeNull().verifyCode() shouldBe 62
            }
        }

        test("$p gRPC client that does not trust the server's CA fails with verify code 20") {
            EchoGrpcServer(mtlsServer()).use { server ->
                val e = shouldThrow<StatusRuntimeException> { callEcho(mtlsClient(pki.otherRoot.certFile), server.port, "hi") }
                e.tlskitVerification().shouldNotBeNull().verifyCode() shouldBe 20
            }
        }
    }
})
