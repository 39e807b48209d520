package dev.tlskit.tck.spec.parity

import dev.tlskit.FileType
import dev.tlskit.Method
import dev.tlskit.PeerVerify
import dev.tlskit.TlsConnection
import dev.tlskit.TlsContext
import dev.tlskit.TlsException
import dev.tlskit.tck.TestCredential
import dev.tlskit.tck.spec.MemoryPair
import dev.tlskit.tck.spec.pki
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldNotBeEmpty
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import io.kotest.matchers.types.shouldBeSameInstanceAs
import java.nio.file.Files
import java.security.cert.X509Certificate
import java.util.Collections
import java.util.EnumSet

private val verifyPeer = EnumSet.of(PeerVerify.VERIFY_PEER)

private fun verifyServer(provider: String, credential: TestCredential = pki.localhost): TlsContext =
    TlsContext.create(Method.TLS_METHOD, provider).apply {
        useCertificateChainFile(credential.chainFile)
        usePrivateKeyFile(credential.keyFile, FileType.FILETYPE_PEM)
    }

private fun verifyPair(client: TlsContext, server: TlsContext): MemoryPair = MemoryPair(
    client.newConnection().apply { setConnectState(); setTlsextHostName("localhost") },
    server.newConnection().apply { setAcceptState() },
)

private fun causes(t: Throwable?): Sequence<Throwable> = generateSequence(t) { it.cause }

/** pyOpenSSL `set_verify` callback semantics (PARITY.md section 24) on [provider]. */
public fun parityPyVerifySpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"

    test("PVFY-01 $p the verify callback gets the very connection doing the handshake and a usable certificate") {
        val seen = Collections.synchronizedList(mutableListOf<Pair<TlsConnection, X509Certificate>>())
        val client = TlsContext.create(Method.TLS_METHOD, provider).apply {
            loadVerifyLocations(pki.root.certFile)
            setVerify(verifyPeer) { conn, cert, _, _, ok -> seen += conn to cert; ok }
        }
        val pair = verifyPair(client, verifyServer(provider))
        pair.handshake()
        seen.shouldNotBeEmpty()
        seen.forEach { (conn, _) -> conn shouldBeSameInstanceAs pair.client }
        seen.map { it.second.subjectX500Principal }.toSet() shouldBe
            setOf(pki.root, pki.intermediate, pki.localhost).map { it.certificate.subjectX500Principal }.toSet()
    }

    test("PVFY-02 $p a callback returning true accepts a self-signed server with no trust; returning ok with the root trusted succeeds") {
        val permissive = TlsContext.create(Method.TLS_METHOD, provider).apply { setVerify(verifyPeer) { _, _, _, _, _ -> true } }
        val pair = verifyPair(permissive, verifyServer(provider, pki.selfSigned))
        pair.handshake()
        pair.client.getPeerCertificate().get() shouldBe pki.selfSigned.certificate

        val oks = Collections.synchronizedList(mutableListOf<Boolean>())
        val honest = TlsContext.create(Method.TLS_METHOD, provider).apply {
            loadVerifyLocations(pki.root.certFile)
            setVerify(verifyPeer) { _, _, _, _, ok -> oks += ok; ok }
        }
        verifyPair(honest, verifyServer(provider)).handshake()
        oks.shouldNotBeEmpty()
        oks.all { it } shouldBe true
    }

    test("PVFY-03 $p an exception raised in the verify callback fails the handshake and comes out of do_handshake") {
        val boom = IllegalStateException("silly verify failure")
        val client = TlsContext.create(Method.TLS_METHOD, provider).apply { setVerify(verifyPeer) { _, _, _, _, _ -> throw boom } }
        val o = verifyPair(client, verifyServer(provider)).handshakeOutcome()
        o.client.shouldBeInstanceOf<TlsException>()
        causes(o.client).any { it === boom } shouldBe true
    }

    test("PVFY-04 $p set_verify without a callback uses pre-verification: VERIFY_PEER without trust fails with certificate verify failed, VERIFY_NONE succeeds") {
        val strict = TlsContext.create(Method.TLS_METHOD, provider).apply { setVerify(verifyPeer, null) }
        val o = verifyPair(strict, verifyServer(provider)).handshakeOutcome()
        val e = o.client.shouldBeInstanceOf<TlsException>()
        ((e.message ?: "").contains("certificate verify failed") || e.reason().orElse("") == "CERTIFICATE_VERIFY_FAILED") shouldBe true
        val lax = TlsContext.create(Method.TLS_METHOD, provider).apply { setVerify(EnumSet.of(PeerVerify.VERIFY_NONE), null) }
        verifyPair(lax, verifyServer(provider)).handshake()
    }

    test("PVFY-05 $p get_verify_mode is empty by default and exactly what set_verify got; a null mode is refused") {
        val ctx = TlsContext.create(Method.TLS_METHOD, provider)
        ctx.getVerifyMode() shouldBe EnumSet.noneOf(PeerVerify::class.java)
        ctx.setVerify(EnumSet.of(PeerVerify.VERIFY_PEER, PeerVerify.VERIFY_CLIENT_ONCE), null)
        ctx.getVerifyMode() shouldBe EnumSet.of(PeerVerify.VERIFY_PEER, PeerVerify.VERIFY_CLIENT_ONCE)
        PeerVerify.toBits(ctx.getVerifyMode()) shouldBe 5
        shouldThrow<NullPointerException> { ctx.setVerify(null, null) }
        ctx.getVerifyMode() shouldBe EnumSet.of(PeerVerify.VERIFY_PEER, PeerVerify.VERIFY_CLIENT_ONCE)
    }

    test("PVFY-07 $p get_verified_chain is [server, intermediate, root] on a verifying client, empty on a server without client cert and before the handshake") {
        val client = TlsContext.create(Method.TLS_METHOD, provider).apply {
            loadVerifyLocations(pki.root.certFile)
            setVerify(verifyPeer, null)
        }
        val server = verifyServer(provider).apply { setVerify(verifyPeer, null); loadVerifyLocations(pki.root.certFile) }
        val pair = verifyPair(client, server)
        pair.client.getVerifiedChain().shouldBeEmpty()
        pair.handshake()
        pair.client.getVerifiedChain() shouldBe listOf(pki.localhost.certificate, pki.intermediate.certificate, pki.root.certificate)
        pair.server.getVerifiedChain().shouldBeEmpty()
    }

    test("PVFY-08 $p get_peer_cert_chain is what the peer sent, leaf to root, even under VERIFY_NONE; a server without client cert gets none") {
        val chainWithRoot = Files.createTempFile("tlskit-chain-root-", ".pem")
        Files.writeString(chainWithRoot, Files.readString(pki.localhost.chainFile) + "\n" + Files.readString(pki.root.certFile))
        val server = TlsContext.create(Method.TLS_METHOD, provider).apply {
            useCertificateChainFile(chainWithRoot)
            usePrivateKeyFile(pki.localhost.keyFile, FileType.FILETYPE_PEM)
        }
        val pair = verifyPair(TlsContext.create(Method.TLS_METHOD, provider), server)
        pair.handshake()
        pair.client.getPeerCertChain() shouldBe listOf(pki.localhost.certificate, pki.intermediate.certificate, pki.root.certificate)
        pair.client.getPeerCertificate().get() shouldBe pki.localhost.certificate
        pair.server.getPeerCertChain().shouldBeEmpty()
        pair.server.getPeerCertificate().isPresent shouldBe false
    }
}
