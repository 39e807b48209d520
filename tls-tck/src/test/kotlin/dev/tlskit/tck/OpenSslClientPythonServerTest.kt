package dev.tlskit.tck

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe

class OpenSslClientPythonServerTest : FunSpec({
    val pki = TestPki.shared

    for (version in listOf(PeerTlsVersion.TLSv1_2, PeerTlsVersion.TLSv1_3)) {
        test("openssl client and python server agree on ${version.openSslName}, ALPN and the client certificate") {
            val serverOptions = PythonPeerOptions(
                caFile = pki.caBundle, verifyMode = PeerVerifyMode.CERT_REQUIRED, alpn = listOf("h2", "http/1.1"),
                minVersion = version, maxVersion = version,
            ).withCredential(pki.localhost)
            PythonTlsPeer.server(serverOptions).use { server ->
                val client = OpenSslClient.connect(
                    server.port,
                    OpenSslClientOptions(
                        caFile = pki.caBundle, serverName = "localhost", verifyHostname = "localhost",
                        alpn = listOf("h2"), version = version,
                    ).withClientCertificate(pki.client),
                    "hello\nworld\nCLOSE\nnot echoed\n".toByteArray(),
                )
                val seen = server.awaitResult()
                withClue("$client\n$seen\n${server.stderr}") {
                    client.ok shouldBe true
                    client.protocol shouldBe version.openSslName
                    client.alpn shouldBe "h2"
                    client.verification shouldBe "OK"
                    client.verifiedPeerName shouldBe "localhost"
                    client.peerCertificate shouldBe "O = tlskit, CN = localhost"
                    client.receivedText shouldBe "hello\nworld\n"

                    seen.ok shouldBe true
                    seen.version shouldBe version.openSslName
                    seen.cipher shouldBe client.cipher
                    seen.alpn shouldBe "h2"
                    seen.serverHostname shouldBe "localhost"
                    seen.peerCertSubject shouldBe mapOf("organizationName" to "tlskit", "commonName" to "tlskit client")
                    seen.peerCertSha256 shouldBe pki.client.sha256Fingerprint
                    seen.receivedText shouldBe "hello\nworld\nCLOSE\nnot echoed\n"
                    seen.eof shouldBe "close_line"
                    seen.shutdown shouldBe "clean"
                }
            }
        }
    }

    test("openssl client reports verify error 10 for an expired server certificate and the server sees the alert") {
        PythonTlsPeer.server(PythonPeerOptions().withCredential(pki.expired)).use { server ->
            val client = OpenSslClient.connect(server.port, OpenSslClientOptions(caFile = pki.caBundle))
            val seen = server.awaitResult()
            withClue("$client\n$seen") {
                client.ok shouldBe false
                client.exitCode shouldBe 1
                client.verifyErrors shouldContain 10
                seen.error.shouldNotBeNull().reason shouldBe "SSLV3_ALERT_CERTIFICATE_EXPIRED"
            }
        }
    }

    test("openssl client reports verify error 62 when the host name does not match") {
        PythonTlsPeer.server(PythonPeerOptions().withCredential(pki.wrongHost)).use { server ->
            val client = OpenSslClient.connect(
                server.port, OpenSslClientOptions(caFile = pki.caBundle, serverName = "localhost", verifyHostname = "localhost"),
            )
            server.awaitResult().error.shouldNotBeNull()
            withClue(client) {
                client.verifyErrors shouldContain 62
                client.established shouldBe false
            }
        }
    }

    test("without verify_return_error openssl client connects to an untrusted server and reports the error") {
        PythonTlsPeer.server(PythonPeerOptions().withCredential(pki.localhost)).use { server ->
            val client = OpenSslClient.connect(
                server.port, OpenSslClientOptions(caFile = pki.otherRoot.certFile, verifyReturnError = false),
                "ping\nCLOSE\n".toByteArray(),
            )
            server.awaitResult().ok shouldBe true
            withClue(client) {
                client.ok shouldBe true
                client.verification shouldBe "unable to get local issuer certificate"
                client.verifyErrors shouldContain 20
                client.receivedText shouldBe "ping\n"
                client.alpn.shouldBeNull()
            }
        }
    }

    test("a python server that requires a certificate rejects an openssl client without one over TLS 1.3") {
        val options = PythonPeerOptions(caFile = pki.caBundle, verifyMode = PeerVerifyMode.CERT_REQUIRED).withCredential(pki.localhost)
        PythonTlsPeer.server(options).use { server ->
            val client = OpenSslClient.connect(server.port, OpenSslClientOptions(caFile = pki.caBundle, version = PeerTlsVersion.TLSv1_3))
            val seen = server.awaitResult()
            withClue("$client\n$seen") {
                seen.error.shouldNotBeNull().reason shouldBe "PEER_DID_NOT_RETURN_A_CERTIFICATE"
                client.alertNumbers shouldContain 116
                client.exitCode shouldBe 1
            }
        }
    }

    test("a python server rejects a client certificate from an untrusted root") {
        val options = PythonPeerOptions(caFile = pki.caBundle, verifyMode = PeerVerifyMode.CERT_REQUIRED).withCredential(pki.localhost)
        PythonTlsPeer.server(options).use { server ->
            val client = OpenSslClient.connect(
                server.port,
                OpenSslClientOptions(caFile = pki.caBundle, version = PeerTlsVersion.TLSv1_2).withClientCertificate(pki.untrustedClient),
            )
            val seen = server.awaitResult()
            withClue("$client\n$seen") {
                val error = seen.error.shouldNotBeNull()
                error.type shouldBe "SSLCertVerificationError"
                error.verifyCode shouldBe 20
                client.alertNumbers shouldContain 48
            }
        }
    }

    test("one python server serves several connections and reports each") {
        PythonTlsPeer.server(PythonPeerOptions().withCredential(pki.localhostEc), connections = 2).use { server ->
            val a = OpenSslClient.connect(server.port, OpenSslClientOptions(caFile = pki.caBundle), "a\nCLOSE\n".toByteArray())
            val b = OpenSslClient.connect(server.port, OpenSslClientOptions(caFile = pki.caBundle), "b\nCLOSE\n".toByteArray())
            val results = server.awaitResults(2)
            results.map { it.receivedText } shouldBe listOf("a\nCLOSE\n", "b\nCLOSE\n")
            listOf(a.receivedText, b.receivedText) shouldBe listOf("a\n", "b\n")
            a.peerCertificate shouldBe "O = tlskit, CN = localhost"
        }
    }
})
