package dev.tlskit

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.util.EnumSet

/** The seed's SSLContext rules, which hold whatever the backend (run here on the test-only "fake" provider). */
class TlsContextRulesTest : FunSpec({
    fun ctx(p: Protocol) = TlsContext.create(p, "fake")

    test("PROTOCOL_TLS_CLIENT starts with CERT_REQUIRED and hostname checking on") {
        val c = ctx(Protocol.PROTOCOL_TLS_CLIENT)
        c.verifyMode() shouldBe VerifyMode.CERT_REQUIRED
        c.checkHostname() shouldBe true
        c.protocol().get() shouldBe Protocol.PROTOCOL_TLS_CLIENT
    }

    test("PROTOCOL_TLS_SERVER and PROTOCOL_TLS start with CERT_NONE and no hostname checking") {
        for (p in listOf(Protocol.PROTOCOL_TLS_SERVER, Protocol.PROTOCOL_TLS)) {
            val c = ctx(p)
            c.verifyMode() shouldBe VerifyMode.CERT_NONE
            c.checkHostname() shouldBe false
        }
    }

    test("every context starts at TLS 1.2 minimum, no maximum, with CPython's default options and verify flags") {
        val c = ctx(Protocol.PROTOCOL_TLS_CLIENT)
        c.minimumVersion() shouldBe TlsVersion.TLSv1_2
        c.maximumVersion() shouldBe TlsVersion.MAXIMUM_SUPPORTED
        c.optionBits() shouldBe 0x82520050L
        c.options() shouldContain Option.OP_NO_COMPRESSION
        c.options() shouldContain Option.OP_CIPHER_SERVER_PREFERENCE
        c.verifyFlags() shouldContainExactly setOf(VerifyFlag.VERIFY_X509_TRUSTED_FIRST)
        c.hostnameChecksCommonName() shouldBe true
    }

    test("turning check_hostname on raises CERT_NONE to CERT_REQUIRED but keeps CERT_OPTIONAL") {
        val c = ctx(Protocol.PROTOCOL_TLS)
        c.setCheckHostname(true)
        c.verifyMode() shouldBe VerifyMode.CERT_REQUIRED
        c.setCheckHostname(false)
        c.setVerifyMode(VerifyMode.CERT_OPTIONAL)
        c.setCheckHostname(true)
        c.verifyMode() shouldBe VerifyMode.CERT_OPTIONAL
    }

    test("CERT_NONE is refused while hostname checking is on, and allowed after it is turned off") {
        val c = ctx(Protocol.PROTOCOL_TLS_CLIENT)
        val e = shouldThrow<IllegalArgumentException> { c.setVerifyMode(VerifyMode.CERT_NONE) }
        e.message shouldContain "check_hostname"
        c.setCheckHostname(false)
        c.setVerifyMode(VerifyMode.CERT_NONE)
        c.verifyMode() shouldBe VerifyMode.CERT_NONE
    }

    test("the pyOpenSSL verify flags and the seed's verify mode are one setting") {
        val c = ctx(Protocol.PROTOCOL_TLS_SERVER)
        c.setVerify(EnumSet.of(PeerVerify.VERIFY_PEER), null)
        c.verifyMode() shouldBe VerifyMode.CERT_OPTIONAL
        c.setVerify(EnumSet.of(PeerVerify.VERIFY_PEER, PeerVerify.VERIFY_FAIL_IF_NO_PEER_CERT), null)
        c.verifyMode() shouldBe VerifyMode.CERT_REQUIRED
        c.setVerifyMode(VerifyMode.CERT_NONE)
        c.getVerifyMode() shouldBe EnumSet.noneOf(PeerVerify::class.java)
        shouldThrow<IllegalArgumentException> { c.setVerify(EnumSet.of(PeerVerify.VERIFY_FAIL_IF_NO_PEER_CERT), null) }
    }

    test("a minimum above the maximum is accepted as OpenSSL does, and the sentinels resolve to concrete bounds") {
        val c = ctx(Protocol.PROTOCOL_TLS_CLIENT)
        c.setMaximumVersion(TlsVersion.TLSv1_2)
        c.setMinimumVersion(TlsVersion.TLSv1_3)
        c.minimumVersion() shouldBe TlsVersion.TLSv1_3
        c.maximumVersion() shouldBe TlsVersion.TLSv1_2
        c.setMaximumVersion(TlsVersion.MINIMUM_SUPPORTED)
        c.maximumVersion() shouldBe TlsVersion.TLSv1
        c.setMinimumVersion(TlsVersion.MAXIMUM_SUPPORTED)
        c.minimumVersion() shouldBe TlsVersion.TLSv1_3
    }

    test("a fixed-version protocol refuses version bounds and reports MINIMUM/MAXIMUM_SUPPORTED") {
        val c = ctx(Protocol.PROTOCOL_TLSv1_2)
        c.minimumVersion() shouldBe TlsVersion.MINIMUM_SUPPORTED
        c.maximumVersion() shouldBe TlsVersion.MAXIMUM_SUPPORTED
        shouldThrow<IllegalArgumentException> { c.setMinimumVersion(TlsVersion.TLSv1_2) }.message shouldContain
            "doesn't support modification"
    }

    test("a protocol the provider cannot speak is refused at creation, naming feature and provider") {
        val e = shouldThrow<UnsupportedFeatureException> { TlsContext.create(Protocol.PROTOCOL_TLSv1, "fake") }
        e.feature() shouldBe "PROTOCOL_TLSv1"
        e.provider() shouldBe "fake"
    }

    test("pyOpenSSL's set_min_proto_version(0) means no lower bound") {
        val c = TlsContext.create(Method.TLS_METHOD, "fake")
        c.setMinProtoVersion(0)
        c.minimumVersion() shouldBe TlsVersion.MINIMUM_SUPPORTED
        c.setMaxProtoVersion(TlsVersion.TLSv1_3.code())
        c.maximumVersion() shouldBe TlsVersion.TLSv1_3
    }

    test("an option the provider cannot honour is refused, and one it always applies cannot be cleared") {
        val c = ctx(Protocol.PROTOCOL_TLS_CLIENT)
        val e = shouldThrow<UnsupportedFeatureException> { c.addOptions(Option.OP_NO_TICKET.code()) }
        e.feature() shouldBe "OP_NO_TICKET"
        shouldThrow<UnsupportedFeatureException> { c.clearOptions(Option.OP_NO_COMPRESSION.code()) }
        c.optionBits() shouldBe 0x82520050L
        c.addOptions(Option.OP_NO_TLSv1_2.code()) shouldBe (0x82520050L or Option.OP_NO_TLSv1_2.code())
        c.options() shouldContain Option.OP_NO_TLSv1_2
    }

    test("ALPN names must be 1 to 255 bytes") {
        val c = ctx(Protocol.PROTOCOL_TLS_CLIENT)
        shouldThrow<TlsException> { c.setAlpnProtocols(listOf("")) }.message shouldContain "1 to 255"
        shouldThrow<TlsException> { c.setAlpnProtocols(listOf("x".repeat(256))) }
        c.setAlpnProtocols(listOf("h2", "http/1.1"))
        c.alpnProtocols() shouldBe listOf("h2", "http/1.1")
    }

    test("wrap rules: host names only on clients, check_hostname needs one, contexts keep to their side") {
        val client = ctx(Protocol.PROTOCOL_TLS_CLIENT)
        shouldThrow<IllegalArgumentException> { client.wrapBio(MemoryBio(), MemoryBio(), false, null) }.message shouldBe
            "check_hostname requires server_hostname"
        shouldThrow<IllegalArgumentException> { client.wrapBio(MemoryBio(), MemoryBio(), false, "") }
        shouldThrow<IllegalArgumentException> { client.wrapBio(MemoryBio(), MemoryBio(), false, ".example.org") }
        shouldThrow<IllegalArgumentException> { client.wrapBio(MemoryBio(), MemoryBio(), false, "a\u0000b") }
        shouldThrow<TlsException> { client.wrapBio(MemoryBio(), MemoryBio(), true, null) }.message shouldContain
            "Cannot create a server socket with a PROTOCOL_TLS_CLIENT context"
        val server = ctx(Protocol.PROTOCOL_TLS_SERVER)
        shouldThrow<IllegalArgumentException> { server.wrapBio(MemoryBio(), MemoryBio(), true, "x") }
        shouldThrow<TlsException> { server.wrapBio(MemoryBio(), MemoryBio(), false, null) }.message shouldContain
            "Cannot create a client socket"
    }

    test("U-label host names are normalised to their A-label") {
        val c = ctx(Protocol.PROTOCOL_TLS_CLIENT)
        val conn = c.wrapBio(MemoryBio(), MemoryBio(), false, "könig.idn.pythontest.net")
        conn.serverHostname().get() shouldBe "xn--knig-5qa.idn.pythontest.net"
    }

    test("load_verify_locations with nothing to load is refused") {
        shouldThrow<IllegalArgumentException> { ctx(Protocol.PROTOCOL_TLS_CLIENT).loadVerifyLocations(null, null, null as String?) }
            .message shouldBe "cafile, capath and cadata cannot be all omitted"
    }

    test("MemoryBio.transferTo moves every byte in order, by swapping storage into an empty target and copying otherwise") {
        val a = MemoryBio()
        val b = MemoryBio()
        a.write("hello ".toByteArray())
        a.transferTo(b) shouldBe 6
        a.pending() shouldBe 0
        a.write("world".toByteArray())
        a.transferTo(b) shouldBe 5
        String(b.read()) shouldBe "hello world"
        a.write("x".toByteArray())
        b.writeEof()
        shouldThrow<IllegalStateException> { a.transferTo(b) }
        a.pending() shouldBe 1
        shouldThrow<IllegalStateException> { a.transferTo(a) }
    }

    test("a MemoryBio refuses writes after write_eof and reports eof only once drained") {
        val bio = MemoryBio()
        bio.write(byteArrayOf(1, 2, 3))
        bio.writeEof()
        bio.eof() shouldBe false
        shouldThrow<IllegalStateException> { bio.write(byteArrayOf(4)) }
        bio.read(2).toList() shouldBe listOf<Byte>(1, 2)
        bio.pending() shouldBe 1
        bio.read().toList() shouldBe listOf<Byte>(3)
        bio.eof() shouldBe true
    }

    test("get_verify_depth is -1 (OpenSSL's unset) until set_verify_depth, which takes any int as pyOpenSSL does") {
        val c = ctx(Protocol.PROTOCOL_TLS_CLIENT)
        c.verifyDepth shouldBe -1
        c.setVerifyDepth(3)
        c.verifyDepth shouldBe 3
        c.setVerifyDepth(-5)
        c.verifyDepth shouldBe -5
    }

    test("VERIFY_ALLOW_PROXY_CERTS is refused at setVerifyFlags, naming the flag and the provider, and changes nothing") {
        val c = ctx(Protocol.PROTOCOL_TLS_CLIENT)
        val e = shouldThrow<UnsupportedFeatureException> {
            c.setVerifyFlags(EnumSet.of(VerifyFlag.VERIFY_ALLOW_PROXY_CERTS, VerifyFlag.VERIFY_X509_STRICT))
        }
        e.feature() shouldBe "VERIFY_ALLOW_PROXY_CERTS"
        e.provider() shouldBe "fake"
        e.message!! shouldContain "RFC 3820"
        c.verifyFlags() shouldContainExactly setOf(VerifyFlag.VERIFY_X509_TRUSTED_FIRST)
    }

    test("write modes start as pyOpenSSL's (0x7) or CPython's connections' (0x6); set_mode adds, clear_mode removes, other bits and clearing AUTO_RETRY are refused") {
        val py = TlsContext.create(Method.TLS_METHOD, "fake")
        py.mode() shouldBe 0x7L
        ctx(Protocol.PROTOCOL_TLS_CLIENT).mode() shouldBe 0x6L
        py.clearMode(Mode.ACCEPT_MOVING_WRITE_BUFFER.code() or 0x100L) shouldBe 0x5L
        py.setMode(Mode.ACCEPT_MOVING_WRITE_BUFFER.code()) shouldBe 0x7L
        val unknown = shouldThrow<UnsupportedFeatureException> { py.setMode(0x10L or Mode.ENABLE_PARTIAL_WRITE.code()) }
        unknown.feature() shouldBe "mode 0x10"
        unknown.provider() shouldBe "fake"
        val retry = shouldThrow<UnsupportedFeatureException> { py.clearMode(Mode.AUTO_RETRY.code()) }
        retry.message!! shouldContain "AUTO_RETRY"
        py.mode() shouldBe 0x7L
    }

    test("a handshake timeout must be positive; null means none, and every with-method keeps it") {
        shouldThrow<IllegalArgumentException> { WrapOptions.server().withHandshakeTimeout(java.time.Duration.ZERO) }
            .message!! shouldContain "positive"
        shouldThrow<IllegalArgumentException> { WrapOptions.server().withHandshakeTimeout(java.time.Duration.ofSeconds(-1)) }
        WrapOptions.server().handshakeTimeout() shouldBe null
        val limited = WrapOptions.client("h").withHandshakeTimeout(java.time.Duration.ofSeconds(3))
        limited.withSuppressRaggedEofs(false).withDoHandshakeOnConnect(false).withTcpNoDelay(false)
            .handshakeTimeout() shouldBe java.time.Duration.ofSeconds(3)
    }

    test("a server sends no client CA names until told, like OpenSSL; set_client_ca_list replaces, add_client_ca appends") {
        val c = ctx(Protocol.PROTOCOL_TLS_SERVER)
        c.clientCaList() shouldBe emptyList()
        c.setClientCaList(listOf(javax.security.auth.x500.X500Principal("CN=A"), javax.security.auth.x500.X500Principal("CN=B")))
        c.clientCaList().map { it.name } shouldContainExactly listOf("CN=A", "CN=B")
        c.setClientCaList(listOf(javax.security.auth.x500.X500Principal("CN=C")))
        c.clientCaList().map { it.name } shouldContainExactly listOf("CN=C")
    }
})
