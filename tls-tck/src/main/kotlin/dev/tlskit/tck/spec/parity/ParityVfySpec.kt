package dev.tlskit.tck.spec.parity

import dev.tlskit.CertificateVerificationException
import dev.tlskit.Capability
import dev.tlskit.MemoryBio
import dev.tlskit.Option
import dev.tlskit.Protocol
import dev.tlskit.TlsContext
import dev.tlskit.TlsException
import dev.tlskit.TlsVersion
import dev.tlskit.UnsupportedFeatureException
import dev.tlskit.VerifyFlag
import dev.tlskit.VerifyMode
import dev.tlskit.tck.parity.Parity
import dev.tlskit.tck.spec.MemoryPair
import dev.tlskit.tck.spec.clientContext
import dev.tlskit.tck.spec.pki
import dev.tlskit.tck.spec.serverContext
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.maps.shouldBeEmpty
import io.kotest.matchers.maps.shouldNotBeEmpty
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.util.EnumSet

/** PARITY.md section 3 (VFY): verify_mode, check_hostname, hostname matching and verify flags on [provider]. */
public fun parityVfySpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"
    fun ctx(protocol: Protocol) = TlsContext.create(protocol, provider)
    fun caps() = ctx(Protocol.PROTOCOL_TLS_CLIENT).provider().capabilities()

    test("VFY-01 $p verify_mode takes CERT_NONE, CERT_OPTIONAL and CERT_REQUIRED; null and 42 are refused") {
        val c = ctx(Protocol.PROTOCOL_TLS_SERVER)
        for (m in VerifyMode.values()) {
            c.setVerifyMode(m)
            c.verifyMode() shouldBe m
        }
        shouldThrow<NullPointerException> { c.setVerifyMode(null) }
        VerifyMode.fromCode(42).isPresent shouldBe false // ValueError for 42: no such mode
    }

    test("VFY-02 $p check_hostname raises CERT_NONE to CERT_REQUIRED, keeps CERT_OPTIONAL, and verify_mode never changes it") {
        val c = ctx(Protocol.PROTOCOL_TLS_CLIENT)
        c.setCheckHostname(false)
        c.setVerifyMode(VerifyMode.CERT_NONE)
        c.setCheckHostname(true)
        c.verifyMode() shouldBe VerifyMode.CERT_REQUIRED
        c.setVerifyMode(VerifyMode.CERT_OPTIONAL)
        c.checkHostname() shouldBe true
        c.setCheckHostname(false)
        c.setCheckHostname(true)
        c.verifyMode() shouldBe VerifyMode.CERT_OPTIONAL
        c.setCheckHostname(false)
        c.setVerifyMode(VerifyMode.CERT_REQUIRED)
        c.checkHostname() shouldBe false
    }

    test("VFY-03 $p CERT_NONE is refused while check_hostname is on and allowed after it is off") {
        val c = ctx(Protocol.PROTOCOL_TLS_CLIENT)
        shouldThrow<IllegalArgumentException> { c.setVerifyMode(VerifyMode.CERT_NONE) }.message shouldContain "check_hostname"
        c.verifyMode() shouldBe VerifyMode.CERT_REQUIRED
        c.setCheckHostname(false)
        c.setVerifyMode(VerifyMode.CERT_NONE)
        c.verifyMode() shouldBe VerifyMode.CERT_NONE
    }

    test("VFY-04 $p a client wrap with check_hostname and no server_hostname fails at wrap time") {
        shouldThrow<IllegalArgumentException> {
            clientContext(provider).wrapBio(MemoryBio(), MemoryBio(), false, null)
        }.message shouldContain "check_hostname requires server_hostname"
    }

    test("VFY-05 $p the right host name verifies with a peer cert; a wrong one fails with certificate verify failed") {
        val ok = MemoryPair.of(clientContext(provider), serverContext(provider), "localhost").apply { handshake() }
        ok.client.getPeerCert().get().shouldNotBeEmpty()
        // the seed's "invalid" is a single-label name; a backend without SNI_SINGLE_LABEL_NAMES refuses to send it as
        // SNI (CapabilitySpec covers that), so there the wrong name carries a dot
        val wrong = if (Capability.SNI_SINGLE_LABEL_NAMES in caps()) "invalid" else "invalid.example"
        val bad = MemoryPair.of(clientContext(provider), serverContext(provider), wrong).handshakeOutcome()
        val e = bad.client.shouldBeInstanceOf<CertificateVerificationException>()
        e.message!! shouldContain "certificate verify failed"
        e.verifyCode() shouldBe 62
    }

    test("VFY-06 $p without CN fallback a SAN cert verifies and a SAN-less CN=localhost cert fails") {
        val client = clientContext(provider).apply { setHostnameChecksCommonName(false) }
        MemoryPair.of(client, serverContext(provider)).handshake()
        val o = MemoryPair.of(client, serverContext(provider, pki.noSan)).handshakeOutcome()
        o.client.shouldBeInstanceOf<CertificateVerificationException>()
        // with the fallback (the default) the same SAN-less cert verifies by its CN
        MemoryPair.of(clientContext(provider), serverContext(provider, pki.noSan)).handshake()
    }

    test("VFY-07 $p an IDN server_hostname reads back as its IDNA 2003 A-label before and after the handshake") {
        val client = clientContext(provider).apply { setCheckHostname(false); setVerifyMode(VerifyMode.CERT_NONE) }
        for ((given, alabel) in listOf(
            "könig.idn.pythontest.net" to "xn--knig-5qa.idn.pythontest.net",
            "xn--knig-5qa.idn.pythontest.net" to "xn--knig-5qa.idn.pythontest.net",
            "königsgäßchen.idna2003.pythontest.net" to "xn--knigsgsschen-lcb0w.idna2003.pythontest.net",
        )) {
            val pair = MemoryPair.of(client, serverContext(provider), given)
            pair.client.serverHostname().get() shouldBe alabel
            pair.handshake()
            pair.client.serverHostname().get() shouldBe alabel
        }
    }

    test("VFY-08 $p an empty IDN label is refused at wrap, and a wrong name against the cert fails verification") {
        shouldThrow<IllegalArgumentException> { clientContext(provider).wrapBio(MemoryBio(), MemoryBio(), false, ".pythontest.net") }
        val o = MemoryPair.of(clientContext(provider), serverContext(provider), "xn--knig-5qa.idn.pythontest.net").handshakeOutcome()
        o.client.shouldBeInstanceOf<CertificateVerificationException>().message!! shouldContain "certificate verify failed"
    }

    test("VFY-09 $p a CERT_REQUIRED client without trust anchors fails with verify code 20") {
        val client = ctx(Protocol.PROTOCOL_TLS_CLIENT)
        val e = MemoryPair.of(client, serverContext(provider)).handshakeOutcome().client
            .shouldBeInstanceOf<CertificateVerificationException>()
        e.verifyCode() shouldBe 20
        e.verifyMessage() shouldBe "unable to get local issuer certificate"
        e.toString() shouldContain "certificate verify failed"
    }

    test("VFY-10 $p verify_flags read back exactly, alone and combined; null is refused") {
        val c = ctx(Protocol.PROTOCOL_TLS_CLIENT)
        for (set in listOf(EnumSet.of(VerifyFlag.VERIFY_CRL_CHECK_LEAF), EnumSet.of(VerifyFlag.VERIFY_CRL_CHECK_CHAIN),
            EnumSet.of(VerifyFlag.VERIFY_CRL_CHECK_LEAF, VerifyFlag.VERIFY_X509_STRICT))) {
            c.setVerifyFlags(set)
            c.verifyFlags() shouldBe set
        }
        c.setVerifyFlags(EnumSet.of(VerifyFlag.VERIFY_DEFAULT))
        VerifyFlag.toBits(c.verifyFlags()) shouldBe 0
        shouldThrow<NullPointerException> { c.setVerifyFlags(null) }
        // VERIFY_ALLOW_PROXY_CERTS: tlskit's one verifier has no RFC 3820 proxy validation, so it refuses the flag
        val e = shouldThrow<UnsupportedFeatureException> { c.setVerifyFlags(EnumSet.of(VerifyFlag.VERIFY_ALLOW_PROXY_CERTS)) }
        e.feature() shouldBe "VERIFY_ALLOW_PROXY_CERTS"
        e.provider() shouldBe provider
        Parity.refused("VERIFY_ALLOW_PROXY_CERTS: no RFC 3820 proxy-certificate validation")
    }

    test("VFY-11 $p CRL_CHECK_LEAF without a CRL fails verification; after loading the CA's CRL it succeeds") {
        val client = clientContext(provider).apply { setVerifyFlags(EnumSet.of(VerifyFlag.VERIFY_CRL_CHECK_LEAF)) }
        MemoryPair.of(client, serverContext(provider)).handshakeOutcome().client
            .shouldBeInstanceOf<CertificateVerificationException>().message!! shouldContain "certificate verify failed"
        client.loadVerifyLocations(pki.crlFile)
        MemoryPair.of(client, serverContext(provider)).handshake()
    }

    test("VFY-12 $p VERIFY_X509_STRICT rejects a leaf without authority key identifier; clearing it lets the chain verify") {
        val noAki = parALeafWithoutAki()
        val server = TlsContext.create(Protocol.PROTOCOL_TLS_SERVER, provider).apply { useIdentity(noAki) }
        val strict = clientContext(provider).apply { setVerifyFlags(EnumSet.of(VerifyFlag.VERIFY_X509_STRICT)) }
        MemoryPair.of(strict, server).handshakeOutcome().client.shouldBeInstanceOf<CertificateVerificationException>()
        val lax = clientContext(provider)
        MemoryPair.of(lax, server).handshake()
    }

    test("VFY-13 $p a CERT_NONE client completes with any server cert and getpeercert is an empty map") {
        val client = ctx(Protocol.PROTOCOL_TLS_CLIENT).apply { setCheckHostname(false); setVerifyMode(VerifyMode.CERT_NONE) }
        val dummy = if (Capability.SNI_SINGLE_LABEL_NAMES in caps()) "dummy" else "dummy.example" // see VFY-05
        val pair = MemoryPair.of(client, serverContext(provider, pki.selfSigned), dummy).apply { handshake() }
        pair.client.getPeerCert().get().shouldBeEmpty()
        pair.client.getPeerCertificate().get() shouldBe pki.selfSigned.certificate
    }

    test("VFY-14 $p an untrusted client cert fails the TLS 1.2 handshake, and at TLS 1.3 the first read after it") {
        fun server() = serverContext(provider).apply { setVerifyMode(VerifyMode.CERT_REQUIRED); loadVerifyLocations(pki.root.certFile) }
        fun client(v: TlsVersion) = clientContext(provider).apply {
            loadCertChain(pki.untrustedClient.chainFile, pki.untrustedClient.keyFile, null)
            setMaximumVersion(v)
        }
        val o12 = MemoryPair.of(client(TlsVersion.TLSv1_2), server()).handshakeOutcome()
        o12.client.shouldBeInstanceOf<TlsException>()
        o12.server.shouldBeInstanceOf<CertificateVerificationException>()
        val pair = MemoryPair.of(client(TlsVersion.TLSv1_3), server())
        val o13 = pair.handshakeOutcome()
        o13.client.shouldBeNull()
        o13.server.shouldBeInstanceOf<CertificateVerificationException>()
        pair.moveAll()
        val readError = runCatching { pair.client.read(10) }.exceptionOrNull()
        readError.shouldBeInstanceOf<TlsException>()
        Option.OP_NO_TLSv1_3.code() shouldBe 0x20000000L
    }
}
