@file:JvmName("EchoServer")

package dev.tlskit.samples.coroutines

import dev.tlskit.Protocol
import dev.tlskit.TlsContext
import dev.tlskit.TlsException
import dev.tlskit.kotlin.TlsChannel
import dev.tlskit.kotlin.TlsServer
import dev.tlskit.kotlin.bind
import dev.tlskit.kotlin.tlsContext
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import java.net.InetSocketAddress
import java.nio.ByteBuffer
import java.nio.file.Path

/**
 * A TLS echo server on coroutines: one coroutine per connection, thousands of connections on a few threads.
 *
 * ```
 * java -cp tlskit.jar dev.tlskit.samples.coroutines.EchoServer 8443 chain.pem key.pem
 * ```
 */
fun main(args: Array<String>) {
    if (args.size != 3) {
        System.err.println("usage: EchoServer PORT CHAIN.pem KEY.pem")
        kotlin.system.exitProcess(2)
    }
    val context = tlsContext(Protocol.PROTOCOL_TLS_SERVER) {
        identity { certChain(Path.of(args[1]), Path.of(args[2])) }
        alpn("echo")
    }
    runBlocking {
        context.bind(InetSocketAddress("127.0.0.1", args[0].toInt())).use { server ->
            println("listening on ${server.localAddress}")
            serveEcho(server)
        }
    }
}

/** Accepts until [server] is closed; echoes every connection in its own coroutine. */
suspend fun serveEcho(server: TlsServer) = coroutineScope {
    server.incoming().collect { tls ->
        launch {
            tls.use { echo(it) }
        }
    }
}

/** Echoes until the client closes, then answers its close_notify. */
suspend fun echo(tls: TlsChannel) {
    val buf = ByteBuffer.allocate(16 * 1024)
    try {
        tls.handshake()
        while (tls.read(buf) >= 0) {
            buf.flip()
            tls.write(buf)
            buf.clear()
        }
        tls.shutdown()
    } catch (e: TlsException) {
        System.err.println("${tls.remoteAddress}: ${e.message}")   // one bad client never stops the server
    }
}

/** The server context used by the sample's test: presents [chain] and [key]. */
fun echoServerContext(chain: Path, key: Path): TlsContext =
    tlsContext(Protocol.PROTOCOL_TLS_SERVER) { identity { certChain(chain, key) }; alpn("echo") }
