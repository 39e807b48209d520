package dev.tlskit.tck.spec.parity

import dev.tlskit.Capability
import dev.tlskit.MemoryBio
import dev.tlskit.Method
import dev.tlskit.MsgCallback
import dev.tlskit.OcspClientCallback
import dev.tlskit.OcspServerCallback
import dev.tlskit.Protocol
import dev.tlskit.PskClientCallback
import dev.tlskit.PskServerCallback
import dev.tlskit.Purpose
import dev.tlskit.Tls
import dev.tlskit.TlsContext
import dev.tlskit.TlsException
import dev.tlskit.UnsupportedFeatureException
import dev.tlskit.WrapOptions
import dev.tlskit.tck.OpenSslServer
import dev.tlskit.tck.OpenSslServerOptions
import dev.tlskit.tck.Processes
import dev.tlskit.tck.parity.Parity
import dev.tlskit.tck.spec.MemoryPair
import dev.tlskit.tck.spec.clientContext
import dev.tlskit.tck.spec.pki
import dev.tlskit.tck.spec.serverContext
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.collections.shouldNotContain
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldNotBeInstanceOf
import dev.tlskit.TlsConnection
import dev.tlskit.tck.PeerTlsVersion
import io.kotest.matchers.types.shouldBeInstanceOf
import java.net.InetAddress
import java.util.Date
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicInteger
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder
import org.bouncycastle.cert.ocsp.CertificateID
import org.bouncycastle.cert.ocsp.CertificateStatus
import org.bouncycastle.cert.ocsp.OCSPRespBuilder
import org.bouncycastle.cert.ocsp.jcajce.JcaBasicOCSPRespBuilder
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder
import java.net.Socket
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

private val anyMsgCallback = MsgCallback { _, _, _, _, _, _ -> }
private val anyOcspServer = OcspServerCallback { _, _ -> ByteArray(0) }
private val anyPskClient = PskClientCallback { _, _ -> PskClientCallback.Psk("client", ByteArray(16)) }
private val anyPskServer = PskServerCallback { _, _ -> ByteArray(16) }

/**
 * Runs [KeylogEnvProbe] in a child JVM with `SSLKEYLOGFILE` set (an environment variable cannot be set inside this
 * one) and returns its output: standard output, then standard error.
 */
private fun runKeylogProbe(provider: String, keylog: Path): Pair<String, String> {
    val java = Paths.get(System.getProperty("java.home"), "bin", "java").toString()
    val r = Processes.run(
        listOf(java, "-cp", System.getProperty("java.class.path"), "-Dtlskit.provider=$provider",
            KeylogEnvProbe::class.java.name, provider),
        environment = mapOf("SSLKEYLOGFILE" to keylog.toString()),
    )
    r.exitCode shouldBe 0
    return r.stdoutText to r.stderrText
}

/**
 * PARITY.md sections 21 (DBG: key log and message callback), 22 (PSK) and 32 (POCSP: pyOpenSSL's OCSP stapling
 * callbacks). No current backend has [Capability.KEYLOG], [Capability.MSG_CALLBACK], [Capability.HAS_PSK] or
 * [Capability.OCSP_STAPLING_SERVER]: those lines assert the refusal (typed, naming feature and provider). The client
 * side of OCSP stapling is checked against `openssl s_server -status_file` on every backend.
 */
public fun parityDebugPskOcspSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"
    val caps by lazy { clientContext(provider).provider().capabilities() }

    // ---------------------------------------------------------------- DBG

    test("DBG-01 $p keylog_filename defaults to None; None is accepted; a file or a directory is refused without KEYLOG") {
        caps shouldNotContain Capability.KEYLOG
        val ctx = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider)
        ctx.keylogFilename().shouldBeNull()
        ctx.setKeylogFilename(null)
        val dir = Files.createTempDirectory("tlskit-keylog-")
        try {
            val file = dir.resolve("keys.log")
            shouldBeRefused(provider, "keylog_filename") { ctx.setKeylogFilename(file) }
            Files.exists(file) shouldBe false // no header, no file: nothing half done
            shouldBeRefused(provider, "keylog_filename") { ctx.setKeylogFilename(dir) }
            ctx.keylogFilename().shouldBeNull()
        } finally {
            Files.walk(dir).sorted(Comparator.reverseOrder()).forEach(Files::delete)
        }
        Parity.refused(Capability.KEYLOG)
    }

    test("DBG-02 $p TLS 1.3 client and server handshakes append NSS key-log lines") {
        caps shouldNotContain Capability.KEYLOG
        val file = Files.createTempFile("tlskit-keylog-", ".log")
        try {
            shouldBeRefused(provider, "keylog_filename") { clientContext(provider).setKeylogFilename(file) }
            shouldBeRefused(provider, "keylog_filename") { serverContext(provider).setKeylogFilename(file) }
            MemoryPair.of(clientContext(provider), serverContext(provider)).handshake()
            Files.size(file) shouldBe 0L
        } finally {
            Files.deleteIfExists(file)
        }
        Parity.refused(Capability.KEYLOG)
    }

    test("DBG-03 $p SSLKEYLOGFILE reaches create_default_context only, which warns instead of logging without KEYLOG") {
        caps shouldNotContain Capability.KEYLOG
        val file = Files.createTempFile("tlskit-keylog-env-", ".log")
        try {
            val (out, err) = runKeylogProbe(provider, file)
            out.lines() shouldBe listOf("plain=null", "default=null", "")
            val warning = err.lines().filter { it.contains("SSLKEYLOGFILE") }
            warning.size shouldBe 1 // once, from createDefaultContext; TlsContext.create does not read it
            warning.single() shouldContain "'$provider' provider cannot log TLS secrets"
            Files.size(file) shouldBe 0L
        } finally {
            Files.deleteIfExists(file)
        }
        Parity.refused(Capability.KEYLOG)
    }

    // [py] _msg_callback: Java's MsgCallback type stands for "a callable" (a non-callable does not compile: TypeError)
    test("DBG-04 $p the message callback defaults to None, None is accepted, a callback is refused without MSG_CALLBACK") {
        caps shouldNotContain Capability.MSG_CALLBACK
        val ctx = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider)
        ctx.msgCallback().shouldBeNull()
        ctx.setMsgCallback(null)
        shouldBeRefused(provider, "_msg_callback") { ctx.setMsgCallback(anyMsgCallback) }
        ctx.msgCallback().shouldBeNull()
        Parity.refused(Capability.MSG_CALLBACK)
    }

    test("DBG-05 $p the message callback sees TLS 1.2 SERVER_KEY_EXCHANGE read and CHANGE_CIPHER_SPEC written") {
        caps shouldNotContain Capability.MSG_CALLBACK
        shouldBeRefused(provider, "_msg_callback") { clientContext(provider).setMsgCallback(anyMsgCallback) }
        shouldBeRefused(provider, "_msg_callback") { serverContext(provider).setMsgCallback(anyMsgCallback) }
        Parity.refused(Capability.MSG_CALLBACK)
    }

    // ---------------------------------------------------------------- PSK

    test("PSK-01 $p TLS 1.2 PSK with client and server callbacks") {
        caps shouldNotContain Capability.HAS_PSK
        shouldBeRefused(provider, "set_psk_client_callback") { clientContext(provider).setPskClientCallback(anyPskClient) }
        shouldBeRefused(provider, "set_psk_server_callback") { serverContext(provider).setPskServerCallback(anyPskServer, "hint") }
        Parity.refused(Capability.HAS_PSK)
    }

    test("PSK-02 $p a PSK server callback on a client context, or a client callback on a server context, is an SSLError") {
        val onClient = shouldThrow<TlsException> { clientContext(provider).setPskServerCallback(anyPskServer, null) }
        onClient.shouldNotBeInstanceOf<UnsupportedFeatureException>()
        onClient.message shouldContain "Cannot add PSK server callback"
        val onServer = shouldThrow<TlsException> { serverContext(provider).setPskClientCallback(anyPskClient) }
        onServer.shouldNotBeInstanceOf<UnsupportedFeatureException>()
        onServer.message shouldContain "Cannot add PSK client callback"
        // pyOpenSSL's method-made contexts follow the same rule
        shouldThrow<TlsException> { TlsContext.create(Method.TLS_CLIENT_METHOD, provider).setPskServerCallback(anyPskServer, null) }
            .message shouldContain "Cannot add PSK server callback"
    }

    test("PSK-03 $p TLS 1.3 PSK: the client callback gets no hint, the identity reaches the server") {
        caps shouldNotContain Capability.HAS_PSK
        val client = clientContext(provider).apply { setMinimumVersion(dev.tlskit.TlsVersion.TLSv1_3) }
        shouldBeRefused(provider, "set_psk_client_callback") { client.setPskClientCallback(anyPskClient) }
        Parity.refused(Capability.HAS_PSK)
    }

    // ---------------------------------------------------------------- POCSP
    // The client side runs against openssl s_server, which staples -status_file (a DER OCSPResponse signed at test time
    // by the test intermediate) when the client asks; tlskit's server side (OCSP_STAPLING_SERVER) is refused.

    test("POCSP-01 $p with both callbacks registered and no request_ocsp neither fires") {
        shouldBeRefused(provider, "set_ocsp_server_callback") { serverContext(provider).setOcspServerCallback(anyOcspServer, null) }
        val calls = AtomicInteger()
        val failure = stapledConnect(provider, stapling = true, callback = { _, _, _ -> calls.incrementAndGet(); true }) { }
        failure.shouldBeNull()
        calls.get() shouldBe 0
        Parity.refused(Capability.OCSP_STAPLING_SERVER)
    }

    test("POCSP-02 $p request_ocsp against a server without a staple calls the client callback once with empty bytes") {
        val seen = CopyOnWriteArrayList<ByteArray>()
        val failure = stapledConnect(provider, stapling = false, callback = { _, staple, _ -> seen += staple; true }) {
            it.requestOcsp()
        }
        failure.shouldBeNull()
        seen.map { it.size } shouldBe listOf(0)
        // "a server callback returning b''" needs tlskit's server callback
        shouldBeRefused(provider, "set_ocsp_server_callback") { serverContext(provider).setOcspServerCallback(anyOcspServer, null) }
        Parity.refused(Capability.OCSP_STAPLING_SERVER)
    }

    test("POCSP-03 $p the server's DER OCSP response reaches the client callback verbatim, exactly once, at TLS 1.2 and 1.3") {
        for (version in listOf(dev.tlskit.TlsVersion.TLSv1_2, dev.tlskit.TlsVersion.TLSv1_3)) {
            val seen = CopyOnWriteArrayList<ByteArray>()
            val failure = stapledConnect(provider, stapling = true, version = version,
                callback = { _, staple, _ -> seen += staple; true }) { it.requestOcsp() }
            failure.shouldBeNull()
            seen.size shouldBe 1
            seen.single().toList() shouldBe ocspFixture.der.toList()
        }
    }

    test("POCSP-04 $p the client callback gets its own connection and the very data object") {
        val data = Any()
        var seenConn: Any? = null
        var seenData: Any? = null
        var mine: Any? = null
        val failure = stapledConnect(provider, stapling = true, data = data,
            callback = { conn, _, d -> seenConn = conn; seenData = d; true }) { mine = it; it.requestOcsp() }
        failure.shouldBeNull()
        (seenConn === mine) shouldBe true
        (seenData === data) shouldBe true
        shouldBeRefused(provider, "set_ocsp_server_callback") { serverContext(provider).setOcspServerCallback({ _, _ -> ByteArray(0) }, data) }
        Parity.refused(Capability.OCSP_STAPLING_SERVER)
    }

    test("POCSP-05 $p a client callback returning false fails the handshake; its exception comes out as the cause") {
        val rejected = stapledConnect(provider, stapling = true, callback = { _, _, _ -> false }) { it.requestOcsp() }
        rejected.shouldBeInstanceOf<TlsException>()
        rejected.shouldNotBeInstanceOf<UnsupportedFeatureException>()
        rejected.message shouldContain "invalid status response"
        val boom = IllegalStateException("boom from the OCSP callback")
        val raised = stapledConnect(provider, stapling = true, callback = { _, _, _ -> throw boom }) { it.requestOcsp() }
        raised.shouldBeInstanceOf<TlsException>()
        (raised.cause === boom) shouldBe true
        // the server half (its exceptions, a non-bytes return: a type error in Java) needs OCSP_STAPLING_SERVER
        shouldBeRefused(provider, "set_ocsp_server_callback") { serverContext(provider).setOcspServerCallback(anyOcspServer, null) }
        Parity.refused(Capability.OCSP_STAPLING_SERVER)
    }
}

/** A DER OCSPResponse ("good") for the localhost certificate, signed by its issuer, and the file s_server reads. */
private class OcspFixture {
    val der: ByteArray
    val file: Path

    init {
        val leaf = pki.localhost.certificate
        val issuerCredential = if (pki.localhost.chain.size > 1) pki.intermediate else pki.root
        val issuer = issuerCredential.certificate
        val issuerKey = issuerCredential.privateKey
        val digests = JcaDigestCalculatorProviderBuilder().build()
        val id = CertificateID(digests.get(CertificateID.HASH_SHA1), JcaX509CertificateHolder(issuer), leaf.serialNumber)
        val builder = JcaBasicOCSPRespBuilder(issuer.publicKey, digests.get(CertificateID.HASH_SHA1))
        builder.addResponse(id, CertificateStatus.GOOD)
        val alg = if (issuerKey.algorithm == "EC") "SHA256withECDSA" else "SHA256withRSA"
        val basic = builder.build(JcaContentSignerBuilder(alg).build(issuerKey), arrayOf(JcaX509CertificateHolder(issuer)), Date())
        der = OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).encoded
        file = Files.createTempFile("tlskit-ocsp-", ".der").also { Files.write(it, der); it.toFile().deleteOnExit() }
    }
}

private val ocspFixture by lazy { OcspFixture() }

/**
 * A tlskit client on [provider] with the OCSP client [callback] connects to `openssl s_server` (stapling
 * [OcspFixture] when [stapling]) at [version]; [beforeHandshake] runs on the connection first. Returns the handshake's
 * failure, or `null` when it completed and the echo worked.
 */
private fun stapledConnect(
    provider: String,
    stapling: Boolean,
    version: dev.tlskit.TlsVersion = dev.tlskit.TlsVersion.TLSv1_3,
    data: Any? = null,
    callback: OcspClientCallback,
    beforeHandshake: (TlsConnection) -> Unit,
): Throwable? {
    val options = OpenSslServerOptions.of(pki.localhost).copy(version = peerTls(version),
        extraArgs = if (stapling) listOf("-status_file", ocspFixture.file.toString()) else emptyList())
    OpenSslServer(options).use { server ->
        val ctx = clientContext(provider).apply { setOcspClientCallback(callback, data) }
        val raw = Socket(InetAddress.getLoopbackAddress(), server.port).apply { soTimeout = 20_000 }
        ctx.wrapSocket(raw, WrapOptions.client("localhost").withDoHandshakeOnConnect(false)).use { tls ->
            beforeHandshake(tls.connection())
            try {
                tls.doHandshake()
            } catch (e: TlsException) {
                return e
            }
            tls.sendall("abc\nCLOSE\n".toByteArray())
            val got = java.io.ByteArrayOutputStream()
            val buf = ByteArray(64)
            while (true) {
                val n = tls.read(buf, 0, buf.size)
                if (n < 0) break
                got.write(buf, 0, n)
            }
            got.toString(Charsets.UTF_8) shouldBe "cba\n"
        }
    }
    return null
}

private fun peerTls(v: dev.tlskit.TlsVersion): PeerTlsVersion =
    if (v == dev.tlskit.TlsVersion.TLSv1_3) PeerTlsVersion.TLSv1_3 else PeerTlsVersion.TLSv1_2

/**
 * The child JVM of DBG-03: prints the key-log file of a plain context and of a default one, each made with
 * `SSLKEYLOGFILE` in the environment; the warning, if any, goes to standard error through `System.Logger`.
 */
public object KeylogEnvProbe {
    @JvmStatic
    public fun main(args: Array<String>) {
        println("plain=" + TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, args[0]).keylogFilename())
        System.out.flush()
        println("default=" + Tls.createDefaultContext(Purpose.SERVER_AUTH).keylogFilename())
    }
}
