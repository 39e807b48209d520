package dev.tlskit.tck

import java.nio.file.Path
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/** Whether `openssl s_server` asks the client for a certificate. */
public enum class ClientAuth {
    /** No certificate request. */
    NONE,

    /** `-verify 4`: ask for a certificate; a client without one still connects. */
    REQUEST,

    /** `-Verify 4`: demand a certificate; a client without one fails the handshake. */
    REQUIRE,
}

/**
 * Settings of an [OpenSslServer].
 *
 * @property certFile the server certificate (`-cert`, the leaf only).
 * @property keyFile its key (`-key`).
 * @property chainFile extra chain certificates sent after the leaf (`-cert_chain`), or `null`.
 * @property caFile CAs that verify client certificates (`-CAfile`); `null` gives `-no-CAfile`.
 * @property clientAuth whether a client certificate is requested or required.
 * @property alpn protocols the server accepts (`-alpn`), in its order of preference.
 * @property version exactly this protocol version (`-tls1_2`, `-tls1_3`), or `null`.
 * @property minVersion `-min_protocol`, or `null`.
 * @property maxVersion `-max_protocol`, or `null`.
 * @property cipherList TLS 1.2 cipher list (`-cipher`), or `null`.
 * @property cipherSuites TLS 1.3 suites (`-ciphersuites`), or `null`.
 * @property sniName with [sniCredential]: when a client's SNI equals this name, serve
 *   [sniCredential] instead (`-servername`, `-cert2`, `-key2`). With `-servername` set,
 *   `s_server` also prints the SNI it sees, reported as [ServerSession.serverName].
 * @property sniCredential the certificate served for [sniName].
 * @property connections how many connections to serve before exiting (`-naccept`);
 *   `null` serves until [OpenSslServer.close].
 * @property extraArgs appended as they are.
 */
public data class OpenSslServerOptions(
    val certFile: Path,
    val keyFile: Path,
    val chainFile: Path? = null,
    val caFile: Path? = null,
    val clientAuth: ClientAuth = ClientAuth.NONE,
    val alpn: List<String> = emptyList(),
    val version: PeerTlsVersion? = null,
    val minVersion: PeerTlsVersion? = null,
    val maxVersion: PeerTlsVersion? = null,
    val cipherList: String? = null,
    val cipherSuites: String? = null,
    val sniName: String? = null,
    val sniCredential: TestCredential? = null,
    val connections: Int? = 1,
    val extraArgs: List<String> = emptyList(),
) {
    public companion object {
        /** Options serving [credential] with its intermediates. */
        @JvmStatic
        public fun of(credential: TestCredential): OpenSslServerOptions =
            OpenSslServerOptions(credential.certFile, credential.keyFile, credential.intermediatesFile)
    }
}

/**
 * One connection as `openssl s_server` reported it.
 *
 * @property established the handshake completed (`CONNECTION ESTABLISHED`).
 * @property failed the handshake failed (`CONNECTION FAILURE`).
 * @property closed the connection ended cleanly (`CONNECTION CLOSED`, after a `CLOSE` line or
 *   the client's close_notify).
 * @property protocol `Protocol version:` e.g. `TLSv1.3`.
 * @property cipher `Ciphersuite:` in OpenSSL's naming, e.g. `TLS_AES_256_GCM_SHA384` or
 *   `ECDHE-RSA-AES256-GCM-SHA384`.
 * @property peerCertificate `Peer certificate:` in OpenSSL's one-line form
 *   (`O = tlskit, CN = tlskit client`), `null` for `No peer certificate`.
 * @property alpnOffered `ALPN protocols advertised by the client:` split on commas.
 * @property alpnSelected `ALPN protocols selected:`, or `null`.
 * @property serverName `Hostname in TLS extension:` (printed only with [OpenSslServerOptions.sniName]).
 * @property verifyErrors codes from `verify error:num=N:` lines about the client certificate.
 * @property errors OpenSSL error-stack lines (`...:error:...`) printed for this connection.
 * @property lines every output line attributed to this connection.
 */
public class ServerSession internal constructor(
    public val established: Boolean,
    public val failed: Boolean,
    public val closed: Boolean,
    public val protocol: String?,
    public val cipher: String?,
    public val peerCertificate: String?,
    public val alpnOffered: List<String>,
    public val alpnSelected: String?,
    public val serverName: String?,
    public val verifyErrors: List<Int>,
    public val errors: List<String>,
    public val lines: List<String>,
) {
    override fun toString(): String =
        "ServerSession(established=$established, failed=$failed, closed=$closed, protocol=$protocol, cipher=$cipher, " +
            "peer=$peerCertificate, alpn=$alpnSelected, sni=$serverName, verifyErrors=$verifyErrors, errors=$errors)"
}

/**
 * `openssl s_server` on 127.0.0.1 with a port chosen by the operating system, in `-rev`
 * mode: every line a client sends comes back reversed (`hello` → `olleh`), and a line
 * `CLOSE` makes the server send close_notify and end the connection.
 *
 * The server is ready when the constructor returns (it has printed `ACCEPT 127.0.0.1:PORT`).
 * Its standard output runs through `stdbuf -oL` (when present) and is merged with standard
 * error, so the lines of each connection arrive in order and [sessions] can split them.
 *
 * <h2>Example</h2>
 * ```
 * OpenSslServer(OpenSslServerOptions.of(pki.localhost).copy(alpn = listOf("h2"))).use { server ->
 *     // connect a client to server.port, send "hello\nCLOSE\n", expect "olleh\n"
 *     server.awaitSessions(1).single().alpnSelected shouldBe "h2"
 * }
 * ```
 *
 * @property options the settings it runs with.
 */
public class OpenSslServer @JvmOverloads public constructor(
    public val options: OpenSslServerOptions,
    startTimeout: Duration = 20.seconds,
) : AutoCloseable {
    private val process: RunningProcess = Processes.start(command(options), mergeStderr = true)

    /** The port it listens on. */
    public val port: Int

    init {
        try {
            val line = process.awaitStdoutLine(startTimeout) { ACCEPT.matches(it) }
            port = ACCEPT.matchEntire(line)!!.groupValues[1].toInt()
        } catch (e: Throwable) {
            process.close()
            throw e
        }
    }

    /** Everything the server printed so far (standard output and error, merged). */
    public val output: String get() = process.stdoutText()

    /** Whether the server process is still running. */
    public val isAlive: Boolean get() = process.isAlive

    /** The connections reported so far, in order. */
    public fun sessions(): List<ServerSession> = parseSessions(process.stdoutLines(), exited = !process.isAlive).first

    /**
     * Waits until [count] connections are complete (closed, failed, followed by another
     * connection, or the server exited) and returns them all. Throws
     * [PeerProcessException] with the server's output on timeout.
     */
    @JvmOverloads
    public fun awaitSessions(count: Int, timeout: Duration = 20.seconds): List<ServerSession> =
        process.awaitValue(timeout, "$count complete connection(s)") {
            val (sessions, complete) = parseSessions(process.stdoutLines(), exited = !process.isAlive)
            if (complete >= count) sessions else null
        }

    /**
     * The session-cache statistics `s_server` prints when it exits (after [OpenSslServerOptions.connections]
     * connections), e.g. `"session cache hits"` to 1, `"server accepts that finished"` to 2. Waits for them.
     */
    @JvmOverloads
    public fun awaitCacheStats(timeout: Duration = 20.seconds): Map<String, Int> =
        process.awaitValue(timeout, "the session-cache statistics printed on exit") {
            val stats = process.stdoutLines().mapNotNull { STAT.matchEntire(it) }
                .associate { it.groupValues[2].trim() to it.groupValues[1].toInt() }
            if (stats.containsKey("cache full overflows")) stats else null
        }

    /** Kills the server and closes its streams. */
    override fun close() {
        process.close()
    }

    override fun toString(): String = "OpenSslServer(port=$port)"

    private companion object {
        val STAT = Regex("""\s+(\d+) ([a-z ]+?)(?: \(.*\))?""")
        val ACCEPT = Regex("""ACCEPT 127\.0\.0\.1:(\d+)""")

        fun command(o: OpenSslServerOptions): List<String> {
            val cmd = mutableListOf<String>()
            if (stdbuf != null) cmd += listOf(stdbuf, "-oL")
            cmd += listOf(OpenSsl.binary, "s_server", "-accept", "127.0.0.1:0", "-rev")
            cmd += listOf("-cert", o.certFile.toString(), "-key", o.keyFile.toString())
            o.chainFile?.let { cmd += listOf("-cert_chain", it.toString()) }
            if (o.caFile != null) cmd += listOf("-CAfile", o.caFile.toString()) else cmd += "-no-CAfile"
            cmd += listOf("-no-CApath", "-no-CAstore")
            when (o.clientAuth) {
                ClientAuth.NONE -> {}
                ClientAuth.REQUEST -> cmd += listOf("-verify", "4")
                ClientAuth.REQUIRE -> cmd += listOf("-Verify", "4", "-verify_return_error")
            }
            if (o.alpn.isNotEmpty()) cmd += listOf("-alpn", o.alpn.joinToString(","))
            o.version?.let { cmd += it.exactFlag }
            o.minVersion?.let { cmd += listOf("-min_protocol", it.openSslName) }
            o.maxVersion?.let { cmd += listOf("-max_protocol", it.openSslName) }
            o.cipherList?.let { cmd += listOf("-cipher", it) }
            o.cipherSuites?.let { cmd += listOf("-ciphersuites", it) }
            if (o.sniName != null) {
                cmd += listOf("-servername", o.sniName)
                o.sniCredential?.let { cmd += listOf("-cert2", it.certFile.toString(), "-key2", it.keyFile.toString()) }
            }
            o.connections?.let { cmd += listOf("-naccept", it.toString()) }
            cmd += o.extraArgs
            return cmd
        }

        val stdbuf: String? = listOf("/usr/bin/stdbuf", "/bin/stdbuf").firstOrNull { java.io.File(it).canExecute() }

        private class Builder {
            val lines = mutableListOf<String>()
            var established = false
            var failed = false
            var closed = false
            var protocol: String? = null
            var cipher: String? = null
            var peer: String? = null
            var alpnOffered = emptyList<String>()
            var alpnSelected: String? = null
            var serverName: String? = null
            val verifyErrors = mutableListOf<Int>()
            val errors = mutableListOf<String>()
            val finished get() = failed || closed

            fun build() = ServerSession(
                established, failed, closed, protocol, cipher, peer, alpnOffered, alpnSelected, serverName,
                verifyErrors.toList(), errors.toList(), lines.toList(),
            )
        }

        /** Splits the output into connections; returns them and how many are complete. */
        fun parseSessions(all: List<String>, exited: Boolean): Pair<List<ServerSession>, Int> {
            val start = all.indexOfFirst { ACCEPT.matches(it) }
            val done = mutableListOf<Builder>()
            var current: Builder? = null
            fun open(preHandshake: Boolean): Builder {
                val c = current
                if (c == null || c.finished || (preHandshake && c.established)) {
                    c?.let { done += it }
                    return Builder().also { current = it }
                }
                return c
            }
            for (line in all.drop(start + 1)) {
                when {
                    line.startsWith("ALPN protocols advertised by the client: ") ->
                        open(true).apply { alpnOffered = line.substringAfter(": ").split(",").map { it.trim() } }.lines += line
                    line.startsWith("ALPN protocols selected: ") ->
                        open(true).apply { alpnSelected = line.substringAfter(": ") }.lines += line
                    line.startsWith("Hostname in TLS extension: ") ->
                        open(true).apply { serverName = line.substringAfter(": ").trim('"') }.lines += line
                    line.startsWith("depth=") || line.startsWith("verify return:") -> open(true).lines += line
                    line.startsWith("verify error:num=") -> open(true).apply {
                        line.removePrefix("verify error:num=").substringBefore(':').toIntOrNull()?.let { verifyErrors += it }
                    }.lines += line
                    line == "CONNECTION ESTABLISHED" -> {
                        if (current?.established == true) open(true)
                        open(false).apply { established = true }.lines += line
                    }
                    line == "CONNECTION FAILURE" -> open(false).apply { failed = true }.lines += line
                    line == "CONNECTION CLOSED" -> current?.apply { closed = true; lines += line }
                    line.startsWith("Protocol version: ") -> current?.apply { protocol = line.substringAfter(": ") }?.lines?.add(line)
                    line.startsWith("Ciphersuite: ") -> current?.apply { cipher = line.substringAfter(": ") }?.lines?.add(line)
                    line.startsWith("Peer certificate: ") -> current?.apply { peer = line.substringAfter(": ") }?.lines?.add(line)
                    line.contains(":error:") || line == "ERROR" -> (current ?: open(true)).apply { errors += line }.lines += line
                    line.matches(Regex("""\s+\d+ .*""")) -> {} // session-cache statistics printed on exit
                    else -> current?.lines?.add(line)
                }
            }
            val sessions = done.map { it.build() } + listOfNotNull(current?.build())
            val last = current
            val complete = done.size + if (last != null && (last.finished || exited)) 1 else 0
            return sessions to complete
        }
    }
}
