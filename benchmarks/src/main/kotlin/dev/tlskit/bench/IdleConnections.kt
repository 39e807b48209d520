@file:JvmName("IdleConnections")

package dev.tlskit.bench

import dev.tlskit.TlsVersion
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.sync.withPermit
import java.io.File
import java.lang.management.BufferPoolMXBean
import java.lang.management.ManagementFactory
import java.nio.ByteBuffer
import java.util.Locale

/**
 * Heap per idle established connection (issue 5: at most 24 KiB at 10 000 connections). This JVM runs a tlskit coroutine
 * echo server; a child JVM ([IdleClients]) opens the connections, so each process needs only one descriptor per
 * connection and each side is measured on its own. Every connection completes its handshake and one 16-byte echo, then
 * both sides wait in a suspended `read`: the server's echo coroutine (with a 1 KiB application buffer, counted) and the
 * client's reader coroutine. Heap is measured after three full GCs, before and after, and divided by the connections.
 * Direct buffers (tlskit pools its direct queues on Conscrypt) and the process RSS, which includes BoringSSL's native
 * `SSL` objects, are reported beside it.
 *
 * ```
 * ulimit -n 20000   # 10 000 connections need 10 000 descriptors in each JVM (check `ulimit -Hn`)
 * java -Xmx2g -cp benchmarks/target/benchmarks.jar dev.tlskit.bench.IdleConnections conscrypt 10000 tlskit
 * java -Xmx2g -cp benchmarks/target/benchmarks.jar dev.tlskit.bench.IdleConnections jdk 10000 ktor   # TLS 1.2
 * ```
 */
fun main(args: Array<String>) {
    val provider = args.getOrNull(0) ?: "conscrypt"
    val connections = args.getOrNull(1)?.toInt() ?: 10_000
    val kind = args.getOrNull(2) ?: "tlskit"
    val version = if (kind == "ktor") TlsVersion.TLSv1_2 else TlsVersion.TLSv1_3
    CoroutineEchoServer(serverContext(provider, version), bufferSize = 1024).use { server ->
        val java = File(System.getProperty("java.home"), "bin/java").path
        val cp = System.getProperty("java.class.path")
        val child = ProcessBuilder(java, "-Xmx2g", "-cp", cp, "dev.tlskit.bench.IdleClients", server.port.toString(),
            connections.toString(), provider, kind, version.name, BenchPki.get().caPem.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT).start()
        val lines = child.inputStream.bufferedReader()
        var warmed = 0
        var baseline = 0L
        var direct0 = 0L
        var rss0 = 0L
        while (true) {
            val line = lines.readLine() ?: error("the client JVM ended early (exit ${child.waitFor()})")
            println("  [clients] $line")
            when {
                line.startsWith("WARMED ") -> {
                    warmed = line.removePrefix("WARMED ").trim().toInt()
                    waitFor { server.accepted >= warmed }
                    Thread.sleep(500) // the warm-up connections' server coroutines finish closing
                    baseline = settledHeap(); direct0 = directBytes(); rss0 = rssBytes()
                    child.outputStream.write("go\n".toByteArray()); child.outputStream.flush()
                }
                line.startsWith("READY") -> break
            }
        }
        waitFor { server.accepted >= warmed + connections }
        Thread.sleep(1000)
        val heap = settledHeap()
        report("server", provider, version, connections, heap - baseline, directBytes() - direct0, rssBytes() - rss0)
        child.outputStream.write("quit\n".toByteArray()); child.outputStream.flush()
        child.waitFor()
    }
}

/** Prints one side's per-connection figures. */
internal fun report(side: String, provider: String, version: TlsVersion, n: Int, heap: Long, direct: Long, rss: Long) {
    println(String.format(Locale.ROOT, "%s side, %s, %s, %d idle connections: heap %.1f KiB/connection (%.1f MiB), " +
        "direct %.1f KiB/connection, RSS %.1f KiB/connection", side, provider, version, n, heap / 1024.0 / n,
        heap / 1048576.0, direct / 1024.0 / n, rss / 1024.0 / n))
}

internal fun settledHeap(): Long {
    repeat(3) { System.gc(); Thread.sleep(300) }
    return ManagementFactory.getMemoryMXBean().heapMemoryUsage.used
}

internal fun directBytes(): Long = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean::class.java)
    .filter { it.name == "direct" }.sumOf { it.memoryUsed }

internal fun rssBytes(): Long = File("/proc/self/status").readLines().firstOrNull { it.startsWith("VmRSS:") }
    ?.split(Regex("\\s+"))?.get(1)?.toLong()?.times(1024) ?: 0L

private fun waitFor(condition: () -> Boolean) {
    val end = System.nanoTime() + 600_000_000_000L
    while (!condition()) {
        check(System.nanoTime() < end) { "timed out" }
        Thread.sleep(50)
    }
}

/** The child JVM of [IdleConnections]: `port connections provider tlskit|ktor version ca.pem`. */
object IdleClients {
    private const val WARM_UP = 200
    private const val CONCURRENCY = 64

    @JvmStatic
    fun main(args: Array<String>) {
        val port = args[0].toInt()
        val n = args[1].toInt()
        val provider = args[2]
        val kind = args[3]
        val version = TlsVersion.valueOf(args[4])
        trustedCaPem = java.nio.file.Path.of(args[5])
        val client = clientContext(provider, version)
        val idle = CoroutineScope(SupervisorJob() + Dispatchers.Default)
        val stdin = System.`in`.bufferedReader()
        runBlocking(Dispatchers.Default) {
            open(WARM_UP, kind, client, port, idle = null).forEach { it.close() }
        }
        Thread.sleep(500)
        val baseline = settledHeap(); val direct0 = directBytes(); val rss0 = rssBytes()
        println("WARMED $WARM_UP")
        check(stdin.readLine() == "go")
        val t0 = System.nanoTime()
        val open = runBlocking(Dispatchers.Default) { open(n, kind, client, port, idle) }
        println(String.format(Locale.ROOT, "opened %d connections in %.1f s", open.size, (System.nanoTime() - t0) / 1e9))
        Thread.sleep(1000)
        val heap = settledHeap()
        report("client ($kind)", provider, version, n, heap - baseline, directBytes() - direct0, rssBytes() - rss0)
        println("READY")
        check(stdin.readLine() == "quit")
        open.forEach { runCatching { it.close() } }
    }

    /** Opens [n] connections, [CONCURRENCY] handshakes at a time; each echoes 16 bytes, then waits in a read. */
    private suspend fun open(n: Int, kind: String, client: dev.tlskit.TlsContext, port: Int, idle: CoroutineScope?):
        List<AutoCloseable> = kotlinx.coroutines.coroutineScope {
        val permits = Semaphore(CONCURRENCY)
        List(n) {
            async {
                permits.withPermit {
                    when (kind) {
                        "tlskit" -> CoroutineClient.open(client, port).also { c ->
                            c.echo(ByteBuffer.allocate(16), ByteBuffer.allocate(16))
                            idle?.launch { runCatching { c.channel.read(ByteBuffer.allocate(1)) } }
                        }
                        "ktor" -> KtorClient.open(port).also { c ->
                            c.echo(ByteArray(16), ByteArray(16))
                            idle?.launch { runCatching { c.waitForData() } }
                        }
                        else -> error("unknown client kind $kind")
                    }
                }
            }
        }.awaitAll()
    }
}
