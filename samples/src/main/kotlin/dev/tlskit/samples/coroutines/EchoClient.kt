@file:JvmName("EchoClient")

package dev.tlskit.samples.coroutines

import dev.tlskit.Protocol
import dev.tlskit.TlsContext
import dev.tlskit.TlsVersion
import dev.tlskit.kotlin.connect
import dev.tlskit.kotlin.tlsContext
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import java.nio.ByteBuffer
import java.nio.file.Path
import kotlin.time.Duration.Companion.seconds

/**
 * A TLS echo client on coroutines: connects (handshake within 10 s), sends each argument as a line, prints the echo.
 *
 * ```
 * java -cp tlskit.jar dev.tlskit.samples.coroutines.EchoClient localhost 8443 ca.pem hello world
 * ```
 */
fun main(args: Array<String>) {
    if (args.size < 3) {
        System.err.println("usage: EchoClient HOST PORT CA.pem [LINE...]")
        kotlin.system.exitProcess(2)
    }
    val context = echoClientContext(Path.of(args[2]))
    runBlocking {
        echoLines(context, args[0], args[1].toInt(), args.drop(3)).forEach(::println)
    }
}

/** A client context trusting [ca]: TLS 1.2 or newer, hostname checked, ALPN "echo" offered. */
fun echoClientContext(ca: Path): TlsContext = tlsContext(Protocol.PROTOCOL_TLS_CLIENT) {
    minimumVersion = TlsVersion.TLSv1_2
    trust { pemFile(ca) }
    alpn("echo")
}

/**
 * Sends [lines] to the echo server at [host]:[port] and returns what came back, line by line. The server's
 * certificate must match [serverHostname].
 */
suspend fun echoLines(context: TlsContext, host: String, port: Int, lines: List<String>, serverHostname: String = host): List<String> {
    val tls = withTimeout(10.seconds) { context.connect(host, port, serverHostname) }
    return tls.use {
        System.err.println("connected: ${it.version} ${it.cipher?.name()} alpn=${it.alpnProtocol}")
        val out = lines.joinToString("") { line -> "$line\n" }.toByteArray()
        it.write(ByteBuffer.wrap(out))
        val back = ByteBuffer.allocate(out.size)
        it.readFully(back)
        it.shutdown()                        // close_notify both ways
        String(back.array()).lines().dropLast(1)
    }
}
