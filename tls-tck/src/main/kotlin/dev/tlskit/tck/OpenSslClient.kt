package dev.tlskit.tck

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/**
 * Settings of an [OpenSslClient] run.
 *
 * @property caFile trust anchors (`-CAfile`); `null` gives `-no-CAfile` (nothing trusted).
 * @property certFile client certificate (`-cert`), or `null`.
 * @property keyFile its key (`-key`).
 * @property chainFile extra client chain certificates (`-cert_chain`), or `null`.
 * @property serverName SNI to send (`-servername`); `null` sends none (`-noservername`).
 * @property verifyHostname check the server certificate against this name (`-verify_hostname`).
 * @property verifyReturnError abort the handshake when verification fails
 *   (`-verify_return_error`); without it s_client only reports the error and goes on.
 * @property alpn protocols to offer (`-alpn`).
 * @property version exactly this version (`-tls1_2`, `-tls1_3`), or `null`.
 * @property minVersion `-min_protocol`, or `null`.
 * @property maxVersion `-max_protocol`, or `null`.
 * @property cipherList TLS 1.2 cipher list (`-cipher`).
 * @property cipherSuites TLS 1.3 suites (`-ciphersuites`).
 * @property ignoreEof `-ign_eof`: keep reading after standard input ends, until the server
 *   closes. Needed to receive replies: without it s_client sends close_notify and exits as
 *   soon as its input is exhausted. Then the server must end the connection (send a
 *   `CLOSE` line to an [OpenSslServer] or a [PythonTlsPeer] server).
 * @property sessOut write the session to this file (`-sess_out`), to resume it with [sessIn].
 * @property sessIn resume the session in this file (`-sess_in`).
 * @property extraArgs appended as they are.
 */
public data class OpenSslClientOptions(
    val caFile: Path? = null,
    val certFile: Path? = null,
    val keyFile: Path? = null,
    val chainFile: Path? = null,
    val serverName: String? = null,
    val verifyHostname: String? = null,
    val verifyReturnError: Boolean = true,
    val alpn: List<String> = emptyList(),
    val version: PeerTlsVersion? = null,
    val minVersion: PeerTlsVersion? = null,
    val maxVersion: PeerTlsVersion? = null,
    val cipherList: String? = null,
    val cipherSuites: String? = null,
    val ignoreEof: Boolean = true,
    val sessOut: Path? = null,
    val sessIn: Path? = null,
    val extraArgs: List<String> = emptyList(),
) {
    /** A copy presenting [credential] as the client certificate (with its intermediates). */
    public fun withClientCertificate(credential: TestCredential): OpenSslClientOptions =
        copy(certFile = credential.certFile, keyFile = credential.keyFile, chainFile = credential.intermediatesFile)
}

/**
 * What `openssl s_client -brief` reported.
 *
 * With `-brief` the connection summary goes to standard error and standard output carries
 * only application data, so [received] is exactly what the server sent.
 *
 * @property exitCode 0 when the connection worked; 1 when the handshake failed.
 * @property received application data from the server.
 * @property stderr the summary and any errors.
 * @property established `CONNECTION ESTABLISHED` was printed.
 * @property protocol `Protocol version:` e.g. `TLSv1.2`.
 * @property cipher `Ciphersuite:` in OpenSSL's naming.
 * @property peerCertificate `Peer certificate:` (`O = tlskit, CN = localhost`), or `null`.
 * @property verification `OK` for `Verification: OK`, the message of `Verification error: ...`,
 *   or `null` when not printed.
 * @property verifiedPeerName `Verified peername:`, or `null`.
 * @property verifyErrors codes of `verify error:num=N:...` lines (10 expired, 20 unknown
 *   issuer, 62 hostname mismatch, ...).
 * @property alpn the protocol the server selected, read from the `-trace` record of the
 *   ServerHello/EncryptedExtensions (`-brief` does not print ALPN), or `null`.
 * @property alertNumbers alert numbers from `SSL alert number N` error lines (e.g. 116 when a
 *   TLS 1.3 server demanded a certificate, 48 unknown CA).
 * @property errors OpenSSL error-stack lines (`...:error:...`).
 * @property serverCertificateReceived the `-trace` shows a Certificate message from the server
 *   (a resumed handshake has none, at TLS 1.2 and 1.3).
 * @property sessionTickets how many NewSessionTicket messages the `-trace` shows received.
 */
public class OpenSslClientResult internal constructor(
    public val exitCode: Int,
    public val received: ByteArray,
    public val stderr: String,
    public val established: Boolean,
    public val protocol: String?,
    public val cipher: String?,
    public val peerCertificate: String?,
    public val verification: String?,
    public val verifiedPeerName: String?,
    public val verifyErrors: List<Int>,
    public val alpn: String?,
    public val alertNumbers: List<Int>,
    public val errors: List<String>,
    public val serverCertificateReceived: Boolean = false,
    public val sessionTickets: Int = 0,
) {
    /** The handshake completed by resuming a session: established without the server's Certificate message. */
    public val reused: Boolean get() = established && !serverCertificateReceived

    /** [received] decoded as UTF-8. */
    public val receivedText: String get() = String(received, StandardCharsets.UTF_8)

    /** The handshake completed and the exit code is 0. */
    public val ok: Boolean get() = exitCode == 0 && established

    override fun toString(): String =
        "OpenSslClientResult(exit=$exitCode, established=$established, protocol=$protocol, cipher=$cipher, alpn=$alpn, " +
            "peer=$peerCertificate, verification=$verification, verifyErrors=$verifyErrors, alerts=$alertNumbers)\n" +
            "--- received\n$receivedText\n--- stderr\n$stderr"
}

/** Runs `openssl s_client -brief` against a port on 127.0.0.1 and parses what it prints. */
public object OpenSslClient {
    /**
     * Connects to 127.0.0.1:[port], writes [input] to the connection, and returns when the
     * client exits (at most [timeout], else [PeerProcessException]).
     *
     * Against an echo server with [OpenSslClientOptions.ignoreEof] (the default), end
     * [input] with a `CLOSE` line so that the server ends the connection.
     */
    @JvmStatic
    @JvmOverloads
    public fun connect(
        port: Int,
        options: OpenSslClientOptions,
        input: ByteArray = "CLOSE\n".toByteArray(),
        timeout: Duration = 30.seconds,
    ): OpenSslClientResult {
        val trace = Files.createTempFile("tlskit-s_client-", ".trace")
        try {
            val r = Processes.run(command(port, options, trace), input, timeout)
            return parse(r, runCatching { Files.readAllLines(trace) }.getOrDefault(emptyList()))
        } finally {
            Files.deleteIfExists(trace)
        }
    }

    private fun command(port: Int, o: OpenSslClientOptions, trace: Path): List<String> {
        val cmd = mutableListOf(OpenSsl.binary, "s_client", "-connect", "127.0.0.1:$port", "-brief")
        cmd += listOf("-trace", "-msgfile", trace.toString())
        if (o.caFile != null) cmd += listOf("-CAfile", o.caFile.toString()) else cmd += "-no-CAfile"
        cmd += listOf("-no-CApath", "-no-CAstore")
        o.certFile?.let { cmd += listOf("-cert", it.toString()) }
        o.keyFile?.let { cmd += listOf("-key", it.toString()) }
        o.chainFile?.let { cmd += listOf("-cert_chain", it.toString()) }
        if (o.serverName != null) cmd += listOf("-servername", o.serverName) else cmd += "-noservername"
        o.verifyHostname?.let { cmd += listOf("-verify_hostname", it) }
        if (o.verifyReturnError) cmd += "-verify_return_error"
        if (o.alpn.isNotEmpty()) cmd += listOf("-alpn", o.alpn.joinToString(","))
        o.version?.let { cmd += it.exactFlag }
        o.minVersion?.let { cmd += listOf("-min_protocol", it.openSslName) }
        o.maxVersion?.let { cmd += listOf("-max_protocol", it.openSslName) }
        o.cipherList?.let { cmd += listOf("-cipher", it) }
        o.cipherSuites?.let { cmd += listOf("-ciphersuites", it) }
        if (o.ignoreEof) cmd += "-ign_eof"
        o.sessOut?.let { cmd += listOf("-sess_out", it.toString()) }
        o.sessIn?.let { cmd += listOf("-sess_in", it.toString()) }
        cmd += o.extraArgs
        return cmd
    }

    private val alertNumber = Regex("""SSL alert number (\d+)""")

    internal fun parse(r: ProcessResult, trace: List<String>): OpenSslClientResult {
        val lines = r.stderrText.lines()
        fun value(prefix: String) = lines.firstOrNull { it.startsWith(prefix) }?.substring(prefix.length)?.trim()
        val verification = value("Verification: ") ?: value("Verification error: ")
        return OpenSslClientResult(
            exitCode = r.exitCode,
            received = r.stdout,
            stderr = r.stderrText,
            established = lines.contains("CONNECTION ESTABLISHED"),
            protocol = value("Protocol version: "),
            cipher = value("Ciphersuite: "),
            peerCertificate = value("Peer certificate: "),
            verification = verification,
            verifiedPeerName = value("Verified peername: "),
            verifyErrors = lines.filter { it.startsWith("verify error:num=") }
                .mapNotNull { it.removePrefix("verify error:num=").substringBefore(':').toIntOrNull() },
            alpn = selectedAlpn(trace),
            alertNumbers = lines.mapNotNull { alertNumber.find(it)?.groupValues?.get(1)?.toInt() },
            errors = lines.filter { it.contains(":error:") },
            serverCertificateReceived = receivedMessages(trace).contains("Certificate"),
            sessionTickets = receivedMessages(trace).count { it == "NewSessionTicket" },
        )
    }

    /** Names of the handshake messages in received records of a `-trace` (`ServerHello`, `Certificate`, ...). */
    internal fun receivedMessages(trace: List<String>): List<String> {
        var receiving = false
        val out = mutableListOf<String>()
        for (line in trace) {
            when {
                line.startsWith("Received Record") -> receiving = true
                line.startsWith("Sent Record") -> receiving = false
                receiving -> handshakeMessage.matchEntire(line)?.let { out += it.groupValues[1] }
            }
        }
        return out
    }

    private val handshakeMessage = Regex("""\s+(\w+), Length=\d+""")

    /**
     * The ALPN protocol in the first ALPN extension of a received record (ServerHello in
     * TLS 1.2, EncryptedExtensions in TLS 1.3). The trace prints the extension line and
     * then one more-indented line per protocol name.
     */
    internal fun selectedAlpn(trace: List<String>): String? {
        var receiving = false
        for ((i, line) in trace.withIndex()) {
            when {
                line.startsWith("Received Record") -> receiving = true
                line.startsWith("Sent Record") -> receiving = false
                receiving && line.contains("extension_type=application_layer_protocol_negotiation") -> {
                    val indent = line.indexOfFirst { !it.isWhitespace() }
                    val next = trace.getOrNull(i + 1) ?: return null
                    val nextIndent = next.indexOfFirst { !it.isWhitespace() }
                    return if (nextIndent > indent) next.trim() else null
                }
            }
        }
        return null
    }
}
