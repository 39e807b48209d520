package dev.tlskit.tck

import java.io.File
import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/** Python's `ssl.CERT_NONE`, `CERT_OPTIONAL`, `CERT_REQUIRED` for the Python peer. */
public enum class PeerVerifyMode(internal val arg: String) {
    CERT_NONE("none"),
    CERT_OPTIONAL("optional"),
    CERT_REQUIRED("required"),
}

/**
 * Settings of a [PythonTlsPeer], mapped onto an `ssl.SSLContext`
 * (`PROTOCOL_TLS_SERVER` or `PROTOCOL_TLS_CLIENT`).
 *
 * @property certFile `load_cert_chain` certificate file (may hold the chain, or the key too).
 * @property keyFile `load_cert_chain` key file, or `null` when [certFile] holds the key.
 * @property keyPassword password of an encrypted key.
 * @property caFile `load_verify_locations(cafile=)`; CRLs in it are loaded too.
 * @property crlCheck adds `VERIFY_CRL_CHECK_LEAF` to `verify_flags`.
 * @property verifyMode `verify_mode`; `null` keeps the role's default (server
 *   `CERT_NONE`, client `CERT_REQUIRED`).
 * @property checkHostname client: `check_hostname` (off unless asked, so tests opt in).
 * @property serverHostname client: `server_hostname` (SNI and the name checked).
 * @property alpn `set_alpn_protocols`.
 * @property minVersion `minimum_version`.
 * @property maxVersion `maximum_version`.
 * @property ciphers `set_ciphers` (TLS 1.2 and below).
 * @property starttls exchange `STARTTLS`/`OK` in plain text first, and after the TLS part
 *   `unwrap()` and exchange one plain line ([plainLine]).
 * @property plainLine client: the line sent in plain text after `unwrap()` with [starttls].
 * @property raggedEof shut TCP down without close_notify: the server after the echo
 *   (full close), the client right after sending its data (half-close, then it reads the
 *   replies until the server closes).
 * @property ignoreUnexpectedEof set `OP_IGNORE_UNEXPECTED_EOF`, so that a ragged EOF reads
 *   like close_notify. Off by default (the peer clears it, although CPython 3.11 on Debian
 *   sets it in new contexts), so that [PythonPeerResult.eof] tells `ragged` from `close_notify`.
 * @property readBytes client: stop reading after this many bytes and `unwrap()`; `null`
 *   reads until the server closes.
 * @property timeout socket timeout inside the peer.
 */
public data class PythonPeerOptions(
    val certFile: Path? = null,
    val keyFile: Path? = null,
    val keyPassword: String? = null,
    val caFile: Path? = null,
    val crlCheck: Boolean = false,
    val verifyMode: PeerVerifyMode? = null,
    val checkHostname: Boolean = false,
    val serverHostname: String? = null,
    val alpn: List<String> = emptyList(),
    val minVersion: PeerTlsVersion? = null,
    val maxVersion: PeerTlsVersion? = null,
    val ciphers: String? = null,
    val starttls: Boolean = false,
    val plainLine: String = "plain after unwrap",
    val raggedEof: Boolean = false,
    val ignoreUnexpectedEof: Boolean = false,
    val readBytes: Int? = null,
    val timeout: Duration = 20.seconds,
) {
    /** A copy that presents [credential] (its chain file and key). */
    public fun withCredential(credential: TestCredential): PythonPeerOptions =
        copy(certFile = credential.chainFile, keyFile = credential.keyFile)

    internal fun args(): List<String> {
        val a = mutableListOf<String>()
        certFile?.let { a += listOf("--certfile", it.toString()) }
        keyFile?.let { a += listOf("--keyfile", it.toString()) }
        keyPassword?.let { a += listOf("--password", it) }
        caFile?.let { a += listOf("--cafile", it.toString()) }
        if (crlCheck) a += "--crl-check"
        verifyMode?.let { a += listOf("--verify", it.arg) }
        if (checkHostname) a += "--check-hostname"
        serverHostname?.let { a += listOf("--server-hostname", it) }
        if (alpn.isNotEmpty()) a += listOf("--alpn", alpn.joinToString(","))
        minVersion?.let { a += listOf("--min-version", it.openSslName) }
        maxVersion?.let { a += listOf("--max-version", it.openSslName) }
        ciphers?.let { a += listOf("--ciphers", it) }
        if (starttls) a += listOf("--starttls", "--plain-line", plainLine)
        if (raggedEof) a += "--ragged-eof"
        if (ignoreUnexpectedEof) a += "--ignore-unexpected-eof"
        readBytes?.let { a += listOf("--read-bytes", it.toString()) }
        a += listOf("--timeout", (timeout.inWholeMilliseconds / 1000.0).toString())
        return a
    }
}

/**
 * An exception the Python peer caught, as `type(e).__name__`, `str(e)` and the
 * `ssl.SSLError` attributes.
 *
 * @property type e.g. `SSLCertVerificationError`, `SSLError`, `SSLEOFError`, `TimeoutError`.
 * @property message `str(e)`.
 * @property reason `e.reason`, e.g. `CERTIFICATE_VERIFY_FAILED`, `TLSV1_ALERT_UNKNOWN_CA`.
 * @property library `e.library`, e.g. `SSL`.
 * @property verifyCode `e.verify_code` (OpenSSL's X509 verify code, 10 expired, 62 hostname mismatch).
 * @property verifyMessage `e.verify_message`.
 */
public class PeerError internal constructor(
    public val type: String,
    public val message: String,
    public val reason: String?,
    public val library: String?,
    public val verifyCode: Int?,
    public val verifyMessage: String?,
) {
    override fun toString(): String = "$type($reason, verify_code=$verifyCode): $message"
}

/**
 * One connection as the Python peer saw it (one JSON line of `pypeer.py`).
 *
 * @property json the whole decoded object, for keys without a property.
 */
public class PythonPeerResult internal constructor(public val json: Map<String, Any?>) {
    /** `server` or `client`. */
    public val role: String? get() = json["role"] as String?
    /** `SSLSocket.version()`, e.g. `TLSv1.3`. */
    public val version: String? get() = json["version"] as String?
    /** `cipher()[0]` in OpenSSL's naming. */
    public val cipher: String? get() = json["cipher"] as String?
    /** `cipher()[2]`, the secret bits. */
    public val cipherBits: Int? get() = (json["cipher_bits"] as Long?)?.toInt()
    /** `selected_alpn_protocol()`. */
    public val alpn: String? get() = json["alpn"] as String?
    /**
     * The peer certificate's subject from `getpeercert()`, flattened to
     * `{"commonName": ..., "organizationName": ...}`; `null` when there was none or it was
     * not verified (Python hides unverified certificates).
     */
    @Suppress("UNCHECKED_CAST")
    public val peerCertSubject: Map<String, String>? get() = json["peer_cert_subject"] as Map<String, String>?
    /** SHA-256 (hex) of the peer certificate's DER, also when unverified; compare [TestCredential.sha256Fingerprint]. */
    public val peerCertSha256: String? get() = json["peer_cert_sha256"] as String?
    /** Server: the SNI name its `sni_callback` saw; client: the `server_hostname` it sent. */
    public val serverHostname: String? get() = json["server_hostname"] as String?
    /** `session_reused`. */
    public val sessionReused: Boolean? get() = json["session_reused"] as Boolean?
    /** `get_channel_binding("tls-unique").hex()` (OpenSSL's value, also at TLS 1.3), or `null`. */
    public val tlsUnique: String? get() = json["tls_unique"] as String?
    /** Every application byte read over TLS. */
    public val received: ByteArray get() = ((json["received"] as String?) ?: "").toByteArray(StandardCharsets.ISO_8859_1)
    /** [received] as UTF-8 text. */
    public val receivedText: String get() = String(received, StandardCharsets.UTF_8)
    /**
     * How reading ended: `close_notify` (peer shut TLS down), `close_line` (a `CLOSE` line),
     * `ragged` (TCP closed without close_notify, `SSLEOFError`), `reset`, `read_bytes`,
     * `write_failed` (the server could not echo: the peer was gone; see `json["echo_error"]`),
     * `error` (reading failed otherwise, e.g. an alert arrived; see [error]).
     */
    public val eof: String? get() = json["eof"] as String?
    /** `clean` (unwrap() completed), `ragged` (closed without close_notify) or `error`. */
    public val shutdown: String? get() = json["shutdown"] as String?
    /** What `unwrap()` raised, when [shutdown] is `error`. */
    public val shutdownError: PeerError? get() = peerError(json["shutdown_error"])
    /** STARTTLS: the plain line read before the handshake (`STARTTLS` at the server, `OK` at the client). */
    public val plainBefore: String? get() = json["plain_before"] as String?
    /** STARTTLS: the plain line read after `unwrap()`. */
    public val plainAfter: String? get() = json["plain_after"] as String?
    /** What went wrong (handshake or I/O), or `null`. */
    public val error: PeerError? get() = peerError(json["error"])

    /** The handshake completed and nothing failed afterwards. */
    public val ok: Boolean get() = error == null && version != null

    override fun toString(): String = "PythonPeerResult$json"

    private companion object {
        fun peerError(value: Any?): PeerError? {
            @Suppress("UNCHECKED_CAST")
            val m = value as? Map<String, Any?> ?: return null
            return PeerError(
                m["type"] as? String ?: "?", m["message"] as? String ?: "", m["reason"] as String?,
                m["library"] as String?, (m["verify_code"] as Long?)?.toInt(), m["verify_message"] as String?,
            )
        }
    }
}

/**
 * A TLS peer running CPython's `ssl` module (`pypeer.py`, shipped as a resource) on
 * 127.0.0.1 — the reference behaviour tlskit copies.
 *
 * A server from [server] is ready when the call returns: the script printed
 * `{"listening": PORT}` after binding port 0. It serves the given number of connections
 * one after another, echoing each line until end of stream or a `CLOSE` line, then shuts TLS
 * down with close_notify, and reports each connection as a [PythonPeerResult] ([awaitResults]).
 * A client from [client] runs to completion and returns its result.
 *
 * The interpreter is `$TLSKIT_PYTHON`, else `/usr/bin/python3` when present, else `python3`
 * from `PATH`; any Python 3.7+ with the `ssl` module works.
 *
 * <h2>Example</h2>
 * ```
 * PythonTlsPeer.server(PythonPeerOptions().withCredential(pki.localhost)).use { server ->
 *     val client = OpenSslClient.connect(server.port, OpenSslClientOptions(caFile = pki.caBundle), "hi\nCLOSE\n".toByteArray())
 *     server.awaitResult().version shouldBe client.protocol
 * }
 * ```
 */
public class PythonTlsPeer private constructor(
    private val process: RunningProcess,
    /** The port the server listens on. */
    public val port: Int,
) : AutoCloseable {
    /** What the script printed on standard error (diagnostics, tracebacks). */
    public val stderr: String get() = process.stderrText()

    /** Whether the script is still running. */
    public val isAlive: Boolean get() = process.isAlive

    /** Results reported so far, one per finished connection. */
    public fun results(): List<PythonPeerResult> =
        process.stdoutLines().drop(1).filter { it.isNotBlank() }.map { PythonPeerResult(parseLine(it, process)) }

    /**
     * Waits until [count] connections have been reported and returns them in order.
     * Throws [PeerProcessException] (with the script's output) on timeout or early exit.
     */
    @JvmOverloads
    public fun awaitResults(count: Int, timeout: Duration = 30.seconds): List<PythonPeerResult> =
        process.awaitValue(timeout, "$count result line(s)") { results().takeIf { it.size >= count }?.take(count) }

    /** Waits for the first connection's result. */
    @JvmOverloads
    public fun awaitResult(timeout: Duration = 30.seconds): PythonPeerResult = awaitResults(1, timeout).first()

    /** Kills the script and closes its streams. */
    override fun close() {
        process.close()
    }

    override fun toString(): String = "PythonTlsPeer(port=$port)"

    public companion object {
        /** The line that makes the server stop echoing and close the connection. */
        public const val CLOSE_LINE: String = "CLOSE\n"

        /** The Python interpreter used. */
        @JvmStatic
        public val python: String
            get() = System.getenv("TLSKIT_PYTHON")
                ?: "/usr/bin/python3".takeIf { File(it).canExecute() }
                ?: "python3"

        private val script: Path by lazy(LazyThreadSafetyMode.SYNCHRONIZED) { extractScript("pypeer.py") }

        /** Copies the tck's Python script [name] (a resource beside this class) to a temporary file Python can run. */
        internal fun extractScript(name: String): Path {
            val text = PythonTlsPeer::class.java.getResourceAsStream(name)?.use { it.readBytes() }
                ?: error("resource dev/tlskit/tck/$name is missing from the tls-tck jar")
            val dir = Files.createTempDirectory("tlskit-" + name.substringBefore('.') + "-")
            TestPki.deleteOnExit(dir)
            return dir.resolve(name).also { Files.write(it, text) }
        }

        /** The command line prefix that runs the script. */
        @JvmStatic
        public fun command(): List<String> = listOf(python, "-u", script.toString())

        /**
         * Starts a server serving [connections] connections, and waits at most
         * [startTimeout] for it to listen.
         */
        @JvmStatic
        @JvmOverloads
        public fun server(
            options: PythonPeerOptions,
            connections: Int = 1,
            startTimeout: Duration = 20.seconds,
        ): PythonTlsPeer {
            val process = Processes.start(command() + listOf("server", "--accept", connections.toString()) + options.args())
            try {
                val line = process.awaitStdoutLine(startTimeout) { it.startsWith("{") }
                val port = (parseLine(line, process)["listening"] as? Long)?.toInt()
                    ?: throw PeerProcessException("unexpected first line from pypeer.py: $line\n${process.stderrText()}")
                return PythonTlsPeer(process, port)
            } catch (e: Throwable) {
                process.close()
                throw e
            }
        }

        /**
         * Runs a client against 127.0.0.1:[port]: handshake, send [data], read until the
         * server closes (or [PythonPeerOptions.readBytes]), shut down, report.
         */
        @JvmStatic
        @JvmOverloads
        public fun client(
            port: Int,
            options: PythonPeerOptions,
            data: ByteArray = CLOSE_LINE.toByteArray(),
            timeout: Duration = 30.seconds,
        ): PythonPeerResult {
            val r = Processes.run(
                command() + listOf("client", "--port", port.toString()) + options.args(), data, timeout,
            )
            val line = r.stdoutText.lines().lastOrNull { it.startsWith("{") }
                ?: throw PeerProcessException("pypeer.py client printed no result\n$r")
            return try {
                PythonPeerResult(MiniJson.parseObject(line))
            } catch (e: IllegalArgumentException) {
                throw PeerProcessException("unreadable result from pypeer.py client\n$r", e)
            }
        }

        private fun parseLine(line: String, process: RunningProcess): Map<String, Any?> =
            try {
                MiniJson.parseObject(line)
            } catch (e: IllegalArgumentException) {
                throw PeerProcessException("unreadable line from pypeer.py: $line\n--- stderr\n${process.stderrText()}", e)
            }
    }
}
