@file:OptIn(InternalTlsApi::class)

package dev.tlskit.tck.spec

import dev.tlskit.WrapOptions
import dev.tlskit.kotlin.InternalTlsApi
import dev.tlskit.kotlin.TlsTransportDiagnostics
import dev.tlskit.kotlin.bind
import dev.tlskit.kotlin.connect
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.Socket
import java.nio.ByteBuffer
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

/**
 * Nagle's algorithm is off on every socket tlskit drives (issue 11): the engine driver writes whole TLS records, so
 * Nagle only delays them, and against a server that sends nothing right after the handshake (BoringSSL holds its TLS
 * 1.3 NewSessionTickets until its first write) a client's first request waited for the delayed ACK, ~40 ms per
 * connection. The options are asserted, not the timing.
 */
public fun socketOptionsSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"

    /** A connected loopback pair with Nagle on at both ends, as `new Socket()` and `accept()` leave it. */
    fun nagledPair(): Pair<Socket, Socket> = ServerSocket(0, 1, InetAddress.getLoopbackAddress()).use { listener ->
        val client = Socket(InetAddress.getLoopbackAddress(), listener.localPort)
        val server = listener.accept()
        client.tcpNoDelay shouldBe false
        server.tcpNoDelay shouldBe false
        client to server
    }

    test("$p wrapSocket turns Nagle's algorithm off on the client and the server socket before the handshake") {
        val (client, server) = nagledPair()
        val serverTls = serverContext(provider).wrapSocket(server, WrapOptions.server().withDoHandshakeOnConnect(false))
        val clientTls = clientContext(provider).wrapSocket(client,
            WrapOptions.client("localhost").withDoHandshakeOnConnect(false))
        serverTls.use {
            clientTls.use {
                client.tcpNoDelay shouldBe true
                server.tcpNoDelay shouldBe true
                // and the connection still works: a handshake and a byte each way
                val served = CompletableFuture.supplyAsync {
                    serverTls.doHandshake()
                    val b = serverTls.getInputStream().read()
                    serverTls.getOutputStream().write(b + 1)
                    b
                }
                clientTls.doHandshake()
                clientTls.getOutputStream().write(41)
                clientTls.getInputStream().read() shouldBe 42
                served.get(30, TimeUnit.SECONDS) shouldBe 41
            }
        }
    }

    test("$p withTcpNoDelay(false) leaves the socket's option as the caller set it") {
        val (client, server) = nagledPair()
        server.use {
            clientContext(provider).wrapSocket(client,
                WrapOptions.client("localhost").withDoHandshakeOnConnect(false).withTcpNoDelay(false)).use {
                client.tcpNoDelay shouldBe false
            }
        }
        WrapOptions.client("localhost").tcpNoDelay() shouldBe true
        WrapOptions.server().tcpNoDelay() shouldBe true
    }

    test("$p the coroutine transport's connected and accepted sockets have Nagle's algorithm off") {
        coroutineScope {
            serverContext(provider).bind().use { server ->
                val accepted = async(Dispatchers.Default) {
                    server.accept().use { tls ->
                        tls.handshake()
                        val buf = ByteBuffer.allocate(1)
                        tls.read(buf)
                        // both ends are open here: the client waits for this byte
                        val withNagle = TlsTransportDiagnostics.socketsWithNagle()
                        tls.write(buf.flip())
                        withNagle
                    }
                }
                clientContext(provider).connect(InetSocketAddress(InetAddress.getLoopbackAddress(), server.port),
                    "localhost").use { tls ->
                    TlsTransportDiagnostics.snapshot().openSockets shouldBeGreaterThanOrEqual 3 // listener, both ends
                    tls.write(ByteBuffer.wrap(byteArrayOf(7)))
                    val back = ByteBuffer.allocate(1)
                    tls.readFully(back)
                    back.get(0) shouldBe 7.toByte()
                    TlsTransportDiagnostics.socketsWithNagle() shouldBe 0
                }
                accepted.await() shouldBe 0
            }
        }
        shouldLeakNothing()
    }
}
