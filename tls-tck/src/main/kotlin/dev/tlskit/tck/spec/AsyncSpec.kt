@file:OptIn(InternalTlsApi::class)

package dev.tlskit.tck.spec

import dev.tlskit.CertificateVerificationException
import dev.tlskit.TlsVersion
import dev.tlskit.VerifyMode
import dev.tlskit.async.AsyncTlsChannel
import dev.tlskit.async.TlsAsync
import dev.tlskit.kotlin.InternalTlsApi
import dev.tlskit.kotlin.TlsTransportDiagnostics.Phase
import dev.tlskit.tck.OpenSslClient
import dev.tlskit.tck.OpenSslClientOptions
import dev.tlskit.tck.OpenSslServer
import dev.tlskit.tck.OpenSslServerOptions
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.future.await
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import java.io.ByteArrayOutputStream
import java.net.InetAddress
import java.net.ServerSocket
import java.nio.ByteBuffer
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.TimeoutException
import kotlin.time.Duration.Companion.seconds

/** Reads until the peer's close_notify, one future at a time (the way a Java caller chains them). */
private fun AsyncTlsChannel.readAll(out: ByteArrayOutputStream = ByteArrayOutputStream()): CompletableFuture<String> {
    val buf = ByteBuffer.allocate(4096)
    return read(buf).thenCompose { n ->
        if (n < 0) CompletableFuture.completedFuture(out.toString(Charsets.UTF_8))
        else {
            out.write(buf.array(), 0, n)
            readAll(out)
        }
    }
}

/** Echoes until a `CLOSE` line, then close_notify both ways; the text received. */
private fun AsyncTlsChannel.echoUntilClose(received: ByteArrayOutputStream = ByteArrayOutputStream()): CompletableFuture<String> {
    val buf = ByteBuffer.allocate(4096)
    return read(buf).thenCompose { n ->
        if (n > 0) received.write(buf.array(), 0, n)
        buf.flip()
        val text = received.toString(Charsets.UTF_8)
        if (n < 0 || text.endsWith("CLOSE\n")) write(buf).thenCompose { shutdown() }.thenApply { text }
        else write(buf).thenCompose { echoUntilClose(received) }
    }
}

private fun text(s: String): ByteBuffer = ByteBuffer.wrap(s.toByteArray())

/**
 * The Java face of the coroutine transport ([TlsAsync], `CompletableFuture` results) on [provider]: real openssl peers
 * in both directions, the completing thread, and cancellation through `Future.cancel` and `orTimeout`, which closes the
 * socket and leaks nothing.
 */
public fun asyncSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider] Java futures:"
    val tls = TlsAsync.create()
    afterEach { noParkListener() }

    test("$p client to openssl s_server at TLSv1.3 with ALPN: every future completes and the echo is exact") {
        OpenSslServer(OpenSslServerOptions.of(pki.localhost).copy(alpn = listOf("h2"), version = peerVersion(TlsVersion.TLSv1_3))).use { server ->
            val ch = tls.connect(dslClient(provider) { alpn("h2") }, "127.0.0.1", server.port, "localhost").await()
            ch.use {
                ch.version().get() shouldBe TlsVersion.TLSv1_3
                ch.alpnProtocol().get() shouldBe "h2"
                ch.write(text("hello\nCLOSE\n")).await() shouldBe 12
                ch.readAll().await() shouldBe "olleh\n"
                val session = withContext(Dispatchers.IO) { server.awaitSessions(1).single() }
                session.cipher shouldBe ch.cipher().get().name()
            }
        }
        shouldLeakNothing()
    }

    test("$p server to openssl s_client with mTLS: accept, handshake and echo chained as futures") {
        val ctx = dslServer(provider) {
            alpn("h2")
            verifyMode = VerifyMode.CERT_REQUIRED
            trust { pemFile(pki.root.certFile) }
        }
        tls.bind(ctx).use { server ->
            val served = server.accept().thenCompose { ch ->
                ch.handshake().thenCompose { ch.echoUntilClose() }.thenApply { received ->
                    ServerOutcome(ch.version().orElse(null)?.seedName(), ch.cipher().orElse(null)?.name(),
                        ch.alpnProtocol().orElse(null), ch.peerCertificates().firstOrNull(), received, null, null)
                }.whenComplete { _, _ -> ch.close() }
            }
            val r = withContext(Dispatchers.IO) {
                OpenSslClient.connect(server.port(), OpenSslClientOptions(caFile = pki.root.certFile, serverName = "localhost",
                    verifyHostname = "localhost", alpn = listOf("h2"), version = peerVersion(TlsVersion.TLSv1_3))
                    .withClientCertificate(pki.client), "abc\nCLOSE\n".toByteArray())
            }
            checkMtlsEcho(r, served.await(), TlsVersion.TLSv1_3)
        }
        shouldLeakNothing()
    }

    test("$p futures complete on the caller's executor, never on tlskit's selector thread") {
        val executor = Executors.newFixedThreadPool(2) { r -> Thread(r, "async-spec-executor") }
        try {
            val onExecutor = TlsAsync.create(executor)
            onExecutor.bind(dslServer(provider)).use { server ->
                val connecting = onExecutor.connect(dslClient(provider), "127.0.0.1", server.port(), "localhost")
                // the client cannot finish before the server accepts, so this stage is attached to a pending future
                val completedOn = connecting.thenApply { ch -> ch.close(); Thread.currentThread().name }
                connecting.isDone shouldBe false
                val accepted = server.accept().await()
                accepted.use { it.handshake().await() }
                completedOn.await() shouldStartWith "async-spec-executor"
            }
        } finally {
            executor.shutdownNow()
        }
        shouldLeakNothing()
    }

    test("$p a server with the wrong host name fails the future with CertificateVerificationException, code 62") {
        OpenSslServer(OpenSslServerOptions.of(pki.wrongHost)).use { server ->
            val e = shouldThrow<CertificateVerificationException> {
                tls.connect(dslClient(provider), "127.0.0.1", server.port, "localhost").await()
            }
            e.verifyCode() shouldBe 62
        }
        shouldLeakNothing()
    }

    test("$p cancel() mid-handshake: the future completes as cancelled once the socket is closed, the server sees the end") {
        ServerSocket(0, 8, InetAddress.getLoopbackAddress()).use { silent ->
            val parked = parkedIn(Phase.HANDSHAKE)
            val f = tls.connect(dslClient(provider), "127.0.0.1", silent.localPort, "localhost")
            withTimeout(10.seconds) { parked.await() }
            f.cancel(true) shouldBe true
            shouldThrow<CancellationException> { withContext(Dispatchers.IO) { f.get(10, TimeUnit.SECONDS) } }
            f.isCancelled shouldBe true
            shouldLeakNothing() // nothing left the moment the cancelled future completed
            withContext(Dispatchers.IO) { silent.accept() }.use { it.readToEnd() shouldBeGreaterThan 0 } // ClientHello, then EOF
        }
    }

    test("$p orTimeout as a handshake time limit: TimeoutException, and the silent server sees the connection end") {
        ServerSocket(0, 8, InetAddress.getLoopbackAddress()).use { silent ->
            val f = tls.connect(dslClient(provider), "127.0.0.1", silent.localPort, "localhost").orTimeout(300, TimeUnit.MILLISECONDS)
            shouldThrow<TimeoutException> { f.await() }
            withContext(Dispatchers.IO) { silent.accept() }.use { it.readToEnd() shouldBeGreaterThan 0 }
        }
    }

    test("$p cancel() of a pending read closes the channel; the peer's read ends and nothing leaks") {
        tls.bind(dslServer(provider)).use { server ->
            val accepting = server.accept().thenCompose { ch -> ch.handshake().thenApply { ch } }
            val client = tls.connect(dslClient(provider), "127.0.0.1", server.port(), "localhost").await()
            val peer = accepting.await()
            val parked = parkedIn(Phase.READ)
            val reading = client.read(ByteBuffer.allocate(100))
            withTimeout(10.seconds) { parked.await() }
            reading.cancel(false) shouldBe true
            shouldThrow<CancellationException> { reading.await() }
            client.isOpen() shouldBe false
            peer.use { it.readAll().handle { _, _ -> "ended" }.await() shouldBe "ended" }
        }
        shouldLeakNothing()
    }
}
