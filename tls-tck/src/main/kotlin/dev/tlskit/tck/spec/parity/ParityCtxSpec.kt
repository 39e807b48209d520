package dev.tlskit.tck.spec.parity

import dev.tlskit.Capability
import dev.tlskit.Option
import dev.tlskit.Protocol
import dev.tlskit.Purpose
import dev.tlskit.Tls
import dev.tlskit.TlsContext
import dev.tlskit.TlsCredentialException
import dev.tlskit.TlsException
import dev.tlskit.UnsupportedFeatureException
import dev.tlskit.VerifyFlag
import dev.tlskit.VerifyMode
import dev.tlskit.tck.spec.pki
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.collections.shouldContainAll
import io.kotest.matchers.collections.shouldNotContain
import io.kotest.matchers.ints.shouldBeInRange
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf

/** PARITY.md section 2 (CTX): context construction and per-protocol defaults on [provider]. */
public fun parityCtxSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"
    fun ctx(protocol: Protocol) = TlsContext.create(protocol, provider)

    test("CTX-01 $p every available PROTOCOL_* keeps its protocol; unusable ones are refused; -1 and 42 are no protocol") {
        val prov = ctx(Protocol.PROTOCOL_TLS_CLIENT).provider()
        for (protocol in Protocol.values()) {
            val fixed = protocol.fixedVersion().orElse(null)
            if (fixed == null || fixed in prov.supportedVersions()) {
                ctx(protocol).protocol().get() shouldBe protocol
            } else {
                val e = shouldThrow<UnsupportedFeatureException> { ctx(protocol) }
                e.feature() shouldBe protocol.name
                e.provider() shouldBe provider
            }
        }
        // SSLContext(-1) / SSLContext(42): ValueError → no Protocol has that code
        Protocol.fromCode(-1).isPresent shouldBe false
        Protocol.fromCode(42).isPresent shouldBe false
        shouldThrow<NullPointerException> { TlsContext.create(null as Protocol?, provider) }
    }

    // [py] SSLContext() without argument: Java has no default argument; PROTOCOL_TLS is spelled out
    test("CTX-02 $p a PROTOCOL_TLS context is the seed's argument-less SSLContext, usable on both sides") {
        val c = ctx(Protocol.PROTOCOL_TLS)
        c.protocol().get() shouldBe Protocol.PROTOCOL_TLS
        Protocol.PROTOCOL_TLS.isClientOnly shouldBe false
        Protocol.PROTOCOL_TLS.isServerOnly shouldBe false
    }

    test("CTX-03 $p TLS_CLIENT verifies with hostname checks; TLS_SERVER and TLS verify nothing") {
        ctx(Protocol.PROTOCOL_TLS_CLIENT).let { it.verifyMode() to it.checkHostname() } shouldBe (VerifyMode.CERT_REQUIRED to true)
        ctx(Protocol.PROTOCOL_TLS_SERVER).let { it.verifyMode() to it.checkHostname() } shouldBe (VerifyMode.CERT_NONE to false)
        ctx(Protocol.PROTOCOL_TLS).let { it.verifyMode() to it.checkHostname() } shouldBe (VerifyMode.CERT_NONE to false)
    }

    test("CTX-04 $p default options are exactly OP_ALL | NO_SSLv2/v3 | NO_COMPRESSION | CIPHER_SERVER_PREFERENCE | SINGLE_*_USE | MIDDLEBOX_COMPAT") {
        val expected = Option.toBits(setOf(Option.OP_ALL, Option.OP_NO_SSLv2, Option.OP_NO_SSLv3, Option.OP_NO_COMPRESSION,
            Option.OP_CIPHER_SERVER_PREFERENCE, Option.OP_SINGLE_DH_USE, Option.OP_SINGLE_ECDH_USE,
            Option.OP_ENABLE_MIDDLEBOX_COMPAT))
        ctx(Protocol.PROTOCOL_TLS_CLIENT).optionBits() shouldBe expected
        expected shouldBe 0x82520050L
        (ctx(Protocol.PROTOCOL_TLS_CLIENT).optionBits() and 0x4L) shouldBe 0L // OP_LEGACY_SERVER_CONNECT not set
    }

    test("CTX-05 $p default verify_flags are VERIFY_DEFAULT | VERIFY_X509_TRUSTED_FIRST on client and server") {
        for (protocol in listOf(Protocol.PROTOCOL_TLS_CLIENT, Protocol.PROTOCOL_TLS_SERVER)) {
            VerifyFlag.toBits(ctx(protocol).verifyFlags()) shouldBe
                (VerifyFlag.VERIFY_DEFAULT.code() or VerifyFlag.VERIFY_X509_TRUSTED_FIRST.code())
        }
    }

    test("CTX-06 $p num_tickets is 2 by default; a server takes 1 and 0 where the backend can; -1 and a client are refused") {
        ctx(Protocol.PROTOCOL_TLS_CLIENT).numTickets() shouldBe 2
        val server = ctx(Protocol.PROTOCOL_TLS_SERVER)
        server.numTickets() shouldBe 2
        shouldThrow<IllegalArgumentException> { server.setNumTickets(-1) }
        shouldThrow<IllegalArgumentException> { ctx(Protocol.PROTOCOL_TLS_CLIENT).setNumTickets(1) }.message shouldContain "server context"
        if (Capability.TLS13_TICKET_COUNT in server.provider().capabilities()) {
            server.setNumTickets(1); server.numTickets() shouldBe 1
            server.setNumTickets(0); server.numTickets() shouldBe 0
        } else {
            val e = shouldThrow<UnsupportedFeatureException> { server.setNumTickets(1) }
            e.feature() shouldBe "num_tickets"
            e.provider() shouldBe provider
            server.numTickets() shouldBe 2
            dev.tlskit.tck.parity.Parity.refused(Capability.TLS13_TICKET_COUNT)
        }
    }

    test("CTX-07 $p security_level can be read and is in 0..5") {
        ctx(Protocol.PROTOCOL_TLS_CLIENT).securityLevel() shouldBeInRange 0..5
        ctx(Protocol.PROTOCOL_TLS_CLIENT).securityLevel() shouldBe 2
        ctx(Protocol.PROTOCOL_TLS_SERVER).apply { setCiphers("DEFAULT:@SECLEVEL=1") }.securityLevel() shouldBe 1
    }

    test("CTX-08 $p hostname_checks_common_name defaults to true and can be turned off with HAS_NEVER_CHECK_COMMON_NAME") {
        val c = ctx(Protocol.PROTOCOL_TLS_CLIENT)
        c.hostnameChecksCommonName() shouldBe true
        c.provider().capabilities() shouldContain Capability.HAS_NEVER_CHECK_COMMON_NAME
        c.setHostnameChecksCommonName(false)
        c.hostnameChecksCommonName() shouldBe false
        c.setHostnameChecksCommonName(true)
        c.hostnameChecksCommonName() shouldBe true
    }

    test("CTX-09 $p create_default_context(SERVER_AUTH) is a strict verifying client; cafile, capath and cadata load together") {
        val c = Tls.createDefaultContext(Purpose.SERVER_AUTH)
        c.protocol().get() shouldBe Protocol.PROTOCOL_TLS_CLIENT
        c.verifyMode() shouldBe VerifyMode.CERT_REQUIRED
        c.checkHostname() shouldBe true
        c.verifyFlags() shouldContainAll listOf(VerifyFlag.VERIFY_X509_PARTIAL_CHAIN, VerifyFlag.VERIFY_X509_STRICT)
        c.options() shouldContainAll listOf(Option.OP_NO_COMPRESSION, Option.OP_CIPHER_SERVER_PREFERENCE, Option.OP_NO_SSLv3)
        (c.optionBits() and 0x4L) shouldBe 0L
        val capath = parACapath(pki.intermediate)
        val all = Tls.createDefaultContext(Purpose.SERVER_AUTH, pki.root.certFile, capath, String(pki.otherRoot.certFile.toFile().readBytes()))
        all.certStoreStats()["x509_ca"] shouldBe 2 // capath entries count only once used
    }

    test("CTX-10 $p create_default_context(CLIENT_AUTH) is a TLS_SERVER context with CERT_NONE and the same options") {
        val c = Tls.createDefaultContext(Purpose.CLIENT_AUTH)
        c.protocol().get() shouldBe Protocol.PROTOCOL_TLS_SERVER
        c.verifyMode() shouldBe VerifyMode.CERT_NONE
        c.checkHostname() shouldBe false
        c.optionBits() shouldBe Tls.createDefaultContext(Purpose.SERVER_AUTH).optionBits()
    }

    // [py] _create_stdlib_context and sslsocket_class hooks map to explicit settings on TlsContext
    test("CTX-11 $p the stdlib-context shapes are explicit settings: TLS_CLIENT unverified, a fixed TLSv1_2 verifying one") {
        val stdlib = ctx(Protocol.PROTOCOL_TLS_CLIENT).apply { setCheckHostname(false); setVerifyMode(VerifyMode.CERT_NONE) }
        stdlib.verifyMode() shouldBe VerifyMode.CERT_NONE
        stdlib.checkHostname() shouldBe false
        val fixed = ctx(Protocol.PROTOCOL_TLSv1_2).apply { setVerifyMode(VerifyMode.CERT_REQUIRED); setCheckHostname(true) }
        fixed.protocol().get() shouldBe Protocol.PROTOCOL_TLSv1_2
        fixed.verifyMode() shouldBe VerifyMode.CERT_REQUIRED
        fixed.checkHostname() shouldBe true
        Tls.createDefaultContext(Purpose.CLIENT_AUTH).protocol().get() shouldBe Protocol.PROTOCOL_TLS_SERVER
    }

    test("CTX-12 $p session_stats of a fresh context has exactly the 11 keys, all 0") {
        val keys = setOf("number", "connect", "connect_good", "connect_renegotiate", "accept", "accept_good",
            "accept_renegotiate", "hits", "misses", "timeouts", "cache_full")
        for (protocol in listOf(Protocol.PROTOCOL_TLS_CLIENT, Protocol.PROTOCOL_TLS_SERVER)) {
            val stats = ctx(protocol).sessionStats()
            stats.keys shouldBe keys
            stats.values.toSet() shouldBe setOf(0L)
        }
    }

    test("CTX-13 $p load_dh_params and set_ecdh_curve check their arguments; applying them is a capability") {
        val c = ctx(Protocol.PROTOCOL_TLS_SERVER)
        shouldThrow<NullPointerException> { c.loadDhParams(null) }
        shouldThrow<TlsCredentialException> { c.loadDhParams(pki.directory.resolve("no-such-dh.pem")) }
            .kind() shouldBe TlsCredentialException.Kind.FILE_NOT_READABLE
        shouldThrow<TlsException> { c.loadDhParams(pki.localhost.certFile) }.shouldBeInstanceOf<TlsException>()
        shouldThrow<NullPointerException> { c.setEcdhCurve(null) }
        shouldThrow<IllegalArgumentException> { c.setEcdhCurve("foo") }
        if (Capability.NAMED_GROUP_SELECTION in c.provider().capabilities()) {
            c.setEcdhCurve("prime256v1")
        } else {
            val e = shouldThrow<UnsupportedFeatureException> { c.setEcdhCurve("prime256v1") }
            e.provider() shouldBe provider
            c.provider().capabilities() shouldNotContain Capability.NAMED_GROUP_SELECTION
        }
    }
}
