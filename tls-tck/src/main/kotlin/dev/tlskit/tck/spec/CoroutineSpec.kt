@file:OptIn(InternalTlsApi::class)

package dev.tlskit.tck.spec

import dev.tlskit.CertificateVerificationException
import dev.tlskit.Protocol
import dev.tlskit.TlsContext
import dev.tlskit.TlsException
import dev.tlskit.TlsVersion
import dev.tlskit.TlsZeroReturnException
import dev.tlskit.VerifyMode
import dev.tlskit.kotlin.InternalTlsApi
import dev.tlskit.kotlin.TlsContextBuilder
import dev.tlskit.kotlin.bind
import dev.tlskit.kotlin.connect
import dev.tlskit.kotlin.tlsContext
import dev.tlskit.tck.ClientAuth
import dev.tlskit.tck.OpenSslClient
import dev.tlskit.tck.OpenSslClientOptions
import dev.tlskit.tck.OpenSslServer
import dev.tlskit.tck.OpenSslServerOptions
import dev.tlskit.tck.PeerVerifyMode
import dev.tlskit.tck.PythonPeerOptions
import dev.tlskit.tck.PythonTlsPeer
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import java.net.ConnectException
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.nio.ByteBuffer
import java.nio.channels.ClosedChannelException
import kotlin.random.Random


/** A client context built with the DSL, trusting the test root. */
internal fun dslClient(provider: String, block: TlsContextBuilder.() -> Unit = {}): TlsContext =
    tlsContext(Protocol.PROTOCOL_TLS_CLIENT) {
        this.provider = provider
        trust { pemFile(pki.root.certFile) }
        block()
    }

/** A server context built with the DSL, presenting `localhost`. */
internal fun dslServer(provider: String, block: TlsContextBuilder.() -> Unit = {}): TlsContext =
    tlsContext(Protocol.PROTOCOL_TLS_SERVER) {
        this.provider = provider
        identity { certChain(pki.localhost.chainFile, pki.localhost.keyFile) }
        block()
    }

/** The suspending transport and the DSL on [provider], against real openssl and CPython peers in both directions. */
public fun coroutineSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider] coroutines:"
    afterEach { noParkListener() }

    for (v in listOf(TlsVersion.TLSv1_2, TlsVersion.TLSv1_3)) {
        test("$p client to openssl s_server at ${v.seedName()} with ALPN: version, cipher and protocol agree") {
            OpenSslServer(OpenSslServerOptions.of(pki.localhost).copy(alpn = listOf("h2"), version = peerVersion(v))).use { server ->
                val ctx = dslClient(provider) { alpn("h2", "http/1.1") }
                ctx.connect("127.0.0.1", server.port, serverHostname = "localhost").use { tls ->
                    tls.version shouldBe v
                    tls.writeText("hello\nCLOSE\n")
                    tls.readText() shouldBe "olleh\n"
                    tls.alpnProtocol shouldBe "h2"
                    tls.peerCertificates.first().subjectX500Principal shouldBe pki.localhost.certificate.subjectX500Principal
                    val session = withContext(Dispatchers.IO) { server.awaitSessions(1).single() }
                    session.protocol shouldBe v.seedName()
                    session.cipher shouldBe tls.cipher!!.name()
                }
            }
            shouldLeakNothing()
        }

        test("$p client to a Python ssl server at ${v.seedName()} with mTLS and ALPN, ending with close_notify both ways") {
            val opts = PythonPeerOptions(verifyMode = PeerVerifyMode.CERT_REQUIRED, caFile = pki.root.certFile, alpn = listOf("http/1.1"),
                minVersion = peerVersion(v), maxVersion = peerVersion(v)).withCredential(pki.localhost)
            PythonTlsPeer.server(opts).use { py ->
                val ctx = dslClient(provider) {
                    alpn("h2", "http/1.1")
                    identity { certChain(pki.client.chainFile, pki.client.keyFile) }
                }
                ctx.connect("127.0.0.1", py.port, serverHostname = "localhost").use { tls ->
                    tls.writeText("ping\nCLOSE\n")
                    tls.readText() shouldBe "ping\n"
                    tls.alpnProtocol shouldBe "http/1.1"
                    tls.shutdown()
                }
                val r = withContext(Dispatchers.IO) { py.awaitResult() }
                r.error.shouldBeNull()
                r.version shouldBe v.seedName()
                r.peerCertSubject!!["commonName"] shouldBe "tlskit client"
                r.eof shouldBe "close_line"
                r.shutdown shouldBe "clean"
            }
            shouldLeakNothing()
        }

        test("$p server to openssl s_client at ${v.seedName()}: echo, ALPN and the verified client certificate") {
            val ctx = dslServer(provider) {
                alpn("h2")
                verifyMode = VerifyMode.CERT_REQUIRED
                trust { pemFile(pki.root.certFile) }
            }
            coroutineScope {
                ctx.bind().use { server ->
                    val outcome = echoOnce(server)
                    val r = withContext(Dispatchers.IO) {
                        OpenSslClient.connect(server.port, OpenSslClientOptions(caFile = pki.root.certFile, serverName = "localhost",
                            verifyHostname = "localhost", alpn = listOf("h2"), version = peerVersion(v)).withClientCertificate(pki.client),
                            "abc\nCLOSE\n".toByteArray())
                    }
                    checkMtlsEcho(r, outcome.await(), v)
                }
            }
            shouldLeakNothing()
        }

        test("$p server to a Python ssl client at ${v.seedName()} with hostname checking and ALPN") {
            coroutineScope {
                dslServer(provider) { alpn("h2", "http/1.1") }.bind().use { server ->
                    val outcome = echoOnce(server)
                    val r = withContext(Dispatchers.IO) {
                        PythonTlsPeer.client(server.port, PythonPeerOptions(caFile = pki.root.certFile, checkHostname = true,
                            serverHostname = "localhost", alpn = listOf("http/1.1"), minVersion = peerVersion(v), maxVersion = peerVersion(v)),
                            "data from python\nCLOSE\n".toByteArray())
                    }
                    r.error.shouldBeNull()
                    r.version shouldBe v.seedName()
                    r.alpn shouldBe "http/1.1"
                    r.receivedText shouldBe "data from python\nCLOSE\n"
                    r.shutdown shouldBe "clean"
                    outcome.await().alpn shouldBe "http/1.1"
                }
            }
            shouldLeakNothing()
        }
    }

    test("$p a server with the wrong host name fails with verify code 62, openssl hears the alert, the channel is closed") {
        OpenSslServer(OpenSslServerOptions.of(pki.wrongHost)).use { server ->
            val e = shouldThrow<CertificateVerificationException> {
                dslClient(provider).connect("127.0.0.1", server.port, serverHostname = "localhost")
            }
            e.verifyCode() shouldBe 62
            withContext(Dispatchers.IO) { server.awaitSessions(1).single() }.failed shouldBe true
        }
        shouldLeakNothing()
    }

    test("$p one coroutine reads while another writes: 4 MiB each way at once, every byte checked") {
        val size = 4 shl 20
        val up = Random(1).nextBytes(size)
        val down = Random(2).nextBytes(size)
        withContext(Dispatchers.Default) {
            dslServer(provider).bind().use { server ->
                val serverSide = async {
                    server.accept().use { tls ->
                        val got = ByteBuffer.allocate(size)
                        val writer = launch { tls.write(ByteBuffer.wrap(down)) }
                        tls.readFully(got)
                        writer.join()
                        tls.shutdown()
                        got.array().contentEquals(up)
                    }
                }
                dslClient(provider).connect("127.0.0.1", server.port, "localhost").use { tls ->
                    val got = ByteBuffer.allocate(size)
                    val writer = launch { tls.write(ByteBuffer.wrap(up)) }
                    tls.readFully(got)
                    writer.join()
                    got.array().contentEquals(down) shouldBe true
                    tls.read(ByteBuffer.allocate(1)) shouldBe -1
                    tls.shutdown()
                }
                serverSide.await() shouldBe true
            }
        }
        shouldLeakNothing()
    }

    test("$p incoming() serves every connection and completes when the server is closed") {
        withContext(Dispatchers.Default) {
            val server = dslServer(provider).bind()
            val served = async {
                // each connection in its own coroutine: connect() waits for the handshake, which the server runs there
                server.incoming().take(3).map { tls -> async { tls.use { it.readText() } } }.toList().awaitAll()
            }
            repeat(3) { i ->
                dslClient(provider).connect("127.0.0.1", server.port, "localhost").use { tls -> tls.writeText("client $i") }
            }
            served.await() shouldContainExactly listOf("client 0", "client 1", "client 2")
            val rest = async { server.incoming().toList() }
            server.close()
            rest.await() shouldBe emptyList()
            shouldThrow<ClosedChannelException> { server.accept() }
        }
        shouldLeakNothing()
    }

    test("$p after shutdown() a write fails with TlsZeroReturnException; any use after close() with ClosedChannelException") {
        withContext(Dispatchers.Default) {
            dslServer(provider).bind().use { server ->
                val peer = async { server.accept().use { it.readText() } }
                val tls = dslClient(provider).connect("127.0.0.1", server.port, "localhost")
                tls.writeText("x")
                val shutdown = async { tls.shutdown() }
                peer.await() shouldBe "x"
                shutdown.await()
                shouldThrow<TlsZeroReturnException> { tls.writeText("y") }
                tls.close()
                tls.isOpen shouldBe false
                shouldThrow<ClosedChannelException> { tls.read(ByteBuffer.allocate(1)) }
                shouldThrow<ClosedChannelException> { tls.writeText("z") }
            }
        }
        shouldLeakNothing()
    }

    test("$p TCP and context errors: a closed port is ConnectException, a client context cannot bind, nothing leaks") {
        val port = ServerSocket(0, 1, InetAddress.getLoopbackAddress()).use { it.localPort }
        shouldThrow<ConnectException> { dslClient(provider).connect("127.0.0.1", port, "localhost") }
        val e = shouldThrow<TlsException> { dslClient(provider).bind(InetSocketAddress(InetAddress.getLoopbackAddress(), 0)) }
        e.message shouldContain "Cannot create a server socket"
        shouldThrow<IllegalArgumentException> { dslClient(provider).connect("127.0.0.1", 1, serverHostname = null) }
        shouldLeakNothing()
    }
}
