package dev.tlskit.tck.spec.parity

import dev.tlskit.CertificateVerificationException
import dev.tlskit.FileType
import dev.tlskit.Method
import dev.tlskit.PeerVerify
import dev.tlskit.Protocol
import dev.tlskit.TlsConnection
import dev.tlskit.TlsContext
import dev.tlskit.TlsException
import dev.tlskit.TlsSocket
import dev.tlskit.TlsVersion
import dev.tlskit.TlsWantReadException
import dev.tlskit.WrapOptions
import dev.tlskit.tck.OpenSslServer
import dev.tlskit.tck.OpenSslServerOptions
import dev.tlskit.tck.PeerTlsVersion
import dev.tlskit.tck.spec.MemoryPair
import dev.tlskit.tck.spec.clientContext
import dev.tlskit.tck.spec.pki
import dev.tlskit.tck.spec.serverContext
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.collections.shouldNotBeEmpty
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.nio.ByteBuffer
import java.util.Collections
import java.util.EnumSet

private fun pyServer(provider: String): TlsContext = TlsContext.create(Method.TLS_METHOD, provider).apply {
    useCertificateChainFile(pki.localhost.chainFile)
    usePrivateKeyFile(pki.localhost.keyFile, FileType.FILETYPE_PEM)
}

private fun pyPair(client: TlsConnection, server: TlsContext): MemoryPair = MemoryPair(
    client.apply { setConnectState(); setTlsextHostName("localhost") },
    server.newConnection().apply { setAcceptState() },
)

/** Reads until the connection wants more bytes: everything decrypted so far. */
private fun drain(conn: TlsConnection): ByteArray {
    val out = java.io.ByteArrayOutputStream()
    while (true) {
        try {
            out.write(conn.recv(1 shl 16))
        } catch (_: TlsWantReadException) {
            return out.toByteArray()
        }
    }
}

/** Polls (bounded) until [socket] has at least [n] bytes queued: the peer's data has arrived. */
private fun awaitQueued(socket: Socket, n: Int) {
    val deadline = System.nanoTime() + 10_000_000_000L
    while (socket.getInputStream().available() < n) {
        check(System.nanoTime() < deadline) { "the peer's $n bytes did not arrive" }
        Thread.onSpinWait()
    }
}

/** A connected loopback pair of plain sockets: (connecting side, accepted side). */
private fun plainPair(): Pair<Socket, Socket> = ServerSocket(0, 1, InetAddress.getLoopbackAddress()).use { ss ->
    val c = Socket(InetAddress.getLoopbackAddress(), ss.localPort)
    c to ss.accept()
}

/** Sends [data] from [from] to [to], then resets [from] (SO_LINGER 0): an RST follows the data. */
private fun sendThenReset(from: Socket, to: Socket, data: ByteArray) {
    from.getOutputStream().apply { write(data); flush() }
    awaitQueued(to, data.size)
    from.setSoLinger(true, 0)
    from.close()
}

private fun shouldBePreHandshakeClose(e: TlsException) {
    e.reason().get() shouldContain "before TLS handshake with data"
    e.message!! shouldContain "before TLS handshake with data"
    e.errorNumber().code() shouldNotBe 0
    e.library().isPresent shouldBe false
}

/**
 * Checklist lines closed together (PARITY.md sections 12, 15, 24, 27, 28 and 29): peeking, the negotiated group,
 * per-connection verification, SSLError.library, data before the handshake, the refused socket methods and
 * pyOpenSSL's partial send, on [provider].
 */
public fun parityGapsSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"

    test("PCONN-03 $p pending is 0 on a fresh connection; recv and recv_into with MSG_PEEK return the data without consuming it") {
        TlsContext.create(Method.TLS_METHOD, provider).newConnection().pending() shouldBe 0
        val pair = pyPair(TlsContext.create(Method.TLS_METHOD, provider).newConnection(), pyServer(provider))
        pair.handshake()
        pair.client.pending() shouldBe 0
        pair.server.write("xy".toByteArray()); pair.moveAll()
        repeat(2) { String(pair.client.recv(2, TlsConnection.MSG_PEEK)) shouldBe "xy" }
        pair.client.pending() shouldBe 2
        String(pair.client.recv(2)) shouldBe "xy"
        shouldThrow<TlsWantReadException> { pair.client.recv(2, TlsConnection.MSG_PEEK) }

        pair.server.write("hello".toByteArray()); pair.moveAll()
        repeat(2) {
            val peeked = ByteBuffer.allocate(10)
            pair.client.recvInto(peeked, 5, TlsConnection.MSG_PEEK) shouldBe 5
            String(peeked.array(), 0, peeked.position()) shouldBe "hello"
        }
        val buf = ByteBuffer.allocate(10)
        pair.client.recvInto(buf, 0, 0) shouldBe 5
        String(buf.array(), 0, 5) shouldBe "hello"
        shouldThrow<TlsWantReadException> { pair.client.recv(1) }
        shouldThrow<IllegalArgumentException> { pair.client.recv(1, 0x40) } // only MSG_PEEK is a flag here
    }

    test("PCONN-09 $p get_group_name is empty before the handshake and the same name on both ends after it; against openssl it is the only group the server allows") {
        for (max in listOf(TlsVersion.TLSv1_2, TlsVersion.TLSv1_3)) {
            val client = TlsContext.create(Method.TLS_METHOD, provider).apply { setMaxProtoVersion(max.code()) }
            val pair = pyPair(client.newConnection(), pyServer(provider))
            pair.client.getGroupName().isPresent shouldBe false
            pair.server.getGroupName().isPresent shouldBe false
            pair.handshake()
            pair.client.version().get() shouldBe max.javaName().get()
            val name = pair.client.getGroupName().get()
            name.isNotEmpty() shouldBe true
            pair.server.getGroupName().get() shouldBe name
        }
        // an independent peer decides: s_server allows secp384r1 only (at TLS 1.3 via a HelloRetryRequest when the
        // client's first key share is another group; at TLS 1.2 in the ServerKeyExchange)
        for (v in listOf(PeerTlsVersion.TLSv1_2, PeerTlsVersion.TLSv1_3)) {
            OpenSslServer(OpenSslServerOptions.of(pki.localhost).copy(version = v, extraArgs = listOf("-groups", "secp384r1"))).use { server ->
                val raw = Socket(InetAddress.getLoopbackAddress(), server.port).apply { soTimeout = 20_000 }
                clientContext(provider).wrapSocket(raw, WrapOptions.client("localhost")).use { tls ->
                    tls.connection().getGroupName().get() shouldBe "secp384r1"
                }
            }
        }
    }

    test("PVFY-06 $p set_verify on a connection overrides the context's mode and callback for that connection only; a null mode is refused") {
        val contextCalls = Collections.synchronizedList(mutableListOf<String>())
        val ctx = TlsContext.create(Method.TLS_METHOD, provider).apply { // VERIFY_PEER and no trust: an untrusted server
            setVerify(EnumSet.of(PeerVerify.VERIFY_PEER)) { _, _, _, _, ok -> contextCalls += "ctx"; ok }
        }
        val lax = ctx.newConnection()
        lax.setVerify(EnumSet.of(PeerVerify.VERIFY_NONE), null)
        PeerVerify.toBits(lax.getVerifyMode()) shouldBe 0
        ctx.getVerifyMode() shouldBe EnumSet.of(PeerVerify.VERIFY_PEER)
        pyPair(lax, pyServer(provider)).handshake() // accepted although nothing trusts the server
        lax.getPeerCertificate().get() shouldBe pki.localhost.certificate

        val strict = ctx.newConnection()
        strict.getVerifyMode() shouldBe EnumSet.of(PeerVerify.VERIFY_PEER)
        val o = pyPair(strict, pyServer(provider)).handshakeOutcome()
        o.client.shouldBeInstanceOf<CertificateVerificationException>()
        contextCalls.shouldNotBeEmpty() // the context's callback still serves its other connections

        val ownCalls = Collections.synchronizedList(mutableListOf<String>())
        contextCalls.clear()
        val own = ctx.newConnection()
        own.setVerify(EnumSet.of(PeerVerify.VERIFY_PEER)) { _, _, _, _, _ -> ownCalls += "conn"; true }
        pyPair(own, pyServer(provider)).handshake()
        ownCalls.shouldNotBeEmpty()
        contextCalls.isEmpty() shouldBe true

        val c = ctx.newConnection()
        shouldThrow<NullPointerException> { c.setVerify(null, null) }
        c.getVerifyMode() shouldBe EnumSet.of(PeerVerify.VERIFY_PEER)
        shouldThrow<IllegalStateException> { lax.setVerify(EnumSet.of(PeerVerify.VERIFY_PEER), null) } // after its handshake
    }

    test("ERR-02 $p SSLError carries library and reason: load_dh_params of a certificate is PEM / NO_START_LINE") {
        val ctx = TlsContext.create(Protocol.PROTOCOL_TLS_SERVER, provider)
        val e = shouldThrow<TlsException> { ctx.loadDhParams(pki.localhost.certFile) }
        e.library().get() shouldBe "PEM"
        e.reason().get() shouldBe "NO_START_LINE"
        e.toString() shouldContain "NO_START_LINE"
        // the handshake's errors name their library the same way
        val v = MemoryPair.of(clientContext(provider), serverContext(provider, pki.wrongHost)).handshakeOutcome().client
            .shouldBeInstanceOf<CertificateVerificationException>()
        v.library().get() shouldBe "SSL"
        v.reason().get() shouldBe "CERTIFICATE_VERIFY_FAILED"
        TlsException("no OpenSSL library").library().isPresent shouldBe false
    }

    test("ERR-05 $p data before the handshake followed by an RST fails the server- and client-side wrap with 'Closed before TLS handshake with data', never as data") {
        // server side: a plain client sends an HTTP request and resets the connection
        val (client, accepted) = plainPair()
        sendThenReset(client, accepted, "GET / HTTP/1.0\r\n\r\n".toByteArray())
        val e = shouldThrow<TlsException> { serverContext(provider).wrapSocket(accepted, WrapOptions.server()) }
        shouldBePreHandshakeClose(e)
        accepted.isClosed shouldBe true

        // client side: the server sends first and resets
        val (plainClient, server) = plainPair()
        sendThenReset(server, plainClient, "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n".toByteArray())
        val c = shouldThrow<TlsException> { clientContext(provider).wrapSocket(plainClient, WrapOptions.client("localhost")) }
        shouldBePreHandshakeClose(c)

        // a live peer that sends junk and waits is a plain protocol failure, not this error
        val (junk, live) = plainPair()
        junk.use {
            junk.getOutputStream().apply { write("GET / HTTP/1.0\r\n\r\n".toByteArray()); flush() }
            awaitQueued(live, 18)
            val other = shouldThrow<TlsException> { serverContext(provider).wrapSocket(live, WrapOptions.server()) }
            other.reason().orElse("") shouldNotBe e.reason().get()
        }
    }

    test("WRAP-08 $p dup, sendmsg, recvmsg and recvmsg_into are refused (NotImplementedError: UnsupportedOperationException), connected or not") {
        val unconnected = clientContext(provider).wrapSocket(Socket(), WrapOptions.client("localhost"))
        ParityBServer.tls(serverContext(provider)) { tls -> ParityBServer.line(tls) }.use { server ->
            val connected = clientContext(provider).wrapSocket(server.connect(), WrapOptions.client("localhost"))
            for (s in listOf(unconnected, connected)) {
                shouldThrow<UnsupportedOperationException> { s.dup() }.message!! shouldContain "dup()"
                shouldThrow<UnsupportedOperationException> { s.sendmsg(ByteBuffer.wrap(byteArrayOf(1))) }.message!! shouldContain "sendmsg"
                shouldThrow<UnsupportedOperationException> { s.recvmsg(10) }.message!! shouldContain "recvmsg"
                shouldThrow<UnsupportedOperationException> { s.recvmsgInto(ByteBuffer.allocate(10)) }.message!! shouldContain "recvmsg_into"
            }
            connected.sendall("still usable\n".toByteArray()) // the refusals changed nothing
            server.result() shouldBe "still usable"
            connected.close()
        }
        unconnected.close()
    }

    test("PBIO-05 $p pyOpenSSL send of 2**15 bytes takes less (one record) and exactly that many reach the peer; the seed's write takes all") {
        val size = 1 shl 15
        val pair = pyPair(TlsContext.create(Method.TLS_METHOD, provider).newConnection(), pyServer(provider))
        pair.handshake()
        val sent = pair.client.send(ByteArray(size) { 'x'.code.toByte() })
        sent shouldBeLessThan size
        sent shouldBeGreaterThan 0
        pair.moveAll()
        val received = drain(pair.server)
        received.size shouldBe sent
        received.all { it == 'x'.code.toByte() } shouldBe true

        val seed = MemoryPair.of(clientContext(provider), serverContext(provider))
        seed.handshake()
        seed.client.write(ByteArray(size)) shouldBe size // CPython does not set SSL_MODE_ENABLE_PARTIAL_WRITE
        seed.moveAll()
        drain(seed.server).size shouldBe size
    }
}
