package dev.tlskit.tck.spec.parity

import dev.tlskit.CertificateVerificationException
import dev.tlskit.MemoryBio
import dev.tlskit.SslErrorNumber
import dev.tlskit.TlsAlertException
import dev.tlskit.TlsConnection
import dev.tlskit.TlsException
import dev.tlskit.TlsWantReadException
import dev.tlskit.TlsZeroReturnException
import dev.tlskit.tck.spec.MemoryPair
import dev.tlskit.tck.spec.clientContext
import dev.tlskit.tck.spec.pki
import dev.tlskit.tck.spec.serverContext
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import io.kotest.matchers.types.shouldBeInstanceOf
import java.io.IOException
import java.net.Socket
import java.nio.ByteBuffer

/**
 * The seed's `ssl_io_loop`: runs [op] on [conn]; after every call sends what TLS produced to [sock]; on WantRead feeds
 * the socket's next bytes into the incoming BIO (or its EOF).
 */
private fun <T> ioLoop(sock: Socket, conn: TlsConnection, op: () -> T): T {
    val buf = ByteArray(32 * 1024)
    while (true) {
        val result = runCatching(op)
        val out = conn.outgoing().read()
        if (out.isNotEmpty()) sock.getOutputStream().write(out)
        val e = result.exceptionOrNull() ?: return result.getOrThrow()
        if (e !is TlsWantReadException) throw e
        val n = sock.getInputStream().read(buf)
        if (n < 0) conn.incoming().writeEof() else conn.incoming().write(buf, 0, n)
    }
}

/** PARITY.md sections 14 (MemoryBIO and SSLObject) and 15 (handshake errors and exception classes) on [provider]. */
public fun parityBioErrSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"

    // ------------------------------------------------------------------ 14. MemoryBIO and SSLObject

    test("BIO-01 $p MemoryBIO reads back what was written, concatenated, at most n bytes at a time, and pending counts it") {
        val bio = MemoryBio()
        bio.pending() shouldBe 0
        bio.read().size shouldBe 0
        bio.write("foo".toByteArray()) shouldBe 3
        bio.pending() shouldBe 3
        String(bio.read()) shouldBe "foo"
        bio.pending() shouldBe 0
        bio.write("foo".toByteArray())
        bio.write("bar".toByteArray())
        bio.pending() shouldBe 6
        String(bio.read(2)) shouldBe "fo"
        bio.pending() shouldBe 4
        String(bio.read(100)) shouldBe "obar"
        bio.read().size shouldBe 0
    }

    test("BIO-02 $p eof is True only once write_eof was called and the buffer is drained") {
        val bio = MemoryBio()
        bio.eof() shouldBe false
        bio.write("foo".toByteArray())
        bio.eof() shouldBe false
        bio.writeEof()
        bio.eof() shouldBe false
        String(bio.read(2)) shouldBe "fo"
        bio.eof() shouldBe false
        String(bio.read(1)) shouldBe "o"
        bio.eof() shouldBe true
        bio.read().size shouldBe 0
        bio.eof() shouldBe true
    }

    test("BIO-03 $p MemoryBIO.write takes arrays, slices and heap, direct and read-only buffers; null is refused") {
        // bytes/bytearray/memoryview → byte[], (byte[], off, len) and ByteBuffer; str/None/int → no Java overload but null
        val bio = MemoryBio()
        bio.write("ab".toByteArray()) shouldBe 2
        bio.write("xcdx".toByteArray(), 1, 2) shouldBe 2
        bio.write(ByteBuffer.wrap("ef".toByteArray()).asReadOnlyBuffer()) shouldBe 2
        bio.write(ByteBuffer.allocateDirect(2).put("gh".toByteArray()).flip()) shouldBe 2
        String(bio.read()) shouldBe "abcdefgh"
        shouldThrow<NullPointerException> { bio.write(null as ByteArray?) }
        shouldThrow<IndexOutOfBoundsException> { bio.write("abc".toByteArray(), 2, 5) }
        bio.pending() shouldBe 0
    }

    test("BIO-04 $p cipher, version and shared_ciphers are None before the handshake; after it the client has all but shared_ciphers") {
        // get_channel_binding('tls-unique') belongs to PARITY section 19 (CB)
        val pair = MemoryPair.of(clientContext(provider), serverContext(provider))
        for (c in listOf(pair.client, pair.server)) {
            c.cipher().isPresent shouldBe false
            c.version().isPresent shouldBe false
            c.sharedCiphers().isPresent shouldBe false
        }
        pair.handshake()
        pair.client.cipher().isPresent shouldBe true
        pair.client.version().isPresent shouldBe true
        pair.client.getPeerCert().get().isEmpty() shouldBe false
        pair.client.sharedCiphers().isPresent shouldBe false
    }

    test("BIO-05 $p wrap_bio over a real socket: check_hostname applies, and handshake, write, read and unwrap complete") {
        ParityBServer.tls(serverContext(provider)) { tls ->
            val line = ParityBServer.line(tls)
            tls.sendall((line.lowercase() + "\n").toByteArray())
            tls.unwrap()
            line
        }.use { server ->
            server.connect().use { sock ->
                val conn = clientContext(provider).wrapBio(MemoryBio(), MemoryBio(), false, "localhost")
                conn.context().checkHostname() shouldBe true
                ioLoop(sock, conn) { conn.doHandshake() }
                conn.getPeerCert().isPresent shouldBe true
                ioLoop(sock, conn) { conn.write("FOO\n".toByteArray()) }
                String(ioLoop(sock, conn) { conn.read(1024) }) shouldBe "foo\n"
                ioLoop(sock, conn) { conn.unwrap() }
            }
            server.result() shouldBe "FOO"
        }
        // the same client context refuses a certificate for another name: check_hostname is on for wrap_bio
        val bad = MemoryPair.of(clientContext(provider), serverContext(provider, pki.wrongHost), "localhost").handshakeOutcome()
        bad.client.shouldBeInstanceOf<CertificateVerificationException>().verifyCode() shouldBe 62
    }

    test("BIO-07 $p write after unwrap raises SSLError") {
        val pair = MemoryPair.of(clientContext(provider), serverContext(provider)).apply { handshake() }
        shouldThrow<TlsWantReadException> { pair.client.unwrap() }
        pair.move(pair.client, pair.server)
        pair.server.unwrap()
        pair.move(pair.server, pair.client)
        pair.client.unwrap()
        shouldThrow<TlsException> { pair.client.write("foo".toByteArray()) }.shouldNotBeWantRead()
    }

    // ------------------------------------------------------------------ 15. errors

    test("ERR-01 $p SSLError is an OSError whose text is the message alone; verification failures are SSLCertVerificationError") {
        val e: IOException = TlsException(SslErrorNumber.SSL_ERROR_SSL, null, "foo", null)
        e.message shouldBe "foo"
        (e as TlsException).errorNumber().code() shouldBe 1
        val z = TlsZeroReturnException("foo")
        z.message shouldBe "foo"
        z.errorNumber().code() shouldBe SslErrorNumber.SSL_ERROR_ZERO_RETURN.code()
        val o = MemoryPair.of(clientContext(provider), serverContext(provider, pki.wrongHost), "localhost").handshakeOutcome()
        val v = o.client.shouldBeInstanceOf<CertificateVerificationException>()
        v.shouldBeInstanceOf<TlsException>() // caught as SSLError too
        v.reason().get() shouldBe "CERTIFICATE_VERIFY_FAILED"
    }

    test("ERR-03 $p a handshake with no peer data raises SSLWantReadError 'The operation did not complete (read)' with errno SSL_ERROR_WANT_READ") {
        val conn = clientContext(provider).wrapBio(MemoryBio(), MemoryBio(), false, "localhost")
        val e = shouldThrow<TlsWantReadException> { conn.doHandshake() }
        e.message!! shouldStartWith "The operation did not complete (read)"
        e.errorNumber() shouldBe SslErrorNumber.SSL_ERROR_WANT_READ
        e.errorNumber().code() shouldBe 2
    }

    test("ERR-04 $p a fatal alert from the peer shows as reason TLSV1_ALERT_<NAME> or SSLV3_ALERT_HANDSHAKE_FAILURE") {
        // openssl s_client rejects the server's certificate (verify code 20) with unknown_ca: the server receives it.
        // At TLS 1.2: at TLS 1.3 OpenSSL's client sends that alert unencrypted, which neither engine can read (it
        // reports a bad record instead)
        dev.tlskit.tck.spec.TlskitEchoServer(serverContext(provider)).use { server ->
            val r = dev.tlskit.tck.OpenSslClient.connect(server.port, dev.tlskit.tck.OpenSslClientOptions(caFile = pki.otherRoot.certFile,
                serverName = "localhost", version = dev.tlskit.tck.PeerTlsVersion.TLSv1_2), "hi\nCLOSE\n".toByteArray())
            r.established shouldBe false
            val received = server.outcome().error.shouldBeInstanceOf<TlsAlertException>()
            received.received() shouldBe true
            received.alertCode() shouldBe dev.tlskit.AlertDescription.ALERT_DESCRIPTION_UNKNOWN_CA.code()
            received.reason().get() shouldBe "TLSV1_ALERT_UNKNOWN_CA"
        }
        // whatever alert a tlskit client sends for it, the server names it in the same reason format
        val untrusting = dev.tlskit.TlsContext.create(dev.tlskit.Protocol.PROTOCOL_TLS_CLIENT, provider).apply {
            loadVerifyLocations(pki.otherRoot.certFile)
        }
        val o = MemoryPair.of(untrusting, serverContext(provider)).handshakeOutcome()
        val fromTlskit = o.server.shouldBeInstanceOf<TlsAlertException>()
        fromTlskit.received() shouldBe true
        fromTlskit.reason().get() shouldBe fromTlskit.alert().get().openSslReason()
        fromTlskit.reason().get() shouldContain Regex("^(TLSV1|SSLV3)_ALERT_[A-Z_]+$")
        // an sni_callback refusal reaches the client as SSLV3_ALERT_HANDSHAKE_FAILURE
        val refusing = serverContext(provider).apply { setSniCallback { _, _, _ -> throw IllegalStateException("no") } }
        val h = MemoryPair.of(clientContext(provider), refusing).handshakeOutcome().client.shouldBeInstanceOf<TlsAlertException>()
        h.received() shouldBe true
        h.reason().get() shouldBe "SSLV3_ALERT_HANDSHAKE_FAILURE"
    }

    test("ERR-06 $p a plain-text HTTP reply, or a peer that closes right after accept, is an OSError during the handshake") {
        ParityBServer { raw ->
            raw.getInputStream().read(ByteArray(4096))
            raw.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".toByteArray())
            raw.shutdownOutput()
        }.use { server ->
            val e = shouldThrow<IOException> { clientContext(provider).wrapSocket(server.connect(), dev.tlskit.WrapOptions.client("localhost")) }
            e.shouldBeInstanceOf<TlsException>()
            server.result()
        }
        ParityBServer { raw -> raw.close() }.use { server ->
            val sock = server.connect()
            server.result()
            shouldThrow<IOException> { clientContext(provider).wrapSocket(sock, dev.tlskit.WrapOptions.client("localhost")) }
            sock.isClosed shouldBe true // nothing leaks: the failed wrap closed the socket
        }
    }
}

private fun TlsException.shouldNotBeWantRead(): TlsException {
    this::class shouldNotBe TlsWantReadException::class
    return this
}
