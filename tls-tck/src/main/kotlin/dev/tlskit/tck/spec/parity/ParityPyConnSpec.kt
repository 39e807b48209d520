package dev.tlskit.tck.spec.parity

import dev.tlskit.FileType
import dev.tlskit.Method
import dev.tlskit.TlsConnection
import dev.tlskit.TlsContext
import dev.tlskit.TlsCredentialException
import dev.tlskit.TlsException
import dev.tlskit.TlsSyscallException
import dev.tlskit.TlsWantReadException
import dev.tlskit.TlsWantWriteException
import dev.tlskit.TlsZeroReturnException
import dev.tlskit.UnsupportedFeatureException
import dev.tlskit.tck.parity.Parity
import dev.tlskit.tck.spec.MemoryPair
import dev.tlskit.tck.spec.pki
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.nio.file.Files

private fun connServer(provider: String): TlsContext = TlsContext.create(Method.TLS_METHOD, provider).apply {
    useCertificateChainFile(pki.localhost.chainFile)
    usePrivateKeyFile(pki.localhost.keyFile, FileType.FILETYPE_PEM)
    setSessionIdContext("parity".toByteArray())
}

private fun connPair(client: TlsContext, server: TlsContext): MemoryPair = MemoryPair(
    client.newConnection().apply { setConnectState(); setTlsextHostName("localhost") },
    server.newConnection().apply { setAcceptState() },
)

/** Lets the client read once, so that a TLS 1.3 ticket the server sent after its handshake has been processed. */
private fun settleTickets(pair: MemoryPair) {
    pair.server.write(byteArrayOf(42)); pair.moveAll()
    pair.client.recv(1).toList() shouldBe listOf<Byte>(42)
}

/** pyOpenSSL `Connection` (section 27), sessions (31) and `Error` exceptions (33) on [provider]. */
public fun parityPyConnSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"

    test("PCONN-01 $p a connection exists only from a context: TlsConnection has no public constructor") {
        // pyOpenSSL Connection(non-Context) raises TypeError; the JVM twin is that the only way in is ctx.newConnection().
        TlsConnection::class.java.constructors.size shouldBe 0
        TlsContext.create(Method.TLS_METHOD, provider).newConnection().context().method().get() shouldBe Method.TLS_METHOD
    }

    test("PCONN-05 $p get_certificate is the connection's own certificate, or none without one") {
        val pair = connPair(TlsContext.create(Method.TLS_METHOD, provider), connServer(provider))
        pair.server.getCertificate().get() shouldBe pki.localhost.certificate
        pair.client.getCertificate().isPresent shouldBe false
        pair.handshake()
        pair.server.getCertificate().get() shouldBe pki.localhost.certificate
    }

    test("PCONN-08 $p cipher name, version and bits are empty before the handshake and equal on both ends after it; so is the protocol version") {
        val pair = connPair(TlsContext.create(Method.TLS_METHOD, provider), connServer(provider))
        pair.client.cipher().isPresent shouldBe false
        pair.server.version().isPresent shouldBe false
        pair.handshake()
        val c = pair.client.cipher().get()
        val s = pair.server.cipher().get()
        c shouldBe s
        (c.secretBits() > 0) shouldBe true
        c.name().isNotEmpty() shouldBe true
        pair.client.version().get() shouldBe pair.server.version().get()
        pair.client.tlsVersion().get().code() shouldBe pair.server.tlsVersion().get().code()
        c.protocol() shouldBe pair.client.version().get()
    }

    test("PCONN-13 $p DTLS_METHOD is refused by name and provider: no backend has a DTLS transport") {
        for (m in listOf(Method.DTLS_METHOD, Method.DTLS_SERVER_METHOD, Method.DTLS_CLIENT_METHOD)) {
            val e = shouldThrow<UnsupportedFeatureException> { TlsContext.create(m, provider) }
            e.feature() shouldContain m.name
            e.provider() shouldBe provider
        }
        Parity.refused("DTLS: tlskit has no datagram transport")
    }

    test("PSESS-01 $p get_session is empty on an unconnected connection and a session on both sides after the handshake") {
        val pair = connPair(TlsContext.create(Method.TLS_METHOD, provider), connServer(provider))
        pair.client.session().isPresent shouldBe false
        pair.server.session().isPresent shouldBe false
        pair.handshake()
        pair.client.session().isPresent shouldBe true
        pair.server.session().isPresent shouldBe true
    }

    test("PSESS-02 $p set_session with no session is refused") {
        val conn = TlsContext.create(Method.TLS_METHOD, provider).newConnection().apply { setConnectState() }
        shouldThrow<NullPointerException> { conn.setSession(null) }
    }

    test("PSESS-03 $p a client that sets the original session before the handshake resumes it") {
        val clientCtx = TlsContext.create(Method.TLS_METHOD, provider)
        val serverCtx = connServer(provider)
        val first = connPair(clientCtx, serverCtx)
        first.handshake()
        settleTickets(first)
        first.client.sessionReused() shouldBe false
        val original = first.client.session().get()
        val second = connPair(clientCtx, serverCtx)
        second.client.setSession(original)
        second.handshake()
        second.client.sessionReused() shouldBe true
        second.server.sessionReused() shouldBe true
    }

    test("PSESS-04 $p set_session with a session from a connection on another context is refused") {
        val pair = connPair(TlsContext.create(Method.TLS_METHOD, provider), connServer(provider))
        pair.handshake()
        val s = pair.client.session().get()
        val other = TlsContext.create(Method.TLS_METHOD, provider).newConnection().apply { setConnectState() }
        shouldThrow<IllegalArgumentException> { other.setSession(s) }.message shouldBe "Session refers to a different SSLContext."
    }

    test("PERR-01 $p Error is an Exception; WantRead, WantWrite, ZeroReturn and SysCall errors are distinct subclasses of it") {
        // pyOpenSSL Error -> TlsException (an IOException); its subclasses map one to one.
        val subs = listOf(TlsWantReadException::class.java, TlsWantWriteException::class.java,
            TlsZeroReturnException::class.java, TlsSyscallException::class.java)
        Exception::class.java.isAssignableFrom(TlsException::class.java) shouldBe true
        TlsException::class.java.simpleName shouldBe "TlsException"
        subs.forEach { TlsException::class.java.isAssignableFrom(it) shouldBe true }
        subs.toSet().size shouldBe 4
        for (a in subs) for (b in subs) if (a != b) a.isAssignableFrom(b) shouldBe false
        // catching Error catches what a broken transport raises
        val conn = connServer(provider).newConnection().apply { setAcceptState() }
        conn.bioShutdown()
        shouldThrow<TlsException> { conn.recv(1) }
    }

    test("PERR-02 $p an error carries the OpenSSL reason callers read: no cipher match, a PEM file without certificates") {
        val ctx = TlsContext.create(Method.TLS_METHOD, provider)
        shouldThrow<TlsException> { ctx.setCiphers("imaginary-cipher") }.reason().get() shouldBe "NO_CIPHER_MATCH"
        val empty = Files.createTempFile("tlskit-empty-", ".pem")
        val e = shouldThrow<TlsCredentialException> { ctx.loadClientCa(empty) }
        e.reason().get() shouldBe "NO_CERTIFICATE_OR_CRL_FOUND"
    }

    test("PERR-04 $p a feature the backend lacks raises a descriptive error naming it, and nothing is applied") {
        // pyOpenSSL _make_requires raises NotImplementedError; tlskit raises UnsupportedFeatureException.
        val ctx = TlsContext.create(Method.TLS_METHOD, provider)
        val e = shouldThrow<UnsupportedFeatureException> { ctx.setNpnProtocols(listOf("http/1.1")) }
        e.feature() shouldContain "set_npn_protocols"
        e.provider() shouldBe provider
        e.message!! shouldContain "is not supported by the '$provider' provider"
        e.message shouldNotBe e.feature()
        ctx.alpnProtocols() shouldBe emptyList()
    }
}
