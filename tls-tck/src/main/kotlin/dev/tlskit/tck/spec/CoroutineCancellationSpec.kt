@file:OptIn(InternalTlsApi::class)

package dev.tlskit.tck.spec

import dev.tlskit.kotlin.InternalTlsApi
import dev.tlskit.kotlin.TlsChannel
import dev.tlskit.kotlin.TlsTransportDiagnostics.Phase
import dev.tlskit.kotlin.bind
import dev.tlskit.kotlin.connect
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.nio.ByteBuffer
import java.nio.channels.AsynchronousCloseException
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

private val loopback: InetAddress = InetAddress.getLoopbackAddress()

/**
 * Cancellation at every point a coroutine can wait (connect, handshake on each side, read, write, accept, a time
 * limit): the socket is closed (the peer sees the end), and nothing is left behind — no open socket, engine, buffer,
 * selector key or extra thread. Each test parks the coroutine at the exact point through the diagnostics listener.
 */
public fun coroutineCancellationSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider] coroutine cancellation:"
    afterEach { noParkListener() }

    test("$p mid-connect (the server's accept queue is full): the socket is closed and nothing leaks") {
        ServerSocket(0, 1, loopback).use { listener ->
            // Linux queues backlog + 1 connections; the SYN of the next one is dropped, so its connect stays pending
            val fillers = List(2) { Socket(loopback, listener.localPort) }
            try {
                val parked = parkedIn(Phase.CONNECT)
                val job = launch(Dispatchers.Default) { dslClient(provider).connect("127.0.0.1", listener.localPort, "localhost") }
                withTimeout(10.seconds) { parked.await() }
                job.cancelAndJoin()
                job.isCancelled shouldBe true
                shouldLeakNothing()
            } finally {
                fillers.forEach { it.close() }
            }
        }
    }

    test("$p client mid-handshake (a server that never answers): the server sees the connection end") {
        ServerSocket(0, 8, loopback).use { silent ->
            val parked = parkedIn(Phase.HANDSHAKE)
            val job = launch(Dispatchers.Default) { dslClient(provider).connect("127.0.0.1", silent.localPort, "localhost") }
            withTimeout(10.seconds) { parked.await() }
            job.cancelAndJoin()
            shouldLeakNothing()
            withContext(Dispatchers.IO) { silent.accept() }.use { it.readToEnd() shouldBeGreaterThan 0 } // the ClientHello, then EOF
        }
    }

    test("$p server mid-handshake (a client that sends nothing): the client sees the connection end") {
        dslServer(provider).bind().use { server ->
            Socket(loopback, server.port).use { raw ->
                val parked = parkedIn(Phase.HANDSHAKE)
                val job = launch(Dispatchers.Default) { server.accept().use { it.handshake() } }
                withTimeout(10.seconds) { parked.await() }
                job.cancelAndJoin()
                raw.readToEnd() shouldBe 0
            }
        }
        shouldLeakNothing()
    }

    test("$p mid-read: the reader's socket is closed, the peer's next read ends, nothing leaks") {
        withContext(Dispatchers.Default) {
            dslServer(provider).bind().use { server ->
                val serverSide = async { server.accept().also { it.handshake() } }
                val client = dslClient(provider).connect("127.0.0.1", server.port, "localhost")
                val peer = serverSide.await()
                val parked = parkedIn(Phase.READ)
                val job = launch { client.read(ByteBuffer.allocate(100)) }
                withTimeout(10.seconds) { parked.await() }
                job.cancelAndJoin()
                client.isOpen shouldBe false
                peer.use { it.drainToEnd() shouldBe true }
            }
        }
        shouldLeakNothing()
    }

    test("$p mid-write (the peer does not read): the writer's socket is closed, nothing leaks") {
        withContext(Dispatchers.Default) {
            dslServer(provider).bind().use { server ->
                val serverSide = async { server.accept().also { it.handshake() } }
                val client = dslClient(provider).connect("127.0.0.1", server.port, "localhost")
                val peer = serverSide.await()
                val parked = parkedIn(Phase.WRITE)
                val job = launch { client.write(ByteBuffer.allocate(64 shl 20)) }
                withTimeout(20.seconds) { parked.await() }
                job.cancelAndJoin()
                client.isOpen shouldBe false
                peer.use { it.drainToEnd() shouldBe true }
            }
        }
        shouldLeakNothing()
    }

    test("$p cancelling a parked reader while a writer is parked too: the writer fails with AsynchronousCloseException") {
        withContext(Dispatchers.Default) {
            dslServer(provider).bind().use { server ->
                val serverSide = async { server.accept().also { it.handshake() } }
                val client = dslClient(provider).connect("127.0.0.1", server.port, "localhost")
                val peer = serverSide.await()
                val reading = CompletableDeferred<Unit>()
                val writing = CompletableDeferred<Unit>()
                dev.tlskit.kotlin.TlsTransportDiagnostics.suspensionListener = {
                    if (it == Phase.READ) reading.complete(Unit)
                    if (it == Phase.WRITE) writing.complete(Unit)
                }
                val writer = async { runCatching { client.write(ByteBuffer.allocate(64 shl 20)) } }
                withTimeout(20.seconds) { writing.await() }
                val reader = launch { client.read(ByteBuffer.allocate(100)) }
                withTimeout(10.seconds) { reading.await() }
                reader.cancelAndJoin()
                writer.await().exceptionOrNull().shouldBeInstanceOf<AsynchronousCloseException>()
                peer.use { it.drainToEnd() shouldBe true }
            }
        }
        shouldLeakNothing()
    }

    test("$p withTimeout around connect: a server that never answers gives TimeoutCancellationException and no leak") {
        ServerSocket(0, 8, loopback).use { silent ->
            shouldThrow<TimeoutCancellationException> {
                withTimeout(300.milliseconds) { dslClient(provider).connect("127.0.0.1", silent.localPort, "localhost") }
            }
            shouldLeakNothing()
        }
    }

    test("$p cancelling accept() leaves the server open and serving; closing it then leaks nothing") {
        withContext(Dispatchers.Default) {
            dslServer(provider).bind().use { server ->
                val parked = parkedIn(Phase.ACCEPT)
                val job = launch { server.accept() }
                withTimeout(10.seconds) { parked.await() }
                job.cancelAndJoin()
                noParkListener()
                server.isOpen shouldBe true
                val accepted = async { server.accept().use { it.readText() } }
                dslClient(provider).connect("127.0.0.1", server.port, "localhost").use { it.writeText("still here") }
                accepted.await() shouldBe "still here"
            }
        }
        shouldLeakNothing()
    }
}
