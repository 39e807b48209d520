package dev.tlskit.integration

import dev.tlskit.CertificateVerificationException
import dev.tlskit.Protocol
import dev.tlskit.TlsContext
import dev.tlskit.TlsSocket
import dev.tlskit.WrapOptions
import dev.tlskit.tck.OpenSsl
import dev.tlskit.tck.Processes
import dev.tlskit.tck.RunningProcess
import dev.tlskit.tck.TestCredential
import dev.tlskit.tck.TestPki
import java.io.ByteArrayOutputStream
import java.net.InetAddress
import java.net.ServerSocket
import java.nio.file.Path
import java.util.concurrent.Executors
import java.util.concurrent.Future
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.seconds

/** Every integration runs on both backends. */
internal val PROVIDERS = listOf("jdk", "conscrypt")

internal val pki: TestPki get() = TestPki.shared

/** A client context on [provider] that trusts [trust] (the test root by default). */
internal fun clientContext(provider: String, trust: Path = pki.root.certFile): TlsContext =
    TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider).apply { loadVerifyLocations(trust) }

/** A server context on [provider] serving [credential]. */
internal fun serverContext(provider: String, credential: TestCredential = pki.localhost): TlsContext =
    TlsContext.create(Protocol.PROTOCOL_TLS_SERVER, provider).apply {
        loadCertChain(credential.chainFile, credential.keyFile, null)
    }

/** tlskit's typed verification error in the cause chain of what a library threw, or `null`. */
internal fun Throwable.tlskitVerification(): CertificateVerificationException? =
    generateSequence(this) { it.cause }.filterIsInstance<CertificateVerificationException>().firstOrNull()

/** The package of the class that implements the provider's sockets and engines: proves which backend ran. */
internal fun backendPackage(provider: String): String = if (provider == "conscrypt") "org.conscrypt" else "sun.security.ssl"

/**
 * `openssl s_server -www` on 127.0.0.1, an OS-chosen port: answers an HTTP GET with `HTTP/1.0 200 ok` and a status
 * page, one connection, then exits.
 */
internal class OpenSslWwwServer(credential: TestCredential, alpn: List<String> = emptyList()) : AutoCloseable {
    private val process: RunningProcess = Processes.start(
        listOf(OpenSsl.binary, "s_server", "-accept", "127.0.0.1:0", "-www", "-naccept", "1",
            "-cert", credential.certFile.toString(), "-key", credential.keyFile.toString(), "-no-CAfile") +
            (credential.intermediatesFile?.let { listOf("-cert_chain", it.toString()) } ?: emptyList()) +
            (if (alpn.isEmpty()) emptyList() else listOf("-alpn", alpn.joinToString(","))),
        mergeStderr = true,
    )
    val port: Int = try {
        val line = process.awaitStdoutLine(20.seconds) { ACCEPT.matches(it) }
        ACCEPT.matchEntire(line)!!.groupValues[1].toInt()
    } catch (e: Throwable) {
        process.close()
        throw e
    }

    val output: String get() = process.stdoutText()

    /** Waits until the output satisfies [done] and returns it. */
    fun awaitOutput(done: (String) -> Boolean): String =
        process.awaitValue(20.seconds, "s_server output") { process.stdoutText().takeIf(done) }

    override fun close() = process.close()

    private companion object {
        val ACCEPT = Regex("""ACCEPT 127\.0\.0\.1:(\d+)""")
    }
}

/** What a tlskit HTTPS server saw on its one connection. */
internal class HttpOutcome(val requestLine: String?, val alpn: String?, val error: Throwable?)

/**
 * A minimal HTTP/1.1 server on a tlskit [TlsSocket] (the peer that OkHttp talks to): one connection, answers any
 * request with `200` and the body `hello from tlskit`, or records the HTTP/2 preface when ALPN chose `h2`.
 */
internal class TlskitHttpsServer(private val ctx: TlsContext) : AutoCloseable {
    private val listener = ServerSocket(0, 8, InetAddress.getLoopbackAddress())
    private val pool = Executors.newSingleThreadExecutor { r -> Thread(r, "tlskit-https").apply { isDaemon = true } }
    private val result: Future<HttpOutcome> = pool.submit<HttpOutcome> { serve() }
    val port: Int get() = listener.localPort

    fun outcome(): HttpOutcome = result.get(30, TimeUnit.SECONDS)

    private fun serve(): HttpOutcome = listener.accept().use { raw ->
        raw.soTimeout = 20_000
        var tls: TlsSocket? = null
        try {
            tls = ctx.wrapSocket(raw, WrapOptions.server())
            val alpn = tls.selectedAlpnProtocol().orElse(null)
            val head = ByteArrayOutputStream()
            val input = tls.inputStream
            while (!head.toString(Charsets.ISO_8859_1).contains("\r\n\r\n")) {
                val b = input.read()
                if (b < 0) break
                head.write(b)
            }
            val first = head.toString(Charsets.ISO_8859_1).lineSequence().firstOrNull()
            if (alpn != "h2") {
                val body = "hello from tlskit"
                tls.outputStream.write(("HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\nConnection: close\r\n" +
                    "Content-Type: text/plain\r\n\r\n$body").toByteArray())
            }
            tls.close()
            HttpOutcome(first, alpn, null)
        } catch (e: Exception) {
            tls?.close()
            HttpOutcome(null, null, e)
        }
    }

    override fun close() {
        listener.close()
        pool.shutdownNow()
    }
}
