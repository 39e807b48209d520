package dev.tlskit.tck

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe

class PythonPeerPairTest : FunSpec({
    val pki = TestPki.shared
    val client = PythonPeerOptions(caFile = pki.caBundle, checkHostname = true, serverHostname = "localhost")

    test("STARTTLS upgrades a plain connection, and unwrap returns both sides to plain text") {
        PythonTlsPeer.server(PythonPeerOptions(starttls = true).withCredential(pki.localhost)).use { server ->
            val c = PythonTlsPeer.client(server.port, client.copy(starttls = true, plainLine = "bye in clear"), "secret\nCLOSE\n".toByteArray())
            val s = server.awaitResult()
            withClue("$c\n$s\n${server.stderr}") {
                c.ok shouldBe true
                c.plainBefore shouldBe "OK"
                c.receivedText shouldBe "secret\n"
                c.eof shouldBe "close_notify"
                c.shutdown shouldBe "clean"
                c.plainAfter shouldBe "bye in clear"
                s.ok shouldBe true
                s.plainBefore shouldBe "STARTTLS"
                s.eof shouldBe "close_line"
                s.shutdown shouldBe "clean"
                s.plainAfter shouldBe "bye in clear"
            }
        }
    }

    test("a server closing without close_notify is seen by the client as a ragged EOF") {
        PythonTlsPeer.server(PythonPeerOptions(raggedEof = true).withCredential(pki.localhost)).use { server ->
            val c = PythonTlsPeer.client(server.port, client, "x\nCLOSE\n".toByteArray())
            server.awaitResult().shutdown shouldBe "ragged"
            withClue(c) {
                c.receivedText shouldBe "x\n"
                c.eof shouldBe "ragged"
                c.error.shouldBeNull()
            }
        }
    }

    test("a client closing without close_notify is seen by the server as a ragged EOF") {
        PythonTlsPeer.server(PythonPeerOptions().withCredential(pki.localhost)).use { server ->
            val c = PythonTlsPeer.client(server.port, client.copy(raggedEof = true), "no goodbye".toByteArray())
            val s = server.awaitResult()
            withClue("$c\n$s") {
                c.shutdown shouldBe "ragged"
                c.receivedText shouldBe "no goodbye"
                // what the client reads next depends on the server's TLS library: OpenSSL 3.0
                // answers the unexpected EOF with a fatal decode_error alert
                s.eof shouldBe "ragged"
                s.receivedText shouldBe "no goodbye"
            }
        }
    }

    test("with OP_IGNORE_UNEXPECTED_EOF a ragged EOF reads like close_notify") {
        PythonTlsPeer.server(PythonPeerOptions(raggedEof = true).withCredential(pki.localhost)).use { server ->
            val c = PythonTlsPeer.client(server.port, client.copy(ignoreUnexpectedEof = true), "x\nCLOSE\n".toByteArray())
            withClue(c) { c.eof shouldBe "close_notify" }
        }
    }

    test("a client that stops after N bytes shuts down with close_notify and the server sees it") {
        PythonTlsPeer.server(PythonPeerOptions().withCredential(pki.localhost)).use { server ->
            val c = PythonTlsPeer.client(server.port, client.copy(readBytes = 6), "12345\n".toByteArray())
            val s = server.awaitResult()
            withClue("$c\n$s") {
                c.receivedText shouldBe "12345\n"
                c.eof shouldBe "read_bytes"
                c.shutdown shouldBe "clean"
                s.eof shouldBe "close_notify"
                s.shutdown shouldBe "clean"
            }
        }
    }

    test("the python peer loads the encrypted, PKCS#1 and SEC1 keys") {
        for (options in listOf(
            PythonPeerOptions(certFile = pki.localhost.chainFile, keyFile = pki.localhostEncryptedKeyFile, keyPassword = TestPki.KEY_PASSWORD),
            PythonPeerOptions(certFile = pki.localhost.chainFile, keyFile = pki.localhostPkcs1KeyFile),
            PythonPeerOptions(certFile = pki.localhostEc.chainFile, keyFile = pki.localhostEcSec1KeyFile),
            PythonPeerOptions(certFile = pki.localhost.combinedFile),
        )) {
            PythonTlsPeer.server(options).use { server ->
                withClue(options) { PythonTlsPeer.client(server.port, client).ok shouldBe true }
            }
        }
    }

    test("with the CRL checked the revoked leaf fails with verify code 23") {
        PythonTlsPeer.server(PythonPeerOptions().withCredential(pki.revoked)).use { server ->
            val c = PythonTlsPeer.client(server.port, client.copy(caFile = pki.caBundleWithCrl, crlCheck = true))
            withClue(c) { c.error?.verifyCode shouldBe 23 }
        }
    }

    test("the self-signed certificate verifies when it is its own CA file") {
        PythonTlsPeer.server(PythonPeerOptions().withCredential(pki.selfSigned)).use { server ->
            val c = PythonTlsPeer.client(server.port, client.copy(caFile = pki.selfSigned.certFile))
            withClue(c) { c.ok shouldBe true }
        }
    }
})
