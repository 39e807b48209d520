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
import java.net.InetAddress
import java.net.Socket
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

/** Asserts the refusal of [block]: [UnsupportedFeatureException] naming [feature] and [provider]. */
private fun refusal(provider: String, feature: String, block: () -> Unit) {
    val e = shouldThrow<UnsupportedFeatureException> { block() }
    e.feature() shouldContain feature
    e.provider() shouldBe provider
}

private val anyMsgCallback = MsgCallback { _, _, _, _, _, _ -> }
private val anyOcspServer = OcspServerCallback { _, _ -> ByteArray(0) }
private val anyOcspClient = OcspClientCallback { _, _, _ -> true }
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
 * callbacks). No current backend has [Capability.KEYLOG], [Capability.MSG_CALLBACK], [Capability.HAS_PSK] or OCSP
 * stapling from callbacks: each line asserts the refusal (typed, naming feature and provider, capability absent).
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
            refusal(provider, "keylog_filename") { ctx.setKeylogFilename(file) }
            Files.exists(file) shouldBe false // no header, no file: nothing half done
            refusal(provider, "keylog_filename") { ctx.setKeylogFilename(dir) }
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
            refusal(provider, "keylog_filename") { clientContext(provider).setKeylogFilename(file) }
            refusal(provider, "keylog_filename") { serverContext(provider).setKeylogFilename(file) }
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
        refusal(provider, "_msg_callback") { ctx.setMsgCallback(anyMsgCallback) }
        ctx.msgCallback().shouldBeNull()
        Parity.refused(Capability.MSG_CALLBACK)
    }

    test("DBG-05 $p the message callback sees TLS 1.2 SERVER_KEY_EXCHANGE read and CHANGE_CIPHER_SPEC written") {
        caps shouldNotContain Capability.MSG_CALLBACK
        refusal(provider, "_msg_callback") { clientContext(provider).setMsgCallback(anyMsgCallback) }
        refusal(provider, "_msg_callback") { serverContext(provider).setMsgCallback(anyMsgCallback) }
        Parity.refused(Capability.MSG_CALLBACK)
    }

    // ---------------------------------------------------------------- PSK

    test("PSK-01 $p TLS 1.2 PSK with client and server callbacks") {
        caps shouldNotContain Capability.HAS_PSK
        refusal(provider, "set_psk_client_callback") { clientContext(provider).setPskClientCallback(anyPskClient) }
        refusal(provider, "set_psk_server_callback") { serverContext(provider).setPskServerCallback(anyPskServer, "hint") }
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
        refusal(provider, "set_psk_client_callback") { client.setPskClientCallback(anyPskClient) }
        Parity.refused(Capability.HAS_PSK)
    }

    // ---------------------------------------------------------------- POCSP

    test("POCSP-01 $p with both callbacks registered and no request_ocsp neither fires") {
        caps shouldNotContain Capability.OCSP_STAPLING_SERVER
        caps shouldNotContain Capability.OCSP_STAPLING_CLIENT
        refusal(provider, "set_ocsp_server_callback") { serverContext(provider).setOcspServerCallback(anyOcspServer, null) }
        refusal(provider, "set_ocsp_client_callback") { clientContext(provider).setOcspClientCallback(anyOcspClient, null) }
        Parity.refused(Capability.OCSP_STAPLING_CLIENT)
    }

    test("POCSP-02 $p request_ocsp against a server without a staple gives the client callback an empty response") {
        caps shouldNotContain Capability.OCSP_STAPLING_CLIENT
        // a real peer that staples nothing: the refusal comes before any byte is sent, and the connection still works
        OpenSslServer(OpenSslServerOptions.of(pki.localhost)).use { server ->
            val raw = Socket(InetAddress.getLoopbackAddress(), server.port).apply { soTimeout = 20_000 }
            clientContext(provider).wrapSocket(raw, WrapOptions.client("localhost").withDoHandshakeOnConnect(false)).use { tls ->
                refusal(provider, "request_ocsp") { tls.connection().requestOcsp() }
                tls.doHandshake()
                tls.sendall("CLOSE\n".toByteArray())
                while (tls.read(ByteArray(64), 0, 64) >= 0) { /* until close_notify */ }
            }
            server.awaitSessions(1).single().established shouldBe true
        }
        Parity.refused(Capability.OCSP_STAPLING_CLIENT)
    }

    test("POCSP-03 $p the server callback's DER OCSP response reaches the client callback verbatim, once") {
        caps shouldNotContain Capability.OCSP_STAPLING_SERVER
        refusal(provider, "set_ocsp_server_callback") { serverContext(provider).setOcspServerCallback(anyOcspServer, "data") }
        refusal(provider, "set_ocsp_client_callback") { clientContext(provider).setOcspClientCallback(anyOcspClient, "data") }
        Parity.refused(Capability.OCSP_STAPLING_SERVER)
    }

    test("POCSP-04 $p each callback gets its own connection and the opaque data object") {
        caps shouldNotContain Capability.OCSP_STAPLING_SERVER
        val data = Any()
        refusal(provider, "set_ocsp_server_callback") { serverContext(provider).setOcspServerCallback({ _, d -> if (d === data) ByteArray(1) else ByteArray(0) }, data) }
        Parity.refused(Capability.OCSP_STAPLING_SERVER)
    }

    test("POCSP-05 $p a client callback returning false fails the handshake; callback exceptions come out unchanged") {
        caps shouldNotContain Capability.OCSP_STAPLING_CLIENT
        refusal(provider, "set_ocsp_client_callback") { clientContext(provider).setOcspClientCallback({ _, _, _ -> false }, null) }
        val conn = clientContext(provider).wrapBio(MemoryBio(), MemoryBio(), false, "localhost")
        refusal(provider, "request_ocsp") { conn.requestOcsp() }
        Parity.refused(Capability.OCSP_STAPLING_CLIENT)
    }
}

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
