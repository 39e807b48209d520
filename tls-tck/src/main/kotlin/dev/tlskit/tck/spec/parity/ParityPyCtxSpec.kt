package dev.tlskit.tck.spec.parity

import dev.tlskit.Capability
import dev.tlskit.FileType
import dev.tlskit.Method
import dev.tlskit.Option
import dev.tlskit.PeerVerify
import dev.tlskit.SessionCacheMode
import dev.tlskit.Tls
import dev.tlskit.TlsContext
import dev.tlskit.TlsCredentialException
import dev.tlskit.TlsException
import dev.tlskit.UnsupportedFeatureException
import dev.tlskit.tck.Processes
import dev.tlskit.tck.parity.Parity
import dev.tlskit.tck.spec.MemoryPair
import dev.tlskit.tck.spec.pki
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.nio.file.Files
import java.nio.file.Path
import java.util.EnumSet

private val pyPeerRequired = EnumSet.of(PeerVerify.VERIFY_PEER, PeerVerify.VERIFY_FAIL_IF_NO_PEER_CERT)

/** A pyOpenSSL-style server context (TLS_METHOD) presenting `pki.localhost` from its chain file. */
private fun pyServer(provider: String): TlsContext = TlsContext.create(Method.TLS_METHOD, provider).apply {
    useCertificateChainFile(pki.localhost.chainFile)
    usePrivateKeyFile(pki.localhost.keyFile, FileType.FILETYPE_PEM)
}

/** A pyOpenSSL-style client/server pair of memory connections over two Method contexts. */
private fun pyPair(client: TlsContext, server: TlsContext): MemoryPair = MemoryPair(
    client.newConnection().apply { setConnectState(); setTlsextHostName("localhost") },
    server.newConnection().apply { setAcceptState() },
)

private fun missing(): Path = Files.createTempDirectory("tlskit-parity-").resolve("does-not-exist.pem")

/** pyOpenSSL `Context` (PARITY.md section 23) on [provider]. */
public fun parityPyCtxSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"

    test("PCTX-01 $p Context(method) works for SSLv23/TLS and TLSv1_2 methods; a fixed old version is made or refused by name; an unknown code is no method") {
        for (m in listOf(Method.SSLv23_METHOD, Method.TLS_METHOD, Method.TLSv1_2_METHOD)) {
            TlsContext.create(m, provider).method().get() shouldBe m
        }
        val refusedOld = mutableListOf<String>()
        for (m in listOf(Method.TLSv1_METHOD, Method.TLSv1_1_METHOD)) {
            try {
                TlsContext.create(m, provider).method().get() shouldBe m
            } catch (e: UnsupportedFeatureException) {
                e.feature() shouldBe m.name
                e.provider() shouldBe provider
                refusedOld += m.name
            }
        }
        // Context(13) -> ValueError: no Method has that code; Context("") -> TypeError: a null method is refused.
        Method.fromCode(13).isPresent shouldBe false
        shouldThrow<NullPointerException> { TlsContext.create(null as Method?, provider) }
        if (refusedOld.isNotEmpty()) Parity.refused("$refusedOld disabled by the platform's TLS policy")
    }

    test("PCTX-02 $p a missing file raises a typed error from use_privatekey_file, use_certificate_file, use_certificate_chain_file, load_tmp_dh and load_verify_locations") {
        val ctx = TlsContext.create(Method.TLS_METHOD, provider)
        val calls = listOf<(Path) -> Unit>(
            { ctx.usePrivateKeyFile(it, FileType.FILETYPE_PEM) },
            { ctx.useCertificateFile(it, FileType.FILETYPE_PEM) },
            { ctx.useCertificateChainFile(it) },
            { ctx.loadDhParams(it) },
            { ctx.loadVerifyLocations(it) },
        )
        for (call in calls) {
            val f = missing()
            val e = shouldThrow<TlsCredentialException> { call(f) }
            e.kind() shouldBe TlsCredentialException.Kind.FILE_NOT_READABLE
            e.message!! shouldContain f.fileName.toString()
        }
    }

    test("PCTX-03 $p argument typing: a missing path, filetype or CA list is refused up front") {
        // [py] bytes/str paths and wrong Python types map to Kotlin/Java types; the remaining misuse is a null argument.
        val ctx = TlsContext.create(Method.TLS_METHOD, provider)
        shouldThrow<NullPointerException> { ctx.usePrivateKeyFile(null, FileType.FILETYPE_PEM) }
        shouldThrow<NullPointerException> { ctx.useCertificateFile(null, FileType.FILETYPE_PEM) }
        shouldThrow<NullPointerException> { ctx.useCertificateChainFile(null) }
        shouldThrow<NullPointerException> { ctx.setClientCaList(null) }
        shouldThrow<NullPointerException> { ctx.addClientCa(null) }
        shouldThrow<NullPointerException> { ctx.setSessionCacheMode(null) }
        ctx.identities().shouldBeEmpty()
        ctx.clientCaList().shouldBeEmpty()
    }

    test("PCTX-04 $p check_privatekey passes a matching pair; a key that does not match the certificate is refused") {
        val good = pyServer(provider)
        good.checkPrivateKey()
        val bad = TlsContext.create(Method.TLS_METHOD, provider)
        bad.useCertificateFile(pki.localhost.certFile, FileType.FILETYPE_PEM)
        val e = shouldThrow<TlsCredentialException> { bad.usePrivateKeyFile(pki.client.keyFile, FileType.FILETYPE_PEM) }
        e.kind() shouldBe TlsCredentialException.Kind.KEY_MISMATCH
        e.reason().get() shouldBe "KEY_VALUES_MISMATCH"
        shouldThrow<TlsCredentialException> { bad.checkPrivateKey() }.kind() shouldBe TlsCredentialException.Kind.KEY_MISMATCH
        bad.identities().shouldBeEmpty()
    }

    test("PCTX-05 $p set_options returns the new bitmask; set_timeout and set_verify_depth read back") {
        val ctx = TlsContext.create(Method.TLS_METHOD, provider)
        val before = ctx.optionBits()
        val after = ctx.addOptions(Option.OP_NO_COMPRESSION.code())
        after shouldBe (before or Option.OP_NO_COMPRESSION.code())
        ctx.optionBits() shouldBe after
        ctx.setTimeout(1234)
        ctx.getTimeout() shouldBe 1234L
        ctx.setVerifyDepth(11)
        ctx.getVerifyDepth() shouldBe 11
    }

    test("PCTX-06 $p set_passwd_cb: called once with (maxlen, verify) per encrypted key; its exception, an empty or a missing password fail the load; a longer result is cut to maxlen") {
        val ctx = TlsContext.create(Method.TLS_METHOD, provider)
        shouldThrow<NullPointerException> { ctx.setPasswdCb(null) }
        val calls = mutableListOf<Pair<Int, Boolean>>()
        ctx.setPasswdCb { max, verify -> calls += max to verify; dev.tlskit.tck.TestPki.KEY_PASSWORD.toByteArray() }
        ctx.usePrivateKeyFile(pki.localhost.keyFile, FileType.FILETYPE_PEM) // not encrypted: no call
        calls shouldBe emptyList()
        ctx.usePrivateKeyFile(pki.localhostEncryptedKeyFile, FileType.FILETYPE_PEM)
        calls shouldBe listOf(1024 to false)

        val boom = IllegalStateException("passwd callback failed on purpose")
        ctx.setPasswdCb { _, _ -> throw boom }
        shouldThrow<IllegalStateException> { ctx.usePrivateKeyFile(pki.localhostEncryptedKeyFile, FileType.FILETYPE_PEM) } shouldBe boom
        ctx.setPasswdCb { _, _ -> ByteArray(0) }
        shouldThrow<TlsCredentialException> { ctx.usePrivateKeyFile(pki.localhostEncryptedKeyFile, FileType.FILETYPE_PEM) }
        ctx.setPasswdCb { _, _ -> null }
        shouldThrow<IllegalArgumentException> { ctx.usePrivateKeyFile(pki.localhostEncryptedKeyFile, FileType.FILETYPE_PEM) }

        val longPass = "x".repeat(1024)
        val longKey = Files.createTempFile("tlskit-longpass-", ".pem")
        Files.writeString(longKey, dev.tlskit.tck.CertificateFactory().encryptedPkcs8Pem(pki.localhost.privateKey, longPass))
        val fresh = TlsContext.create(Method.TLS_METHOD, provider).apply {
            useCertificateFile(pki.localhost.certFile, FileType.FILETYPE_PEM)
            setPasswdCb { _, _ -> (longPass + "y").toByteArray() }
        }
        fresh.usePrivateKeyFile(longKey, FileType.FILETYPE_PEM)
        fresh.checkPrivateKey()
    }

    test("PCTX-07 $p a TLS 1.3-minimum server and a TLS 1.2-maximum client fail with unsupported protocol; max 0 means no limit") {
        val server = pyServer(provider).apply { setMinProtoVersion(0x0304) }
        val client = TlsContext.create(Method.TLS_METHOD, provider).apply { setMaxProtoVersion(0x0303) }
        val o = pyPair(client, server).handshakeOutcome()
        val e = o.server.shouldBeInstanceOf<TlsException>()
        withClue(e.toString()) { Regex("(?i)unsupported.protocol").containsMatchIn(e.message!!) shouldBe true }
        e.reason().get() shouldBe "UNSUPPORTED_PROTOCOL"
        o.client.shouldBeInstanceOf<TlsException>()

        val server2 = pyServer(provider).apply { setMinProtoVersion(0x0304) }
        val client2 = TlsContext.create(Method.TLS_METHOD, provider).apply { setMaxProtoVersion(0) }
        val pair = pyPair(client2, server2)
        pair.handshake()
        pair.client.version().get() shouldBe "TLSv1.3"
    }

    test("PCTX-08 $p load_verify_locations trusts a cafile or a capath of hashed names; the peer cert reads the root's subject") {
        val hash = Processes.run(listOf("openssl", "x509", "-hash", "-noout", "-in", pki.root.certFile.toString()))
            .stdoutText.trim()
        val capath = Files.createTempDirectory("tlskit-capath-")
        Files.copy(pki.root.certFile, capath.resolve("$hash.0"))
        for (trust in listOf<(TlsContext) -> Unit>({ it.loadVerifyLocations(pki.root.certFile) },
            { it.loadVerifyLocations(null, capath, null as String?) })) {
            val client = TlsContext.create(Method.TLS_METHOD, provider).apply { setVerify(pyPeerRequired, null); trust(this) }
            val pair = pyPair(client, pyServer(provider))
            pair.handshake()
            val anchor = pair.client.getVerifiedChain().last()
            anchor.subjectX500Principal shouldBe pki.root.certificate.subjectX500Principal
            anchor.subjectX500Principal.getName(javax.security.auth.x500.X500Principal.RFC2253) shouldContain "CN=tlskit Test Root CA"
        }
    }

    test("PCTX-09 $p set_default_verify_paths loads the platform CAs named by get_default_verify_paths") {
        val paths = Tls.getDefaultVerifyPaths()
        val ctx = TlsContext.create(Method.TLS_METHOD, provider)
        ctx.setDefaultVerifyPaths()
        val file = paths.cafile()?.let { Path.of(it) }
        if (file != null && Files.isRegularFile(file)) {
            ctx.caCertificates().isNotEmpty() shouldBe true
        } else {
            Parity.refused("no platform CA file on this machine")
        }
    }

    test("PCTX-10 $p use_certificate_chain_file makes the server send its chain; a client trusting only the root with VERIFY_PEER|FAIL_IF_NO_PEER_CERT succeeds") {
        val client = TlsContext.create(Method.TLS_METHOD, provider).apply {
            setVerify(pyPeerRequired, null)
            loadVerifyLocations(pki.root.certFile)
        }
        val pair = pyPair(client, pyServer(provider))
        pair.handshake()
        pair.client.getPeerCertChain().map { it.subjectX500Principal } shouldBe pki.localhost.chain.map { it.subjectX500Principal }
    }

    test("PCTX-11 $p set_session_cache_mode returns the previous mode; a session id context over 32 bytes is refused as too long") {
        val ctx = pyServer(provider)
        val caps = ctx.provider().capabilities()
        if (Capability.SERVER_SESSION_CACHE_CONTROL in caps) {
            ctx.setSessionCacheMode(EnumSet.of(SessionCacheMode.SESS_CACHE_OFF))
            ctx.setSessionCacheMode(EnumSet.of(SessionCacheMode.SESS_CACHE_BOTH)) shouldBe EnumSet.noneOf(SessionCacheMode::class.java)
            SessionCacheMode.toBits(ctx.getSessionCacheMode()) shouldBe SessionCacheMode.SESS_CACHE_BOTH.code()
        } else {
            val e = shouldThrow<UnsupportedFeatureException> { ctx.setSessionCacheMode(EnumSet.of(SessionCacheMode.SESS_CACHE_OFF)) }
            e.provider() shouldBe provider
            ctx.setSessionCacheMode(EnumSet.of(SessionCacheMode.SESS_CACHE_BOTH)) shouldBe EnumSet.of(SessionCacheMode.SESS_CACHE_SERVER)
            SessionCacheMode.toBits(ctx.getSessionCacheMode()) shouldBe SessionCacheMode.SESS_CACHE_BOTH.code()
        }
        ctx.setSessionIdContext("abc".toByteArray())
        val e = shouldThrow<TlsException> { ctx.setSessionIdContext(ByteArray(3000)) }
        e.message!! shouldContain "ssl session id context too long"
        e.reason().get() shouldBe "SSL_SESSION_ID_CONTEXT_TOO_LONG"
        ctx.sessionIdContext().toList() shouldBe "abc".toByteArray().toList()
        if (Capability.SERVER_SESSION_CACHE_CONTROL !in caps) Parity.refused(Capability.SERVER_SESSION_CACHE_CONTROL)
    }

    test("PCTX-12 $p load_client_ca accepts a PEM file; an empty file is a PEM error") {
        val ctx = pyServer(provider)
        ctx.loadClientCa(pki.root.certFile)
        ctx.clientCaList() shouldBe listOf(pki.root.certificate.subjectX500Principal)
        val empty = Files.createTempFile("tlskit-empty-", ".pem")
        val e = shouldThrow<TlsCredentialException> { ctx.loadClientCa(empty) }
        e.kind() shouldBe TlsCredentialException.Kind.NO_CERTIFICATE
        ctx.clientCaList() shouldBe listOf(pki.root.certificate.subjectX500Principal)
    }

    test("PCTX-13 $p client CA list: the server's list before and after the handshake, the client's empty then the list; set replaces, add appends") {
        val server = pyServer(provider).apply {
            setVerify(EnumSet.of(PeerVerify.VERIFY_PEER), null)
            setClientCaList(listOf(pki.intermediate.certificate.subjectX500Principal))
            setClientCaList(listOf(pki.root.certificate.subjectX500Principal))
            addClientCa(pki.otherRoot.certificate)
        }
        val expected = listOf(pki.root.certificate.subjectX500Principal, pki.otherRoot.certificate.subjectX500Principal)
        val mutable = mutableListOf(pki.root.certificate.subjectX500Principal)
        val other = pyServer(provider).apply { setClientCaList(mutable) }
        mutable.clear()
        other.clientCaList() shouldBe listOf(pki.root.certificate.subjectX500Principal)

        val pair = pyPair(TlsContext.create(Method.TLS_METHOD, provider), server)
        pair.server.getClientCaList() shouldBe expected
        pair.client.getClientCaList().shouldBeEmpty()
        pair.handshake()
        pair.server.getClientCaList() shouldBe expected
        pair.client.getClientCaList() shouldBe expected

        val none = pyServer(provider).apply { setVerify(EnumSet.of(PeerVerify.VERIFY_PEER), null); setClientCaList(emptyList()) }
        val pair2 = pyPair(TlsContext.create(Method.TLS_METHOD, provider), none)
        pair2.handshake()
        pair2.server.getClientCaList().shouldBeEmpty()
        pair2.client.getClientCaList().shouldBeEmpty()
    }

    test("PCTX-15 $p set_tlsext_use_srtp refuses a bogus profile as an error, and a valid one by feature and provider") {
        val ctx = TlsContext.create(Method.TLS_METHOD, provider)
        shouldThrow<TlsException> { ctx.setTlsextUseSrtp("SRTP_BOGUS") }.reason().get() shouldBe "SRTP_COULD_NOT_ALLOCATE_PROFILES"
        val e = shouldThrow<UnsupportedFeatureException> { ctx.setTlsextUseSrtp("SRTP_AES128_CM_SHA1_80") }
        e.feature() shouldContain "set_tlsext_use_srtp"
        e.provider() shouldBe provider
        Parity.refused("DTLS-SRTP: tlskit has no DTLS transport")
    }

    test("PCTX-14 $p load_tmp_dh and set_tmp_ecdh are applied or refused by name") {
        val ctx = pyServer(provider)
        val dh = Files.createTempFile("tlskit-dh-", ".pem")
        Processes.run(listOf("openssl", "genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "dh_param:ffdhe2048", "-out", dh.toString()))
            .exitCode shouldBe 0
        val caps = ctx.provider().capabilities()
        try {
            ctx.loadDhParams(dh)
            ctx.setEcdhCurve("prime256v1")
        } catch (e: UnsupportedFeatureException) {
            e.provider() shouldBe provider
            (e.feature() == "load_dh_params" || e.feature() == "set_ecdh_curve") shouldBe true
            if (e.feature() == "load_dh_params") Capability.DH_PARAMETERS.let { (it in caps) shouldBe false }
            Parity.refused("${e.feature()}: ${e.message}")
        }
    }
    test("PCTX-17 $p a Context that created a Connection refuses every change; a fresh one (and a CPython-style context) still accepts them") {
        val ctx = pyServer(provider)
        ctx.setVerifyDepth(3)
        ctx.newConnection()
        val changes = listOf<() -> Unit>(
            { ctx.setVerifyDepth(5) }, { ctx.loadVerifyLocations(pki.root.certFile) }, { ctx.setAlpnProtocols(listOf("h2")) },
            { ctx.setTimeout(10) }, { ctx.addOptions(Option.OP_NO_COMPRESSION.code()) },
            { ctx.usePrivateKeyFile(pki.localhost.keyFile, FileType.FILETYPE_PEM) },
        )
        for (change in changes) {
            shouldThrow<IllegalStateException> { change() }.message!! shouldContain
                "Context has already been used to create a Connection, it cannot be mutated again"
        }
        ctx.getVerifyDepth() shouldBe 3
        ctx.caCertificates().shouldBeEmpty()
        pyServer(provider).setVerifyDepth(5)
        val cpython = dev.tlskit.tck.spec.serverContext(provider)
        cpython.wrapBio(dev.tlskit.MemoryBio(), dev.tlskit.MemoryBio(), true, null)
        cpython.setTimeout(10)
        cpython.getTimeout() shouldBe 10L
    }
}
