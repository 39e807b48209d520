package dev.tlskit.tck.spec.parity

import dev.tlskit.MemoryBio
import dev.tlskit.Method
import dev.tlskit.Protocol
import dev.tlskit.TlsContext
import dev.tlskit.TlsCredentialException
import dev.tlskit.TlsException
import dev.tlskit.TlsSocket
import dev.tlskit.TlsWantReadException
import dev.tlskit.UnsupportedFeatureException
import dev.tlskit.WrapOptions
import dev.tlskit.tck.spec.MemoryPair
import dev.tlskit.tck.spec.clientContext
import dev.tlskit.tck.spec.pki
import dev.tlskit.tck.spec.serverContext
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.io.IOException
import java.net.InetSocketAddress
import java.net.Socket
import java.net.SocketTimeoutException
import java.nio.ByteBuffer
import java.nio.file.Files
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

/** An echo handler: echoes until the client's close_notify (or EOF), then answers it. */
private fun echo(tls: TlsSocket): Int {
    val buf = ByteArray(8192)
    var total = 0
    while (true) {
        val n = tls.read(buf, 0, buf.size)
        if (n < 0) break
        total += n
        tls.sendall(buf.copyOf(n))
    }
    return total
}

private fun readExactly(tls: TlsSocket, n: Int): ByteArray {
    val out = ByteArray(n)
    var got = 0
    while (got < n) {
        val r = tls.read(out, got, n - got)
        check(r > 0) { "stream ended after $got of $n bytes" }
        got += r
    }
    return out
}

/** PARITY.md sections 12 (wrap_socket / wrap_bio and SSLSocket shape) and 13 (SSLSocket data path) on [provider]. */
public fun parityWrapIoSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"

    // ------------------------------------------------------------------ 12. wrap

    test("WRAP-01 $p server_side with a server_hostname is a ValueError; a server context without a certificate wraps and fails only at handshake") {
        shouldThrow<IllegalArgumentException> {
            serverContext(provider).wrapSocket(Socket(), WrapOptions(true, "some.hostname", true, true))
        }.message!! shouldContain "server_hostname can only be specified in client mode"
        val bare = TlsContext.create(Protocol.PROTOCOL_TLS_SERVER, provider)
        bare.wrapSocket(Socket(), WrapOptions.server()).use { it.serverSide() shouldBe true }
        val server = bare.wrapBio(MemoryBio(), MemoryBio(), true, null)
        val o = MemoryPair(clientContext(provider).wrapBio(MemoryBio(), MemoryBio(), false, "localhost"), server).handshakeOutcome()
        o.server.shouldBeInstanceOf<TlsException>()
        o.client.shouldBeInstanceOf<TlsException>()
    }

    test("WRAP-02 $p wrap_bio refuses server_hostname '' and '.example.org' (ValueError) and an embedded NUL (TypeError)") {
        val ctx = clientContext(provider)
        for (bad in listOf("", ".example.org", "example.org\u0000evil.com")) {
            shouldThrow<IllegalArgumentException> { ctx.wrapBio(MemoryBio(), MemoryBio(), false, bad) }.message.shouldNotBeNull()
        }
        ctx.wrapBio(MemoryBio(), MemoryBio(), false, "example.org").serverHostname().get() shouldBe "example.org"
    }

    test("WRAP-03 $p only stream transports: a DTLS context is refused, naming the feature and the provider") {
        // a java.net.Socket is always a stream socket; the datagram twin of wrap_socket is a DTLS context
        val e = shouldThrow<UnsupportedFeatureException> { TlsContext.create(Method.DTLS_METHOD, provider) }
        e.feature() shouldContain "DTLS"
        e.provider() shouldBe provider
    }

    test("WRAP-04 $p a client wrap of a PROTOCOL_TLS_SERVER context, and a server wrap of a PROTOCOL_TLS_CLIENT context, are SSLErrors") {
        val c = shouldThrow<TlsException> { serverContext(provider).wrapBio(MemoryBio(), MemoryBio(), false, "localhost") }
        c.message!! shouldContain "Cannot create a client socket with a PROTOCOL_TLS_SERVER context"
        val s = shouldThrow<TlsException> { clientContext(provider).wrapSocket(Socket(), WrapOptions.server()) }
        s.message!! shouldContain "Cannot create a server socket with a PROTOCOL_TLS_CLIENT context"
    }

    test("WRAP-05 $p legacy wrap_socket errors: a missing certificate or key file is an OSError; a certificate-less server fails") {
        // ssl.wrap_socket(keyfile=..., certfile=...) → TlsContext.loadCertChain + wrapSocket; no module-level wrap
        val ctx = TlsContext.create(Protocol.PROTOCOL_TLS_SERVER, provider)
        val missing = Files.createTempDirectory("parity-b").resolve("nope.pem")
        shouldThrow<TlsCredentialException> { ctx.loadCertChain(missing, pki.localhost.keyFile, null) }.shouldBeInstanceOf<IOException>()
        shouldThrow<TlsCredentialException> { ctx.loadCertChain(pki.localhost.certFile, missing, null) }.shouldBeInstanceOf<IOException>()
        ctx.identities().isEmpty() shouldBe true
    }

    test("WRAP-06 $p wrap_socket keeps the socket's timeout") {
        for (timeout in listOf(0, 1, 5000)) {
            val raw = Socket().apply { soTimeout = timeout }
            val tls = clientContext(provider).wrapSocket(raw, WrapOptions.client("localhost"))
            tls.socket().soTimeout shouldBe timeout
            tls.close()
        }
    }

    test("WRAP-07 $p on a socket that never connected, I/O and do_handshake raise OSError ENOTCONN, getpeercert too") {
        clientContext(provider).wrapSocket(Socket(), WrapOptions.client("localhost")).use { tls ->
            shouldThrow<IOException> { tls.read(ByteArray(4), 0, 4) }.message!! shouldContain "ENOTCONN"
            shouldThrow<IOException> { tls.recv(4) }.message!! shouldContain "ENOTCONN"
            shouldThrow<IOException> { tls.sendall("x".toByteArray()) }.message!! shouldContain "ENOTCONN"
            shouldThrow<IOException> { tls.doHandshake() }.message!! shouldContain "ENOTCONN"
            shouldThrow<java.io.UncheckedIOException> { tls.getPeerCert() }.cause!!.message!! shouldContain "ENOTCONN"
        }
    }

    test("WRAP-10 $p server_side is False on a client and True on the accepted socket, whose peer is the client's address") {
        ParityBServer.tls(serverContext(provider)) { tls ->
            val facts = tls.serverSide() to tls.socket().remoteSocketAddress
            echo(tls)
            facts
        }.use { server ->
            val raw = server.connect()
            val tls = clientContext(provider).wrapSocket(raw, WrapOptions.client("localhost"))
            tls.serverSide() shouldBe false
            tls.unwrap()
            val (serverSide, peer) = server.result()
            serverSide shouldBe true
            peer shouldBe raw.localSocketAddress
            raw.close()
        }
    }

    test("WRAP-11 $p the handshake honours the socket timeout against a silent server: socket.timeout") {
        val release = CountDownLatch(1)
        ParityBServer { _ -> release.await(30, TimeUnit.SECONDS) }.use { server ->
            val raw = server.connect().apply { soTimeout = 200 }
            shouldThrow<SocketTimeoutException> { clientContext(provider).wrapSocket(raw, WrapOptions.client("localhost")) }
            // wrap first, connect afterwards: the first handshake step times out the same way
            val later = clientContext(provider).wrapSocket(Socket().apply { soTimeout = 200 }, WrapOptions.client("localhost"))
            later.socket().connect(InetSocketAddress(raw.inetAddress, server.port))
            shouldThrow<SocketTimeoutException> { later.doHandshake() }
            later.close()
            release.countDown()
        }
    }

    // ------------------------------------------------------------------ 13. data path

    test("IO-01 $p recv(0) and read into an empty range return nothing without consuming data; writing nothing sends 0 bytes") {
        ParityBServer.tls(serverContext(provider)) { tls -> tls.sendall("data".toByteArray()); echo(tls) }.use { server ->
            val tls = clientContext(provider).wrapSocket(server.connect(), WrapOptions.client("localhost"))
            tls.recv(0).size shouldBe 0
            tls.read(ByteArray(4), 0, 0) shouldBe 0
            String(readExactly(tls, 4)) shouldBe "data"
            tls.sendall(ByteArray(0))
            tls.connection().write(ByteArray(0)) shouldBe 0
            tls.unwrap().close() // the plain socket is ours again: close it
            server.result() shouldBe 0
        }
    }

    test("IO-02 $p write, sendall and the output stream take arrays and slices; recv_into returns the count; echo round-trips") {
        ParityBServer.tls(serverContext(provider)) { tls -> echo(tls) }.use { server ->
            val tls = clientContext(provider).wrapSocket(server.connect(), WrapOptions.client("localhost"))
            tls.sendall("abc".toByteArray())
            tls.write("xdefx".toByteArray(), 1, 3)
            tls.outputStream.write("ghi".toByteArray())
            val buf = ByteArray(9)
            var got = 0
            while (got < 9) got += tls.read(buf, got, 9 - got)
            String(buf) shouldBe "abcdefghi"
            tls.unwrap().close() // the plain socket is ours again: close it
            server.result() shouldBe 9
        }
    }

    test("IO-03 $p reading into a buffer returns the count read; recv(-1) and read(-1) are ValueErrors") {
        ParityBServer.tls(serverContext(provider)) { tls -> echo(tls) }.use { server ->
            val tls = clientContext(provider).wrapSocket(server.connect(), WrapOptions.client("localhost"))
            tls.sendall("hello".toByteArray())
            String(readExactly(tls, 5)) shouldBe "hello"
            shouldThrow<IllegalArgumentException> { tls.recv(-1) }
            shouldThrow<IllegalArgumentException> { tls.connection().read(-1) }
            tls.unwrap().close() // the plain socket is ours again: close it
            server.result()
        }
        val pair = MemoryPair.of(clientContext(provider), serverContext(provider)).apply { handshake() }
        pair.client.write("abc".toByteArray())
        pair.moveAll()
        pair.server.read(ByteBuffer.allocate(10)) shouldBe 3 // read(len, buffer): the count
    }

    test("IO-04 $p Java stream shapes: slices are sent by length, and closing the socket's stream closes the socket") {
        // sendto/recvfrom/makefile have no Java twin; getInputStream/getOutputStream follow java.net.Socket: closing
        // the stream closes the socket, after which reading is an error (the seed's EBADF after close)
        ParityBServer.tls(serverContext(provider)) { tls -> echo(tls) }.use { server ->
            val tls = clientContext(provider).wrapSocket(server.connect(), WrapOptions.client("localhost"))
            tls.outputStream.write(byteArrayOf(0, 1, 2, 3, 4, 5, 6, 7), 2, 4)
            val into = ByteArray(8)
            tls.inputStream.readNBytes(into, 0, 4) shouldBe 4
            into.copyOf(4).toList() shouldBe listOf<Byte>(2, 3, 4, 5)
            tls.inputStream.close()
            tls.isClosed shouldBe true
            tls.socket().isClosed shouldBe true
            shouldThrow<Exception> { tls.inputStream.read() }
            server.failure()
        }
    }

    test("IO-05 $p a write that cannot complete raises SSLWantReadError instead of blocking") {
        // memory BIOs never fill up (no SSLWantWriteError); a write needing the peer's handshake bytes must not block
        val conn = clientContext(provider).wrapBio(MemoryBio(), MemoryBio(), false, "localhost")
        shouldThrow<TlsWantReadException> { conn.write("x".toByteArray()) }
        (conn.outgoing().pending() > 0) shouldBe true
    }

    test("IO-06 $p read or write after close() is a ValueError") {
        ParityBServer.tls(serverContext(provider)) { tls -> echo(tls) }.use { server ->
            val tls = clientContext(provider).wrapSocket(server.connect(), WrapOptions.client("localhost"))
            tls.close()
            shouldThrow<IllegalStateException> { tls.read(ByteArray(4), 0, 4) }
            shouldThrow<IllegalStateException> { tls.sendall("x".toByteArray()) }
            server.failure()
        }
    }

    test("IO-07 $p sendfile: a file's bytes reach the peer through the TLS output stream") {
        // socket.sendfile → InputStream.transferTo(tls.outputStream): tlskit has no kTLS, so this is the send fallback
        val file = Files.createTempFile("parity-b-sendfile", ".bin")
        val data = ByteArray(200_000) { (it * 31 % 251).toByte() }
        Files.write(file, data)
        ParityBServer.tls(serverContext(provider)) { tls -> readExactly(tls, data.size).also { tls.unwrap() } }.use { server ->
            val tls = clientContext(provider).wrapSocket(server.connect(), WrapOptions.client("localhost"))
            Files.newInputStream(file).use { it.transferTo(tls.outputStream) } shouldBe data.size.toLong()
            tls.unwrap().close() // the plain socket is ours again: close it
            server.result().contentEquals(data) shouldBe true
        }
        Files.delete(file)
    }
}
