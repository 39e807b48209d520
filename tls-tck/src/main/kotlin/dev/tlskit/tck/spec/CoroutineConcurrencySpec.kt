@file:OptIn(InternalTlsApi::class)

package dev.tlskit.tck.spec

import dev.tlskit.kotlin.InternalTlsApi
import dev.tlskit.kotlin.TlsTransportDiagnostics
import dev.tlskit.kotlin.bind
import dev.tlskit.kotlin.connect
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.sync.withPermit
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import java.nio.ByteBuffer
import java.util.concurrent.atomic.AtomicInteger
import kotlin.random.Random
import kotlin.time.Duration.Companion.seconds

/**
 * [connections] simultaneous loopback connections through one `TlsServer`: every client connects (at most
 * [handshakesAtOnce] handshakes in flight, as they are CPU-bound), and only when all [connections] clients and all
 * server channels are up — so at least [connections] connections are open at once — does each client send its own
 * pseudo-random 8 KiB, read the echo and compare every byte, and close with close_notify both ways.
 */
public fun coroutineConcurrencySpec(provider: String, connections: Int = 1000, handshakesAtOnce: Int = 64): TestFactory = funSpec {
    test("[$provider] coroutines: $connections simultaneous loopback connections through one TlsServer, every byte checked") {
        val size = 8 * 1024
        val serverCtx = dslServer(provider)
        val clientCtx = dslClient(provider)
        val started = System.nanoTime()
        withContext(Dispatchers.Default) {
            withTimeout(120.seconds) {
                serverCtx.bind(backlog = 2 * connections).use { server ->
                    val serverUp = AtomicInteger()
                    val allServerUp = CompletableDeferred<Unit>()
                    val clientsUp = AtomicInteger()
                    val allClientsUp = CompletableDeferred<Unit>()
                    val go = CompletableDeferred<Unit>()
                    val handlers = launch {
                        server.incoming().take(connections).collect { tls ->
                            launch {
                                tls.use {
                                    it.handshake()
                                    if (serverUp.incrementAndGet() == connections) allServerUp.complete(Unit)
                                    val buf = ByteBuffer.allocate(size)
                                    it.readFully(buf)
                                    buf.flip()
                                    it.write(buf)
                                    it.read(ByteBuffer.allocate(1)) shouldBe -1 // the client's close_notify
                                    it.shutdown()
                                }
                            }
                        }
                    }
                    val handshakes = Semaphore(handshakesAtOnce)
                    val results = List(connections) { i ->
                        async {
                            val tls = handshakes.withPermit { clientCtx.connect("127.0.0.1", server.port, "localhost") }
                            tls.use {
                                if (clientsUp.incrementAndGet() == connections) allClientsUp.complete(Unit)
                                go.await()
                                val payload = Random(i).nextBytes(size)
                                val writer = launch { it.write(ByteBuffer.wrap(payload)) }
                                val echo = ByteBuffer.allocate(size)
                                it.readFully(echo)
                                writer.join()
                                it.shutdown()
                                echo.array().contentEquals(payload)
                            }
                        }
                    }
                    allClientsUp.await()
                    allServerUp.await()
                    val peak = TlsTransportDiagnostics.snapshot()
                    val upAfter = (System.nanoTime() - started) / 1_000_000
                    go.complete(Unit)
                    results.awaitAll().count { it } shouldBe connections
                    handlers.join()
                    peak.liveConnections shouldBeGreaterThanOrEqual 2 * connections
                    peak.openSockets shouldBeGreaterThanOrEqual 2 * connections + 1
                    println("[$provider] $connections connections: all open at once after $upAfter ms " +
                        "(peak: ${peak.openSockets} sockets, ${peak.liveConnections} TLS connections), " +
                        "echo done after ${(System.nanoTime() - started) / 1_000_000} ms")
                }
            }
        }
        shouldLeakNothing()
    }
}
