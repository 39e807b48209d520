package dev.tlskit.tck

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class PythonClientOpenSslServerTest : FunSpec({
    val pki = TestPki.shared

    fun verifyingClient() = PythonPeerOptions(caFile = pki.caBundle, checkHostname = true, serverHostname = "localhost")

    for (version in listOf(PeerTlsVersion.TLSv1_2, PeerTlsVersion.TLSv1_3)) {
        test("python client and openssl server agree on ${version.openSslName}, ALPN and the client certificate") {
            val options = OpenSslServerOptions.of(pki.localhost).copy(
                caFile = pki.caBundle, clientAuth = ClientAuth.REQUIRE, alpn = listOf("h2"), version = version,
            )
            OpenSslServer(options).use { server ->
                val client = PythonTlsPeer.client(
                    server.port,
                    verifyingClient().copy(alpn = listOf("h2", "http/1.1")).withCredential(pki.client),
                    "hello\nworld\nCLOSE\n".toByteArray(),
                )
                val session = server.awaitSessions(1).single()
                withClue("$client\n$session\n${server.output}") {
                    client.ok shouldBe true
                    client.version shouldBe version.openSslName
                    client.alpn shouldBe "h2"
                    client.peerCertSubject shouldBe mapOf("organizationName" to "tlskit", "commonName" to "localhost")
                    client.receivedText shouldBe "olleh\ndlrow\n"
                    client.eof shouldBe "close_notify"
                    client.shutdown shouldBe "clean"

                    session.established shouldBe true
                    session.closed shouldBe true
                    session.protocol shouldBe version.openSslName
                    session.cipher shouldBe client.cipher
                    session.alpnOffered shouldBe listOf("h2", "http/1.1")
                    session.alpnSelected shouldBe "h2"
                    session.peerCertificate shouldBe "O = tlskit, CN = tlskit client"
                }
            }
        }
    }

    test("python client rejects a server from an untrusted root with verify code 20") {
        OpenSslServer(OpenSslServerOptions.of(pki.localhost)).use { server ->
            val client = PythonTlsPeer.client(server.port, verifyingClient().copy(caFile = pki.otherRoot.certFile))
            val error = client.error.shouldNotBeNull()
            error.type shouldBe "SSLCertVerificationError"
            error.reason shouldBe "CERTIFICATE_VERIFY_FAILED"
            error.verifyCode shouldBe 20
            val session = server.awaitSessions(1).single()
            withClue(server.output) { session.failed shouldBe true }
        }
    }

    test("python client rejects a certificate for another host with verify code 62") {
        OpenSslServer(OpenSslServerOptions.of(pki.wrongHost)).use { server ->
            val client = PythonTlsPeer.client(server.port, verifyingClient())
            client.error.shouldNotBeNull().verifyCode shouldBe 62
            client.error!!.message shouldContain "Hostname mismatch"
        }
    }

    test("openssl server without a client certificate reports a failed session for a required certificate") {
        val options = OpenSslServerOptions.of(pki.localhost).copy(caFile = pki.caBundle, clientAuth = ClientAuth.REQUIRE, version = PeerTlsVersion.TLSv1_2)
        OpenSslServer(options).use { server ->
            val client = PythonTlsPeer.client(server.port, verifyingClient())
            client.ok shouldBe false
            val session = server.awaitSessions(1).single()
            withClue(server.output) {
                session.failed shouldBe true
                session.errors.joinToString() shouldContain "peer did not return a certificate"
            }
        }
    }

    test("openssl server switches to the SNI certificate and reports the name it saw") {
        val options = OpenSslServerOptions.of(pki.localhost).copy(
            sniName = "a.tlskit.test", sniCredential = pki.wildcard, connections = 2,
        )
        OpenSslServer(options).use { server ->
            val sni = PythonTlsPeer.client(
                server.port, verifyingClient().copy(serverHostname = "a.tlskit.test", caFile = pki.caBundleWithIntermediate),
            )
            val plain = PythonTlsPeer.client(server.port, verifyingClient())
            withClue("$sni\n$plain") {
                sni.ok shouldBe true
                sni.peerCertSha256 shouldBe pki.wildcard.sha256Fingerprint
                plain.ok shouldBe true
                plain.peerCertSha256 shouldBe pki.localhost.sha256Fingerprint
            }
            server.awaitSessions(2).map { it.serverName } shouldBe listOf("a.tlskit.test", "localhost")
        }
    }

    test("an openssl server that serves forever is killed by close") {
        val server = OpenSslServer(OpenSslServerOptions.of(pki.localhostEc).copy(connections = null))
        server.use {
            PythonTlsPeer.client(server.port, verifyingClient()).ok shouldBe true
            PythonTlsPeer.client(server.port, verifyingClient()).ok shouldBe true
            server.awaitSessions(2).all { it.closed } shouldBe true
            server.isAlive shouldBe true
        }
        server.isAlive shouldBe false
    }
})
