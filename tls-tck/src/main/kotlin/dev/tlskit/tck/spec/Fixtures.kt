package dev.tlskit.tck.spec

import dev.tlskit.MemoryBio
import dev.tlskit.Protocol
import dev.tlskit.TlsConnection
import dev.tlskit.TlsContext
import dev.tlskit.TlsException
import dev.tlskit.TlsWantReadException
import dev.tlskit.TlsVersion
import dev.tlskit.tck.OpenSslClientResult
import dev.tlskit.tck.PeerTlsVersion
import dev.tlskit.tck.TestCredential
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import dev.tlskit.tck.TestPki

/** The peer harnesses' name for a concrete version (TLS 1.2 or 1.3). */
internal fun peerVersion(v: TlsVersion): PeerTlsVersion = if (v == TlsVersion.TLSv1_3) PeerTlsVersion.TLSv1_3 else PeerTlsVersion.TLSv1_2

/**
 * The checks both tlskit echo servers (blocking and coroutine) share when `openssl s_client` connected at [v] with
 * ALPN `h2` and `pki.client`'s certificate and sent `abc\nCLOSE\n`: what the client saw and what the server saw agree.
 */
internal fun checkMtlsEcho(r: OpenSslClientResult, o: ServerOutcome, v: TlsVersion) {
    r.established shouldBe true
    r.protocol shouldBe v.seedName()
    r.alpn shouldBe "h2"
    r.verification shouldBe "OK"
    r.receivedText shouldBe "abc\nCLOSE\n"
    o.error.shouldBeNull()
    o.version shouldBe v.seedName()
    o.cipher shouldBe r.cipher
    o.peer!!.subjectX500Principal shouldBe pki.client.certificate.subjectX500Principal
}

/** The shared test PKI. */
public val pki: TestPki get() = TestPki.shared

/** A server context on [provider] presenting [credential] (its chain and key). */
public fun serverContext(provider: String, credential: TestCredential = pki.localhost): TlsContext =
    TlsContext.create(Protocol.PROTOCOL_TLS_SERVER, provider).apply {
        loadCertChain(credential.chainFile, credential.keyFile, null)
    }

/** A client context on [provider] trusting the test root. */
public fun clientContext(provider: String): TlsContext =
    TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider).apply { loadVerifyLocations(pki.root.certFile) }

/** What each side of a memory handshake ended with: `null` for success, else its error. */
public data class HandshakeOutcome(public val client: Throwable?, public val server: Throwable?)

/**
 * Two [TlsConnection]s wired back to back through their [MemoryBio]s: the bytes one side writes are fed to the other,
 * so whole conversations run in memory and every step is observable.
 */
public class MemoryPair(public val client: TlsConnection, public val server: TlsConnection) {
    /** Moves whatever [from] wants to send into [to]'s incoming buffer; returns the byte count. */
    public fun move(from: TlsConnection, to: TlsConnection): Int {
        val bytes = from.outgoing().read()
        if (bytes.isNotEmpty()) to.incoming().write(bytes)
        return bytes.size
    }

    /** Moves bytes both ways. */
    public fun moveAll(): Int = move(client, server) + move(server, client)

    /** Runs both handshakes to the end, however each side ends; never throws for TLS failures. */
    public fun handshakeOutcome(): HandshakeOutcome {
        var clientDone = false
        var serverDone = false
        var clientError: Throwable? = null
        var serverError: Throwable? = null
        repeat(1000) { // rounds, not time: a large chain (x509-limbo's DoS cases) takes one round per record
            if (!clientDone) {
                try {
                    client.doHandshake(); clientDone = true
                } catch (_: TlsWantReadException) {
                } catch (e: TlsException) {
                    clientError = e; clientDone = true
                }
            }
            val a = move(client, server)
            if (!serverDone) {
                try {
                    server.doHandshake(); serverDone = true
                } catch (_: TlsWantReadException) {
                } catch (e: TlsException) {
                    serverError = e; serverDone = true
                }
            }
            val b = move(server, client)
            // A side whose handshake failed has sent its last bytes (an alert, or nothing at all when it failed before
            // its first flight, e.g. NO_CIPHERS_AVAILABLE): like a socket it then closes the transport, so the peer
            // must end in a typed error (EOF) rather than wait for bytes that never come.
            if (clientError != null && a == 0 && b == 0 && !server.incoming().eofWritten()) server.incoming().writeEof()
            if (serverError != null && a == 0 && b == 0 && !client.incoming().eofWritten()) client.incoming().writeEof()
            if (clientDone && serverDone && a == 0 && b == 0) return HandshakeOutcome(clientError, serverError)
        }
        throw AssertionError("the memory handshake did not converge: client done=$clientDone, server done=$serverDone")
    }

    /** Runs both handshakes and fails the test with the first error if either side failed. */
    public fun handshake() {
        val o = handshakeOutcome()
        o.client?.let { throw AssertionError("client handshake failed: $it", it) }
        o.server?.let { throw AssertionError("server handshake failed: $it", it) }
    }

    public companion object {
        /** A pair from two contexts; the client asks for [hostname]. */
        public fun of(clientCtx: TlsContext, serverCtx: TlsContext, hostname: String? = "localhost"): MemoryPair =
            MemoryPair(
                clientCtx.wrapBio(MemoryBio(), MemoryBio(), false, hostname),
                serverCtx.wrapBio(MemoryBio(), MemoryBio(), true, null),
            )
    }
}
