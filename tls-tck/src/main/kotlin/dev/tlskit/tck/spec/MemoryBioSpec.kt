package dev.tlskit.tck.spec

import dev.tlskit.CertificateVerificationException
import dev.tlskit.MemoryBio
import dev.tlskit.Protocol
import dev.tlskit.SslErrorNumber
import dev.tlskit.TlsContext
import dev.tlskit.TlsEofException
import dev.tlskit.TlsException
import dev.tlskit.TlsVersion
import dev.tlskit.TlsWantReadException
import dev.tlskit.TlsZeroReturnException
import dev.tlskit.VerifyMode
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.maps.shouldBeEmpty
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.nio.ByteBuffer

/** The seed's SSLObject / pyOpenSSL memory Connection, driven byte by byte on [provider]. */
public fun memoryBioSpec(provider: String): io.kotest.core.factory.TestFactory = funSpec {
    val p = "[$provider]"

    for (version in listOf(TlsVersion.TLSv1_2, TlsVersion.TLSv1_3)) {
        test("$p a memory handshake at ${version.name} reports the version, an OpenSSL cipher name and ALPN on both sides") {
            val server = serverContext(provider).apply { setAlpnProtocols(listOf("h2", "http/1.1")) }
            val client = clientContext(provider).apply {
                setMaximumVersion(version); setMinimumVersion(version); setAlpnProtocols(listOf("http/1.1", "h2"))
            }
            val pair = MemoryPair.of(client, server)
            pair.client.version().isPresent shouldBe false
            pair.handshake()
            pair.client.version().get() shouldBe version.seedName()
            pair.server.version().get() shouldBe version.seedName()
            pair.client.cipher().get().name() shouldBe pair.server.cipher().get().name()
            pair.client.cipher().get().protocol() shouldBe version.seedName()
            (pair.client.cipher().get().secretBits() >= 128).shouldBeTrue()
            pair.client.selectedAlpnProtocol().get() shouldBe "h2"
            pair.server.selectedAlpnProtocol().get() shouldBe "h2"
        }
    }

    test("$p data written on one side is read on the other, and pending() counts what is buffered") {
        val pair = MemoryPair.of(clientContext(provider), serverContext(provider)).apply { handshake() }
        pair.client.write("hello, server".toByteArray()) shouldBe 13
        pair.move(pair.client, pair.server)
        String(pair.server.read(5)) shouldBe "hello"
        pair.server.pending() shouldBe 8
        String(pair.server.read(100)) shouldBe ", server"
        shouldThrow<TlsWantReadException> { pair.server.read(10) }
        pair.server.wantRead().shouldBeTrue()
    }

    test("$p a 1 MiB write arrives complete and in order") {
        val pair = MemoryPair.of(clientContext(provider), serverContext(provider)).apply { handshake() }
        val data = ByteArray(1 shl 20) { (it * 31 + 7).toByte() }
        pair.client.write(data) shouldBe data.size
        pair.move(pair.client, pair.server)
        val got = ByteBuffer.allocate(data.size)
        while (got.hasRemaining()) {
            val n = pair.server.read(got)
            if (n <= 0) break
        }
        got.array().contentEquals(data).shouldBeTrue()
    }

    test("$p the client sees the server's certificate as the seed's getpeercert() dictionary") {
        val pair = MemoryPair.of(clientContext(provider), serverContext(provider)).apply { handshake() }
        val cert = pair.client.getPeerCert().get()
        @Suppress("UNCHECKED_CAST")
        val subject = cert["subject"] as List<List<List<String>>>
        subject.flatten().first { it[0] == "commonName" }[1] shouldBe "localhost"
        cert["subjectAltName"] shouldBe listOf(listOf("DNS", "localhost"), listOf("IP Address", "127.0.0.1"), listOf("IP Address", "0:0:0:0:0:0:0:1"))
        pair.client.getPeerCertDer().get().contentEquals(pki.localhost.certificateDer).shouldBeTrue()
        pair.server.getPeerCert().isPresent shouldBe false
    }

    test("$p getpeercert() before the handshake is refused") {
        val c = clientContext(provider).wrapBio(MemoryBio(), MemoryBio(), false, "localhost")
        shouldThrow<IllegalStateException> { c.getPeerCert() }.message shouldBe "handshake not done yet"
    }

    test("$p a CERT_NONE client completes with any certificate and getpeercert() is empty") {
        val client = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider).apply {
            setCheckHostname(false); setVerifyMode(VerifyMode.CERT_NONE)
        }
        val pair = MemoryPair.of(client, serverContext(provider, pki.selfSigned), "dummy.example")
        pair.handshake()
        pair.client.getPeerCert().get().shouldBeEmpty()
        pair.client.getPeerCertDer().isPresent shouldBe true
    }

    test("$p the peer's close_notify makes read() return end of stream and recv() raise ZeroReturn") {
        val pair = MemoryPair.of(clientContext(provider), serverContext(provider)).apply { handshake() }
        pair.client.write("last".toByteArray())
        pair.client.shutdown() shouldBe false
        pair.move(pair.client, pair.server)
        String(pair.server.recv(10)) shouldBe "last"
        shouldThrow<TlsZeroReturnException> { pair.server.recv(10) }.errorNumber() shouldBe SslErrorNumber.SSL_ERROR_ZERO_RETURN
        pair.server.read(ByteBuffer.allocate(10)) shouldBe -1
    }

    test("BIO-06 $p unwrap() raises WantRead until the peer's close_notify arrives, then completes on both sides") {
        val pair = MemoryPair.of(clientContext(provider), serverContext(provider)).apply { handshake() }
        shouldThrow<TlsWantReadException> { pair.client.unwrap() }
        pair.move(pair.client, pair.server)
        pair.server.unwrap()
        pair.move(pair.server, pair.client)
        pair.client.unwrap()
    }

    test("$p what the handshake negotiated stays readable after close_notify and close()") {
        val server = serverContext(provider).apply { setAlpnProtocols(listOf("h2")) }
        val client = clientContext(provider).apply { setAlpnProtocols(listOf("h2")) }
        val pair = MemoryPair.of(client, server).apply { handshake() }
        val version = pair.client.version().get()
        val cipher = pair.client.cipher().get()
        shouldThrow<TlsWantReadException> { pair.client.unwrap() }
        pair.move(pair.client, pair.server)
        pair.server.unwrap()
        pair.move(pair.server, pair.client)
        pair.client.unwrap()
        pair.client.close()
        pair.client.version().get() shouldBe version
        pair.client.cipher().get() shouldBe cipher
        pair.client.selectedAlpnProtocol().get() shouldBe "h2"
        pair.client.getPeerCertificate().get().subjectX500Principal shouldBe pki.localhost.certificate.subjectX500Principal
    }

    test("BIO-08 $p EOF on the incoming BIO without close_notify raises SSLEOFError after the data") {
        val pair = MemoryPair.of(clientContext(provider), serverContext(provider)).apply { handshake() }
        pair.client.write("abc".toByteArray())
        pair.move(pair.client, pair.server)
        pair.server.bioShutdown()
        String(pair.server.read(10)) shouldBe "abc"
        shouldThrow<TlsEofException> { pair.server.read(10) }.errorNumber() shouldBe SslErrorNumber.SSL_ERROR_EOF
    }

    test("$p EOF in the middle of a record (a truncated record) raises SSLEOFError, not WantRead forever") {
        val pair = MemoryPair.of(clientContext(provider), serverContext(provider)).apply { handshake() }
        pair.client.write(ByteArray(1000))
        val record = pair.client.outgoing().read()
        pair.server.incoming().write(record.copyOf(record.size / 2))
        pair.server.bioShutdown()
        shouldThrow<TlsEofException> { pair.server.read(10) }
        shouldThrow<TlsEofException> { pair.server.unwrap() }
    }

    test("$p EOF during the handshake is an SSLEOFError, not a hang") {
        val conn = clientContext(provider).wrapBio(MemoryBio(), MemoryBio(), false, "localhost")
        shouldThrow<TlsWantReadException> { conn.doHandshake() }
        conn.outgoing().pending() shouldNotBe 0
        conn.incoming().writeEof()
        shouldThrow<TlsEofException> { conn.doHandshake() }
    }

    test("$p garbage from the peer fails the handshake with a typed error, and an alert is queued for it") {
        val conn = serverContext(provider).wrapBio(MemoryBio(), MemoryBio(), true, null)
        conn.incoming().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".toByteArray())
        val e = shouldThrow<TlsException> { conn.doHandshake() }
        e.shouldBeInstanceOf<dev.tlskit.TlsProtocolException>()
        shouldThrow<TlsException> { conn.doHandshake() } shouldBe e
    }

    test("PBIO-01 $p pyOpenSSL bio_read raises WantRead when nothing is pending, and want_write tells when something is") {
        val conn = TlsContext.create(dev.tlskit.Method.TLS_METHOD, provider).newConnection()
        shouldThrow<IllegalStateException> { conn.doHandshake() }.message shouldContain "setConnectState"
        conn.setConnectState()
        conn.wantWrite() shouldBe false
        shouldThrow<TlsWantReadException> { conn.bioRead(100) }
        shouldThrow<TlsWantReadException> { conn.doHandshake() }
        conn.wantWrite() shouldBe true
        conn.wantRead() shouldBe true
        (conn.bioRead(65536).size > 0).shouldBeTrue()
    }

    test("$p pyOpenSSL connections handshake with each other through bio_read and bio_write") {
        val server = TlsContext.create(dev.tlskit.Method.TLS_METHOD, provider).apply {
            useCertificateChainFile(pki.localhost.chainFile)
            usePrivateKeyFile(pki.localhost.keyFile, dev.tlskit.FileType.FILETYPE_PEM)
            checkPrivateKey()
        }
        val client = TlsContext.create(dev.tlskit.Method.TLS_METHOD, provider)
        val s = server.newConnection().apply { setAcceptState() }
        val c = client.newConnection().apply { setConnectState(); setTlsextHostName("localhost") }
        MemoryPair(c, s).handshake()
        c.getPeerCertificate().get().subjectX500Principal shouldBe pki.localhost.certificate.subjectX500Principal
    }

    test("$p a client that does not trust the server fails with verify code 20 and the server hears an alert") {
        val client = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider)
        val o = MemoryPair.of(client, serverContext(provider)).handshakeOutcome()
        val e = o.client.shouldBeInstanceOf<CertificateVerificationException>()
        e.verifyCode() shouldBe 20
        e.verifyMessage() shouldBe "unable to get local issuer certificate"
        e.reason().get() shouldBe "CERTIFICATE_VERIFY_FAILED"
        e.message!! shouldContain "certificate verify failed"
        o.server.shouldNotBeNull()
    }

    test("$p mTLS: a server requiring a certificate accepts a trusted client and sees its subject") {
        val server = serverContext(provider).apply { setVerifyMode(VerifyMode.CERT_REQUIRED); loadVerifyLocations(pki.root.certFile) }
        val client = clientContext(provider).apply { loadCertChain(pki.client.chainFile, pki.client.keyFile, null) }
        val pair = MemoryPair.of(client, server)
        pair.handshake()
        pair.client.write("x".toByteArray()); pair.moveAll()
        pair.server.read(1)
        pair.server.getPeerCertificate().get().subjectX500Principal shouldBe pki.client.certificate.subjectX500Principal
    }

    test("$p mTLS: a server requiring a certificate refuses a client without one") {
        val server = serverContext(provider).apply { setVerifyMode(VerifyMode.CERT_REQUIRED); loadVerifyLocations(pki.root.certFile) }
        val pair = MemoryPair.of(clientContext(provider), server)
        val o = pair.handshakeOutcome()
        o.server.shouldBeInstanceOf<TlsException>()
        o.server!!.message!! shouldContain "certificate"
    }

    test("$p mTLS: a client certificate from an unknown CA is rejected by the server with verify code 20") {
        val server = serverContext(provider).apply { setVerifyMode(VerifyMode.CERT_REQUIRED); loadVerifyLocations(pki.root.certFile) }
        val client = clientContext(provider).apply { loadCertChain(pki.untrustedClient.chainFile, pki.untrustedClient.keyFile, null) }
        val o = MemoryPair.of(client, server).handshakeOutcome()
        o.server.shouldBeInstanceOf<CertificateVerificationException>().verifyCode() shouldBe 20
    }

    test("$p pyOpenSSL verify callback: sees every certificate top-down with its error, and can accept an unknown CA") {
        val seen = mutableListOf<Triple<Int, Int, Boolean>>()
        val server = serverContext(provider).apply {
            loadVerifyLocations(pki.root.certFile)
            setVerify(java.util.EnumSet.of(dev.tlskit.PeerVerify.VERIFY_PEER, dev.tlskit.PeerVerify.VERIFY_FAIL_IF_NO_PEER_CERT)) { conn, _, errno, depth, ok ->
                conn.shouldNotBeNull()
                synchronized(seen) { seen += Triple(depth, errno, ok) }
                true
            }
        }
        val client = clientContext(provider).apply { loadCertChain(pki.untrustedClient.chainFile, pki.untrustedClient.keyFile, null) }
        MemoryPair.of(client, server).handshakeOutcome().server.shouldBeNull()
        seen.first().third shouldBe false
        seen.map { it.first } shouldBe seen.map { it.first }.sortedDescending()
        seen.last().first shouldBe 0
        seen.any { it.second == 20 || it.second == 19 || it.second == 2 }.shouldBeTrue()
    }

    test("$p a CERT_OPTIONAL server accepts a client without a certificate") {
        val server = serverContext(provider).apply { setVerifyMode(VerifyMode.CERT_OPTIONAL); loadVerifyLocations(pki.root.certFile) }
        val pair = MemoryPair.of(clientContext(provider), server)
        pair.handshakeOutcome().server.shouldBeNull()
    }

    test("$p a context change after wrap does not touch the live connection") {
        val client = clientContext(provider)
        val conn = client.wrapBio(MemoryBio(), MemoryBio(), false, "localhost")
        client.setCheckHostname(false)
        client.setVerifyMode(VerifyMode.CERT_NONE)
        val server = serverContext(provider, pki.wrongHost)
        val o = MemoryPair(conn, server.wrapBio(MemoryBio(), MemoryBio(), true, null)).handshakeOutcome()
        o.client.shouldBeInstanceOf<CertificateVerificationException>().verifyCode() shouldBe 62
    }
}

private infix fun Int.shouldNotBe(other: Int) {
    if (this == other) throw AssertionError("expected a value other than $other")
}
