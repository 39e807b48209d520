package dev.tlskit.tck.spec

import dev.tlskit.CertificateVerificationException
import dev.tlskit.TlsEofException
import dev.tlskit.TlsVersion
import dev.tlskit.VerifyMode
import dev.tlskit.WrapOptions
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
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.io.ByteArrayOutputStream
import java.net.InetAddress
import java.net.Socket


private fun readAll(read: (ByteArray) -> Int): String {
    val out = ByteArrayOutputStream()
    val buf = ByteArray(4096)
    while (true) {
        val n = read(buf)
        if (n < 0) break
        out.write(buf, 0, n)
    }
    return out.toString(Charsets.UTF_8)
}

private fun loopback(port: Int) = Socket(InetAddress.getLoopbackAddress(), port).apply { soTimeout = 20_000 }

/** tlskit on [provider] against real `openssl` and CPython `ssl` peers, in both directions. */
public fun interopSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"

    for (v in listOf(TlsVersion.TLSv1_2, TlsVersion.TLSv1_3)) {
        test("$p client to openssl s_server at ${v.seedName()} with ALPN: both sides agree on version, cipher and protocol") {
            OpenSslServer(OpenSslServerOptions.of(pki.localhost).copy(alpn = listOf("h2"), version = peerVersion(v))).use { server ->
                val ctx = clientContext(provider).apply { setAlpnProtocols(listOf("h2", "http/1.1")) }
                ctx.wrapSocket(loopback(server.port), WrapOptions.client("localhost")).use { tls ->
                    tls.sendall("hello\nCLOSE\n".toByteArray())
                    readAll { tls.read(it, 0, it.size) } shouldBe "olleh\n"
                    tls.version().get() shouldBe v.seedName()
                    tls.selectedAlpnProtocol().get() shouldBe "h2"
                    val session = server.awaitSessions(1).single()
                    session.protocol shouldBe v.seedName()
                    session.alpnSelected shouldBe "h2"
                    session.cipher shouldBe tls.cipher().get().name()
                }
            }
        }

        test("$p client to a Python ssl server at ${v.seedName()} with mTLS and ALPN: the peer saw our certificate") {
            val opts = PythonPeerOptions(verifyMode = PeerVerifyMode.CERT_REQUIRED, caFile = pki.root.certFile, alpn = listOf("http/1.1"),
                minVersion = peerVersion(v), maxVersion = peerVersion(v)).withCredential(pki.localhost)
            PythonTlsPeer.server(opts).use { py ->
                val ctx = clientContext(provider).apply {
                    setAlpnProtocols(listOf("h2", "http/1.1"))
                    loadCertChain(pki.client.chainFile, pki.client.keyFile, null)
                }
                ctx.wrapSocket(loopback(py.port), WrapOptions.client("localhost")).use { tls ->
                    tls.sendall("ping\nCLOSE\n".toByteArray())
                    readAll { tls.read(it, 0, it.size) } shouldBe "ping\n"
                    tls.selectedAlpnProtocol().get() shouldBe "http/1.1"
                }
                val r = py.awaitResult()
                r.error.shouldBeNull()
                r.version shouldBe v.seedName()
                r.alpn shouldBe "http/1.1"
                r.peerCertSubject!!["commonName"] shouldBe "tlskit client"
                r.eof shouldBe "close_line"
            }
        }

        test("$p server to openssl s_client at ${v.seedName()}: echo, ALPN and the verified client certificate") {
            val ctx = serverContext(provider).apply {
                setAlpnProtocols(listOf("h2")); setVerifyMode(VerifyMode.CERT_REQUIRED); loadVerifyLocations(pki.root.certFile)
            }
            TlskitEchoServer(ctx).use { server ->
                val r = OpenSslClient.connect(server.port, OpenSslClientOptions(caFile = pki.root.certFile, serverName = "localhost",
                    verifyHostname = "localhost", alpn = listOf("h2"), version = peerVersion(v)).withClientCertificate(pki.client),
                    "abc\nCLOSE\n".toByteArray())
                checkMtlsEcho(r, server.outcome(), v)
            }
        }

        test("$p server to a Python ssl client at ${v.seedName()} with hostname checking and ALPN") {
            val ctx = serverContext(provider).apply { setAlpnProtocols(listOf("h2", "http/1.1")) }
            TlskitEchoServer(ctx).use { server ->
                val r = PythonTlsPeer.client(server.port, PythonPeerOptions(caFile = pki.root.certFile, checkHostname = true,
                    serverHostname = "localhost", alpn = listOf("http/1.1"), minVersion = peerVersion(v), maxVersion = peerVersion(v)),
                    "data from python\nCLOSE\n".toByteArray())
                r.error.shouldBeNull()
                r.version shouldBe v.seedName()
                r.alpn shouldBe "http/1.1"
                r.receivedText shouldBe "data from python\nCLOSE\n"
                r.shutdown shouldBe "clean"
                server.outcome().alpn shouldBe "http/1.1"
            }
        }
    }

    test("$p SNI: a host name is sent to the server, an IP literal is not (and the IP is verified against the IP SAN)") {
        PythonTlsPeer.server(PythonPeerOptions().withCredential(pki.localhost), connections = 2).use { py ->
            for (host in listOf("localhost", "127.0.0.1")) {
                clientContext(provider).wrapSocket(loopback(py.port), WrapOptions.client(host)).use { tls ->
                    tls.sendall("CLOSE\n".toByteArray())
                    readAll { tls.read(it, 0, it.size) } shouldBe ""
                    tls.serverHostname().get() shouldBe host
                }
            }
            val results = py.awaitResults(2)
            results[0].serverHostname shouldBe "localhost"
            results[1].serverHostname.shouldBeNull()
        }
    }

    test("$p SNI: a fully qualified name with a trailing dot is sent without it and still verifies") {
        PythonTlsPeer.server(PythonPeerOptions().withCredential(pki.localhost)).use { py ->
            clientContext(provider).wrapSocket(loopback(py.port), WrapOptions.client("localhost.")).use { tls ->
                tls.sendall("CLOSE\n".toByteArray())
                readAll { tls.read(it, 0, it.size) } shouldBe ""
            }
            py.awaitResult().serverHostname shouldBe "localhost"
        }
    }

    test("$p do_handshake_on_connect=False defers the handshake to the first explicit call or I/O") {
        OpenSslServer(OpenSslServerOptions.of(pki.localhost)).use { server ->
            val tls = clientContext(provider).wrapSocket(loopback(server.port), WrapOptions.client("localhost").withDoHandshakeOnConnect(false))
            tls.use {
                it.version().isPresent shouldBe false
                it.doHandshake()
                it.version().isPresent shouldBe true
                it.sendall("CLOSE\n".toByteArray())
                readAll { b -> it.read(b, 0, b.size) } shouldBe ""
            }
        }
    }

    test("$p a failed handshake in wrapSocket closes the socket: nothing leaks") {
        OpenSslServer(OpenSslServerOptions.of(pki.wrongHost)).use { server ->
            val raw = loopback(server.port)
            shouldThrow<CertificateVerificationException> { clientContext(provider).wrapSocket(raw, WrapOptions.client("localhost")) }
            raw.isClosed shouldBe true
        }
    }

    test("$p client: a server with the wrong host name fails verification with code 62, and openssl hears the alert") {
        OpenSslServer(OpenSslServerOptions.of(pki.wrongHost)).use { server ->
            val e = shouldThrow<CertificateVerificationException> {
                clientContext(provider).wrapSocket(loopback(server.port), WrapOptions.client("localhost"))
            }
            e.verifyCode() shouldBe 62
            e.verifyMessage() shouldContain "Hostname mismatch"
            server.awaitSessions(1).single().failed shouldBe true
        }
    }

    test("$p client: an expired server certificate fails with code 10") {
        PythonTlsPeer.server(PythonPeerOptions().withCredential(pki.expired)).use { py ->
            val e = shouldThrow<CertificateVerificationException> {
                clientContext(provider).wrapSocket(loopback(py.port), WrapOptions.client("localhost"))
            }
            e.verifyCode() shouldBe 10
            e.verifyMessage() shouldBe "certificate has expired"
            py.awaitResult().error.shouldNotBeNull()
        }
    }

    test("$p server: a Python client checking host names rejects our wrong-host certificate with code 62") {
        TlskitEchoServer(serverContext(provider, pki.wrongHost)).use { server ->
            val r = PythonTlsPeer.client(server.port, PythonPeerOptions(caFile = pki.root.certFile, checkHostname = true, serverHostname = "localhost"))
            r.error!!.verifyCode shouldBe 62
            server.outcome().error.shouldBeInstanceOf<dev.tlskit.TlsException>()
        }
    }

    test("CLOSE-01 $p STARTTLS: plain text, TLS, unwrap(), plain text again, against a Python server") {
        PythonTlsPeer.server(PythonPeerOptions(starttls = true).withCredential(pki.localhost)).use { py ->
            val raw = loopback(py.port)
            raw.getOutputStream().write("STARTTLS\n".toByteArray())
            TlskitEchoServer.readLine(raw) shouldBe "OK"
            val tls = clientContext(provider).wrapSocket(raw, WrapOptions.client("localhost"))
            tls.sendall("secret\nCLOSE\n".toByteArray())
            readAll { tls.read(it, 0, it.size) } shouldBe "secret\n"
            val plain = tls.unwrap()
            plain.getOutputStream().write("in the clear\n".toByteArray())
            TlskitEchoServer.readLine(plain) shouldBe "in the clear"
            plain.close()
            val r = py.awaitResult()
            r.error.shouldBeNull()
            r.plainAfter shouldBe "in the clear"
        }
    }

    test("CLOSE-02 $p STARTTLS: a Python client upgrades to TLS on a tlskit server and back to plain text") {
        TlskitEchoServer(serverContext(provider), starttls = true).use { server ->
            val r = PythonTlsPeer.client(server.port, PythonPeerOptions(caFile = pki.root.certFile, serverHostname = "localhost",
                checkHostname = true, starttls = true, plainLine = "bye in plain"), "hi\nCLOSE\n".toByteArray())
            r.error.shouldBeNull()
            r.receivedText shouldBe "hi\nCLOSE\n"
            r.plainAfter shouldBe "bye in plain"
            server.outcome().plainAfter shouldBe "bye in plain"
        }
    }

    test("CLOSE-04 $p ragged EOF: suppressed by default, SSLEOFError with suppressRaggedEofs off") {
        for (suppress in listOf(true, false)) {
            PythonTlsPeer.server(PythonPeerOptions(raggedEof = true).withCredential(pki.localhost)).use { py ->
                val tls = clientContext(provider).wrapSocket(loopback(py.port),
                    WrapOptions.client("localhost").withSuppressRaggedEofs(suppress))
                tls.use {
                    it.sendall("x\nCLOSE\n".toByteArray())
                    if (suppress) {
                        readAll { b -> it.read(b, 0, b.size) } shouldBe "x\n"
                    } else {
                        val got = ByteArray(2)
                        it.read(got, 0, 2) shouldBe 2
                        shouldThrow<TlsEofException> { it.read(ByteArray(10), 0, 10) }.message!! shouldContain "EOF occurred in violation of protocol"
                    }
                }
                py.awaitResult().shutdown shouldBe "ragged"
            }
        }
    }

    test("$p mTLS: openssl s_server requiring a certificate gets ours and a client without one is refused") {
        OpenSslServer(OpenSslServerOptions.of(pki.localhost).copy(caFile = pki.root.certFile, clientAuth = ClientAuth.REQUIRE, connections = 2)).use { server ->
            val ctx = clientContext(provider).apply { loadCertChain(pki.client.chainFile, pki.client.keyFile, null) }
            ctx.wrapSocket(loopback(server.port), WrapOptions.client("localhost")).use { tls ->
                tls.sendall("me\nCLOSE\n".toByteArray())
                readAll { tls.read(it, 0, it.size) } shouldBe "em\n"
            }
            val failure = runCatching {
                clientContext(provider).wrapSocket(loopback(server.port), WrapOptions.client("localhost")).use { tls ->
                    tls.sendall("no cert\nCLOSE\n".toByteArray())
                    readAll { tls.read(it, 0, it.size) }
                }
            }
            failure.exceptionOrNull().shouldBeInstanceOf<dev.tlskit.TlsException>()
            val sessions = server.awaitSessions(2)
            sessions[0].peerCertificate!! shouldContain "tlskit client"
            sessions[1].failed shouldBe true
        }
    }
}
