package dev.tlskit.integration

import dev.tlskit.AlertDescription
import dev.tlskit.AlpnSelection
import dev.tlskit.Capability
import dev.tlskit.TlsVersion
import dev.tlskit.UnsupportedFeatureException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import dev.tlskit.tck.PythonPeerOptions
import dev.tlskit.tck.PythonTlsPeer
import java.security.KeyManagementException
import javax.net.ssl.SSLSocket

/** What the bridges promise about themselves: settings carried, refusals instead of silent drops. */
class BridgeContractTest : FunSpec({
    for (provider in PROVIDERS) {
        val p = "[$provider]"

        test("$p engines from toSslContext carry the context's versions, ALPN list and client mode with SNI") {
            val ctx = clientContext(provider).apply {
                setMaximumVersion(TlsVersion.TLSv1_2)
                setAlpnProtocols(listOf("h2", "http/1.1"))
            }
            val engine = ctx.toSslContext().createSSLEngine("example.org", 443)
            engine.useClientMode shouldBe true
            engine.enabledProtocols.toList() shouldContainExactly listOf("TLSv1.2")
            engine.sslParameters.applicationProtocols.toList() shouldContainExactly listOf("h2", "http/1.1")
            engine.peerHost shouldBe "example.org"
            engine.javaClass.name shouldStartWith backendPackage(provider)
        }

        test("$p sockets from toSslSocketFactory carry the context's versions and ALPN list") {
            TlskitHttpsServer(serverContext(provider).apply { setAlpnProtocols(listOf("h2", "http/1.1")) }).use { server ->
                val ctx = clientContext(provider).apply {
                    setMaximumVersion(TlsVersion.TLSv1_2)
                    setAlpnProtocols(listOf("http/1.1"))
                }
                (ctx.toSslSocketFactory().createSocket("localhost", server.port) as SSLSocket).use { s ->
                    s.enabledProtocols.toList() shouldContainExactly listOf("TLSv1.2")
                    s.startHandshake()
                    s.session.protocol shouldBe "TLSv1.2"
                    s.applicationProtocol shouldBe "http/1.1"
                    s.outputStream.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".toByteArray())
                    s.inputStream.bufferedReader().readLine() shouldBe "HTTP/1.1 200 OK"
                }
                server.outcome().alpn shouldBe "http/1.1"
            }
        }

        test("$p a server socket from toSslServerSocketFactory serves a Python ssl client with the context's ALPN") {
            val ctx = serverContext(provider).apply { setAlpnProtocols(listOf("h2", "http/1.1")) }
            val listener = ctx.toSslServerSocketFactory()
                .createServerSocket(0, 8, java.net.InetAddress.getLoopbackAddress()) as javax.net.ssl.SSLServerSocket
            listener.use {
                val served = java.util.concurrent.CompletableFuture.supplyAsync {
                    (listener.accept() as SSLSocket).use { s ->
                        val line = s.inputStream.bufferedReader().readLine()
                        s.outputStream.write("$line\nCLOSE\n".toByteArray())
                        s.outputStream.flush()
                        Triple(line, s.applicationProtocol, s.javaClass.name)
                    }
                }
                val py = PythonTlsPeer.client(listener.localPort, PythonPeerOptions(caFile = pki.root.certFile,
                    checkHostname = true, serverHostname = "localhost", alpn = listOf("http/1.1", "h2")),
                    "over a server socket\n".toByteArray())
                val (line, alpn, socketClass) = served.get(30, java.util.concurrent.TimeUnit.SECONDS)
                line shouldBe "over a server socket"
                alpn shouldBe "h2"
                socketClass shouldStartWith backendPackage(provider)
                py.alpn shouldBe "h2"
                py.receivedText shouldContain "over a server socket"
            }
        }

        test("$p the bridge SSLContext refuses init because it comes initialised from the TlsContext") {
            val e = shouldThrow<KeyManagementException> { clientContext(provider).toSslContext().init(null, null, null) }
            e.message shouldContain "already initialised"
        }

        test("$p a server socket factory refuses an SNI callback instead of dropping it") {
            val ctx = serverContext(provider).apply { setSniCallback { _, _, _ -> AlertDescription.ALERT_DESCRIPTION_UNRECOGNIZED_NAME } }
            val e = shouldThrow<UnsupportedFeatureException> { ctx.toSslServerSocketFactory() }
            e.feature() shouldContain "SNI callback"
            e.provider() shouldBe provider
        }

        test("$p an ALPN select callback is bridged where the backend can refuse, else refused with the capability absent") {
            val ctx = serverContext(provider).apply { setAlpnSelectCallback { _, _ -> AlpnSelection.NO_APPLICATION_PROTOCOL } }
            if (ctx.provider().capabilities().contains(Capability.ALPN_SELECT_ALERT)) {
                ctx.toSslContext().createSSLEngine().useClientMode shouldBe false
            } else {
                val e = shouldThrow<UnsupportedFeatureException> { ctx.toSslContext() }
                e.feature() shouldContain "ALPN select callback"
                e.provider() shouldBe provider
            }
        }
    }
})
