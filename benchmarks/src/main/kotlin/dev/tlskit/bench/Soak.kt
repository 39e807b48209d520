@file:OptIn(dev.tlskit.kotlin.InternalTlsApi::class)
@file:JvmName("Soak")

package dev.tlskit.bench

import dev.tlskit.Tls
import dev.tlskit.TlsVersion
import dev.tlskit.WrapOptions
import dev.tlskit.kotlin.TlsTransportDiagnostics
import dev.tlskit.kotlin.connect
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.sync.withPermit
import java.io.File
import java.lang.management.ManagementFactory
import java.lang.management.MemoryType
import java.net.InetSocketAddress
import java.net.Socket
import java.nio.ByteBuffer
import java.util.Locale
import java.util.concurrent.atomic.AtomicInteger
import kotlin.random.Random
import kotlin.system.exitProcess

/**
 * The soak of issue 11: [connections] loopback TLS 1.3 connections to a tlskit coroutine echo server, first one at a
 * time through blocking `TlsSocket`s, then [concurrency] at a time through the coroutine transport, on each backend
 * (or with the client on one backend and the server on another: `client/server`, e.g. `jdk/conscrypt`).
 * Every connection handshakes, sends a 4 KiB message made from its own seed, reads the echo back, checks every byte
 * and closes. Before (after a warm-up), between and after the phases it reads the process's open descriptors, live
 * threads, the transport's registered selector keys and open sockets, and the heap after full GCs; the run fails (exit
 * status 1) on any wrong byte or error, or when descriptors, threads or keys grew.
 *
 * ```
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.tlskit.bench.Soak            # every installed backend, 10 000 each
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.tlskit.bench.Soak jdk 2000 100
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.tlskit.bench.Soak conscrypt/jdk 1000 50   # client/server
 * ```
 */
fun main(args: Array<String>) {
    val providers = args.getOrNull(0)?.takeIf { it != "all" }?.let(::listOf) ?: Tls.providers().map { it.name() }.sorted()
    val connections = args.getOrNull(1)?.toInt() ?: 10_000
    val concurrency = args.getOrNull(2)?.toInt() ?: 200
    var failed = false
    for (provider in providers) {
        val (client, server) = if ('/' in provider) provider.split('/', limit = 2) else listOf(provider, provider)
        failed = soak(client, server, connections, concurrency) || failed
    }
    exitProcess(if (failed) 1 else 0)
}

/** What is counted between phases. */
private data class Measures(val fds: Int, val threads: Int, val keys: Int, val sockets: Int, val heapMiB: Double) {
    override fun toString() = String.format(Locale.ROOT, "fds=%d threads=%d selectorKeys=%d openSockets=%d heap=%.1fMiB", fds, threads, keys, sockets, heapMiB)
}

private fun measure(): Measures {
    // GC first: an engine that is closed but not yet collected may still hold native resources (Conscrypt frees its
    // per-engine descriptors in a finalizer), and only what survives a GC is a leak
    val heap = settledHeap() / 1048576.0
    val d = runBlocking { TlsTransportDiagnostics.snapshot() }
    return Measures(File("/proc/self/fd").list()!!.size, Thread.activeCount(), d.registeredKeys, d.openSockets, heap)
}

/** Resets the heap pools' peak usage, so that [peakHeapMiB] reports the peak of what runs next. */
private fun resetPeakHeap() = ManagementFactory.getMemoryPoolMXBeans().filter { it.type == MemoryType.HEAP }.forEach { it.resetPeakUsage() }

/** The sum of the heap pools' peaks since [resetPeakHeap] (an upper bound: the pools need not peak together). */
private fun peakHeapMiB(): Double =
    ManagementFactory.getMemoryPoolMXBeans().filter { it.type == MemoryType.HEAP }.sumOf { it.peakUsage.used } / 1048576.0

private const val MESSAGE = 4096

private fun message(seed: Int): ByteArray = Random(seed).nextBytes(MESSAGE)

/** Runs both phases with the client on [clientProvider] and the server on [serverProvider]; true when it failed. */
private fun soak(clientProvider: String, serverProvider: String, connections: Int, concurrency: Int): Boolean {
    val provider = if (clientProvider == serverProvider) clientProvider else "$clientProvider/$serverProvider"
    val serverCtx = serverContext(serverProvider, TlsVersion.TLSv1_3)
    val clientCtx = clientContext(clientProvider, TlsVersion.TLSv1_3)
    val errors = AtomicInteger()
    val wrong = AtomicInteger()
    CoroutineEchoServer(serverCtx, bufferSize = MESSAGE).use { server ->
        fun blocking(seed: Int) {
            try {
                clientCtx.wrapSocket(Socket(LOOPBACK, server.port), WrapOptions.client("localhost")).use { tls ->
                    val sent = message(seed)
                    tls.sendall(sent)
                    val back = tls.getInputStream().readNBytes(MESSAGE)
                    if (!back.contentEquals(sent)) wrong.incrementAndGet()
                }
            } catch (e: Exception) {
                if (errors.incrementAndGet() <= 3) System.err.println("[$provider] blocking connection $seed: $e")
            }
        }

        suspend fun coroutine(seed: Int) {
            try {
                clientCtx.connect(InetSocketAddress(LOOPBACK, server.port), "localhost").use { tls ->
                    val sent = message(seed)
                    tls.write(ByteBuffer.wrap(sent))
                    val back = ByteBuffer.allocate(MESSAGE)
                    tls.readFully(back)
                    if (!back.array().contentEquals(sent)) wrong.incrementAndGet()
                }
            } catch (e: Exception) {
                if (errors.incrementAndGet() <= 3) System.err.println("[$provider] coroutine connection $seed: $e")
            }
        }

        repeat(200) { blocking(-it - 1) } // warm-up: class loading, JIT, pools, the selector thread
        runBlocking(Dispatchers.Default) { (1..concurrency).map { async { coroutine(-1000 - it) } }.awaitAll() }
        val before = measure()
        println("[$provider] before:      $before")

        resetPeakHeap()
        var t = System.nanoTime()
        for (i in 0 until connections) blocking(i)
        val sequentialSeconds = (System.nanoTime() - t) / 1e9
        val sequentialPeak = peakHeapMiB()
        val afterSequential = measure()
        println(String.format(Locale.ROOT, "[%s] sequential:  %d connections in %.1f s (%.0f/s), peak heap %.0fMiB; %s",
            provider, connections, sequentialSeconds, connections / sequentialSeconds, sequentialPeak, afterSequential))

        resetPeakHeap()
        t = System.nanoTime()
        val gate = Semaphore(concurrency)
        runBlocking(Dispatchers.Default) {
            (0 until connections).map { i -> async { gate.withPermit { coroutine(connections + i) } } }.awaitAll()
        }
        val concurrentSeconds = (System.nanoTime() - t) / 1e9
        val concurrentPeak = peakHeapMiB()
        val after = measure()
        println(String.format(Locale.ROOT, "[%s] %d-concurrent: %d connections in %.1f s (%.0f/s), peak heap %.0fMiB; %s",
            provider, concurrency, connections, concurrentSeconds, connections / concurrentSeconds, concurrentPeak, after))

        // small slack: the JVM and the selector may open a descriptor or start a pool thread on their own
        val grew = listOfNotNull(
            "descriptors".takeIf { after.fds > before.fds + 8 },
            "threads".takeIf { after.threads > before.threads + 4 },
            "selector keys".takeIf { after.keys > before.keys },
            "open sockets".takeIf { after.sockets > before.sockets },
        )
        val verdict = if (errors.get() == 0 && wrong.get() == 0 && grew.isEmpty()) "OK" else "FAILED"
        println("[$provider] $verdict: ${2 * connections} connections, ${errors.get()} errors, ${wrong.get()} wrong echoes" +
            (if (grew.isEmpty()) "" else ", grew: ${grew.joinToString()}"))
        return verdict != "OK"
    }
}
