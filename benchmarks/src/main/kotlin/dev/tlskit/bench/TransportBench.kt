@file:JvmName("TransportBench")

package dev.tlskit.bench

import dev.tlskit.TlsVersion
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import java.lang.management.ManagementFactory
import java.nio.ByteBuffer
import java.util.Locale
import java.util.concurrent.Callable
import java.util.concurrent.Executors

/**
 * The coroutine transport against blocking `TlsSocket`s (one thread per connection) and Ktor's `ktor-network-tls`, in
 * one JVM and one run (issue 5): echo throughput with 16 KiB messages and handshakes per second with 64 concurrent
 * clients. The rigs alternate in short rounds (ABAB…) so that every rig sees the same load from the other processes on
 * the machine; each round reports wall-clock throughput and throughput per second of process CPU time, and the ratios
 * are medians of per-round ratios with their inter-quartile range. Heap per idle connection is [IdleConnections].
 *
 * ```
 * java -cp benchmarks/target/benchmarks.jar dev.tlskit.bench.TransportBench [rounds] [seconds-per-round] [only]
 * ```
 * `only` is a regular expression over the sections `echo-conscrypt`, `echo-jdk`, `ktor-echo`, `handshake-conscrypt`,
 * `handshake-jdk`, `ktor-handshake` (default: all).
 * ```
 * ```
 */
fun main(args: Array<String>) {
    val rounds = args.getOrNull(0)?.toInt() ?: 5
    val seconds = args.getOrNull(1)?.toDouble() ?: 2.0
    val only = Regex(args.getOrNull(2) ?: ".*") // e.g. "echo-conscrypt", "handshake-.*", "ktor-.*"
    println("load average at start: ${loadAverage()}  (2 cores shared with other builds)")
    for (provider in listOf("conscrypt", "jdk")) {
        if (only.matches("echo-$provider")) echoComparison(provider, rounds, seconds)
    }
    if (only.matches("ktor-echo")) ktorEchoComparison(rounds, seconds)
    for (provider in listOf("conscrypt", "jdk")) {
        if (only.matches("handshake-$provider")) handshakeComparison(provider, rounds, seconds)
    }
    if (only.matches("ktor-handshake")) ktorHandshakeComparison(rounds, seconds)
    println("load average at end: ${loadAverage()}")
}

private const val MESSAGE = 16 * 1024
private const val ECHO_CONNECTIONS = 4
private const val HANDSHAKE_CLIENTS = 64

/** One measured round: operations done, wall seconds, process CPU seconds. */
private class Round(val ops: Long, val wall: Double, val cpu: Double) {
    val perWall get() = ops / wall
    val perCpu get() = ops / cpu
}

/** A rig runs for about [seconds] and says how many operations it did. */
private typealias Rig = (seconds: Double) -> Long

private fun measure(seconds: Double, rig: Rig): Round {
    val os = ManagementFactory.getOperatingSystemMXBean() as com.sun.management.OperatingSystemMXBean
    val cpu0 = os.processCpuTime
    val t0 = System.nanoTime()
    val ops = rig(seconds)
    return Round(ops, (System.nanoTime() - t0) / 1e9, (os.processCpuTime - cpu0) / 1e9)
}

/** Warms every rig, then alternates them for [rounds] rounds (rotating who goes first) and prints the ratios. */
private fun compare(title: String, unit: String, rounds: Int, seconds: Double, rigs: Map<String, Rig>, ratios: List<Pair<String, String>>) {
    val names = rigs.keys.toList()
    names.forEach { measure(seconds, rigs.getValue(it)) } // warm-up: JIT and connections
    val results = names.associateWith { ArrayList<Round>() }
    for (r in 0 until rounds) {
        for (k in names.indices) {
            val name = names[(k + r) % names.size]
            results.getValue(name).add(measure(seconds, rigs.getValue(name)))
        }
    }
    println("== $title ($rounds rounds of ${seconds}s each, load average ${loadAverage()})")
    for (name in names) {
        val rs = results.getValue(name)
        println(String.format(Locale.ROOT, "  %-34s %10.1f %s/s wall  %10.1f %s per CPU-second", name,
            median(rs.map { it.perWall }), unit, median(rs.map { it.perCpu }), unit))
    }
    for ((a, b) in ratios) {
        val wall = (0 until rounds).map { results.getValue(a)[it].perWall / results.getValue(b)[it].perWall }
        val cpu = (0 until rounds).map { results.getValue(a)[it].perCpu / results.getValue(b)[it].perCpu }
        println(String.format(Locale.ROOT, "  %s / %s: wall %.3f (IQR %.3f..%.3f), per CPU %.3f (IQR %.3f..%.3f)", a, b,
            median(wall), quantile(wall, 0.25), quantile(wall, 0.75), median(cpu), quantile(cpu, 0.25), quantile(cpu, 0.75)))
    }
}

// ---------------------------------------------------------------- echo

private fun echoComparison(provider: String, rounds: Int, seconds: Double) {
    val v = TlsVersion.TLSv1_3
    CoroutineEchoServer(serverContext(provider, v)).use { cs ->
        BlockingEchoServer(serverContext(provider, v)).use { bs ->
            val client = clientContext(provider, v)
            compare("echo throughput, 16 KiB messages pipelined, $ECHO_CONNECTIONS connections, $provider, TLS 1.3",
                "MiB", rounds, seconds,
                mapOf("coroutine client+server" to coroutineStream(client, cs.port),
                    "blocking TlsSocket client+server" to blockingStream(client, bs.port)),
                listOf("coroutine client+server" to "blocking TlsSocket client+server"))
            compare("echo round trips (ping-pong), 16 KiB messages, $ECHO_CONNECTIONS connections, $provider, TLS 1.3",
                "MiB", rounds, seconds,
                mapOf("coroutine client+server" to coroutineEcho(client, cs.port),
                    "blocking TlsSocket client+server" to blockingEcho(client, bs.port),
                    "blocking client, coroutine server" to blockingEcho(client, cs.port)),
                listOf("coroutine client+server" to "blocking TlsSocket client+server",
                    "blocking client, coroutine server" to "blocking TlsSocket client+server"))
        }
    }
}

/**
 * Pipelined echo: per connection a writer sends 16 KiB messages back to back while a reader takes the echoes, so the
 * stack's throughput is measured rather than a round trip's scheduling latency. MiB echoed back per round.
 */
private fun coroutineStream(context: dev.tlskit.TlsContext, port: Int): Rig {
    val clients = runBlocking { List(ECHO_CONNECTIONS) { CoroutineClient.open(context, port) } }
    return suspendStream(clients.map { c ->
        val out = ByteBuffer.wrap(BulkBenchmark.plaintext(MESSAGE).array())
        val back = ByteBuffer.allocate(MESSAGE)
        StreamEnds({ out.clear(); c.channel.write(out) }, { max -> back.clear().limit(max); c.channel.read(back) })
    })
}

private fun ktorStream(port: Int): Rig {
    val clients = runBlocking { List(ECHO_CONNECTIONS) { KtorClient.open(port) } }
    return suspendStream(clients.map { c ->
        val out = BulkBenchmark.plaintext(MESSAGE).array()
        val back = ByteArray(MESSAGE)
        StreamEnds({ c.send(out) }, { max -> c.receive(back, max) })
    })
}

/** A connection's two halves for [suspendStream]: send one message; receive at most `max` bytes. */
private class StreamEnds(val send: suspend () -> Unit, val receive: suspend (Int) -> Int)

/**
 * Pipelined echo on coroutines: per connection a writer coroutine sends [STREAM_MESSAGES] messages back to back while a
 * reader coroutine takes the echoes; neither ever spins. MiB echoed back per round (a fixed amount of work).
 */
private fun suspendStream(connections: List<StreamEnds>): Rig = { _ ->
    val received = runBlocking(Dispatchers.Default) {
        connections.map { c ->
            val writer = async { repeat(STREAM_MESSAGES) { c.send() } }
            val reader = async {
                var got = 0L
                val total = STREAM_MESSAGES.toLong() * MESSAGE
                while (got < total) {
                    val n = c.receive(minOf(MESSAGE.toLong(), total - got).toInt())
                    check(n > 0) { "the echo server closed" }
                    got += n
                }
                got
            }
            writer.await()
            reader.await()
        }.sum()
    }
    received / (1024 * 1024)
}

/** Messages each connection sends per round of a pipelined echo (about 19 MiB): a fixed amount of work per round. */
private const val STREAM_MESSAGES = 1200

private fun blockingStream(context: dev.tlskit.TlsContext, port: Int): Rig {
    val clients = List(ECHO_CONNECTIONS) { BlockingClient.open(context, port) }
    val pool = Executors.newFixedThreadPool(2 * ECHO_CONNECTIONS) { r -> Thread(r).apply { isDaemon = true } }
    return { _ ->
        val tasks = clients.flatMap { c ->
            listOf(Callable {
                val out = BulkBenchmark.plaintext(MESSAGE).array()
                repeat(STREAM_MESSAGES) { c.socket.write(out, 0, out.size) }
                0L
            }, Callable {
                val back = ByteArray(MESSAGE)
                var got = 0L
                val total = STREAM_MESSAGES.toLong() * MESSAGE
                while (got < total) {
                    val n = c.socket.read(back, 0, minOf(back.size.toLong(), total - got).toInt())
                    check(n > 0) { "the echo server closed" }
                    got += n
                }
                got
            })
        }
        pool.invokeAll(tasks).sumOf { it.get() } / (1024 * 1024)
    }
}

/** Ktor's client only (it has no TLS server): both clients against the same tlskit coroutine server, jdk, TLS 1.2. */
private fun ktorEchoComparison(rounds: Int, seconds: Double) {
    val v = TlsVersion.TLSv1_2
    CoroutineEchoServer(serverContext("jdk", v)).use { cs ->
        compare("echo throughput, 16 KiB messages pipelined, $ECHO_CONNECTIONS connections, TLS 1.2 (Ktor's maximum), " +
            "jdk coroutine server", "MiB", rounds, seconds,
            mapOf("tlskit coroutine client" to coroutineStream(clientContext("jdk", v), cs.port),
                "ktor-network-tls client" to ktorStream(cs.port)),
            listOf("tlskit coroutine client" to "ktor-network-tls client"))
        compare("echo round trips (ping-pong), 16 KiB messages, $ECHO_CONNECTIONS connections, TLS 1.2, jdk coroutine server",
            "MiB", rounds, seconds,
            mapOf("tlskit coroutine client" to coroutineEcho(clientContext("jdk", v), cs.port),
                "ktor-network-tls client" to ktorEcho(cs.port)),
            listOf("tlskit coroutine client" to "ktor-network-tls client"))
    }
}

/** MiB echoed (sent and received back) per round, [ECHO_CONNECTIONS] connections each doing ping-pong. */
private fun coroutineEcho(context: dev.tlskit.TlsContext, port: Int): Rig {
    val clients = runBlocking { List(ECHO_CONNECTIONS) { CoroutineClient.open(context, port) } }
    return { seconds ->
        val end = System.nanoTime() + (seconds * 1e9).toLong()
        val done = runBlocking(Dispatchers.Default) {
            clients.map { c ->
                async {
                    val out = ByteBuffer.wrap(BulkBenchmark.plaintext(MESSAGE).array())
                    val back = ByteBuffer.allocate(MESSAGE)
                    var n = 0L
                    while (System.nanoTime() < end) {
                        c.echo(out, back); n++
                    }
                    n
                }
            }.awaitAll().sum()
        }
        done * MESSAGE / (1024 * 1024)
    }
}

private fun blockingEcho(context: dev.tlskit.TlsContext, port: Int): Rig {
    val clients = List(ECHO_CONNECTIONS) { BlockingClient.open(context, port) }
    val pool = Executors.newFixedThreadPool(ECHO_CONNECTIONS) { r -> Thread(r).apply { isDaemon = true } }
    return { seconds ->
        val end = System.nanoTime() + (seconds * 1e9).toLong()
        val done = pool.invokeAll(clients.map { c ->
            Callable {
                val out = BulkBenchmark.plaintext(MESSAGE).array()
                val back = ByteArray(MESSAGE)
                var n = 0L
                while (System.nanoTime() < end) {
                    c.echo(out, back); n++
                }
                n
            }
        }).sumOf { it.get() }
        done * MESSAGE / (1024 * 1024)
    }
}

private fun ktorEcho(port: Int): Rig {
    val clients = runBlocking { List(ECHO_CONNECTIONS) { KtorClient.open(port) } }
    return { seconds ->
        val end = System.nanoTime() + (seconds * 1e9).toLong()
        val done = runBlocking(Dispatchers.Default) {
            clients.map { c ->
                async {
                    val out = BulkBenchmark.plaintext(MESSAGE).array()
                    val back = ByteArray(MESSAGE)
                    var n = 0L
                    while (System.nanoTime() < end) {
                        c.echo(out, back); n++
                    }
                    n
                }
            }.awaitAll().sum()
        }
        done * MESSAGE / (1024 * 1024)
    }
}

// ---------------------------------------------------------------- handshakes

private fun handshakeComparison(provider: String, rounds: Int, seconds: Double) {
    val v = TlsVersion.TLSv1_3
    CoroutineEchoServer(serverContext(provider, v), bufferSize = 64).use { cs ->
        BlockingEchoServer(serverContext(provider, v), bufferSize = 64).use { bs ->
            val client = clientContext(provider, v)
            compare("full handshakes, $HANDSHAKE_CLIENTS concurrent clients, $provider, TLS 1.3", "handshakes",
                rounds, seconds,
                mapOf("coroutine clients+server" to coroutineHandshakes(client, cs.port),
                    "blocking clients+thread-per-connection server" to blockingHandshakes(client, bs.port)),
                listOf("coroutine clients+server" to "blocking clients+thread-per-connection server"))
        }
    }
}

private fun ktorHandshakeComparison(rounds: Int, seconds: Double) {
    val v = TlsVersion.TLSv1_2
    CoroutineEchoServer(serverContext("jdk", v), bufferSize = 64).use { cs ->
        compare("full handshakes, $HANDSHAKE_CLIENTS concurrent clients, TLS 1.2 (Ktor's maximum), jdk coroutine server",
            "handshakes", rounds, seconds,
            mapOf("tlskit coroutine clients" to coroutineHandshakes(clientContext("jdk", v), cs.port),
                "ktor-network-tls clients" to ktorHandshakes(cs.port)),
            listOf("tlskit coroutine clients" to "ktor-network-tls clients"))
    }
}

/** Each client: connect, full handshake, a 1-byte echo, close; [HANDSHAKE_CLIENTS] at a time, for [seconds]. */
private fun coroutineHandshakes(context: dev.tlskit.TlsContext, port: Int): Rig = { seconds ->
    val end = System.nanoTime() + (seconds * 1e9).toLong()
    runBlocking(Dispatchers.Default) {
        List(HANDSHAKE_CLIENTS) {
            async {
                val out = ByteBuffer.allocate(1)
                val back = ByteBuffer.allocate(1)
                var n = 0L
                while (System.nanoTime() < end) {
                    CoroutineClient.open(context, port).use { it.echo(out, back) }
                    n++
                }
                n
            }
        }.awaitAll().sum()
    }
}

private fun blockingHandshakes(context: dev.tlskit.TlsContext, port: Int): Rig {
    val pool = Executors.newFixedThreadPool(HANDSHAKE_CLIENTS) { r -> Thread(r).apply { isDaemon = true } }
    return { seconds ->
        val end = System.nanoTime() + (seconds * 1e9).toLong()
        pool.invokeAll(List(HANDSHAKE_CLIENTS) {
            Callable {
                val out = ByteArray(1)
                val back = ByteArray(1)
                var n = 0L
                while (System.nanoTime() < end) {
                    BlockingClient.open(context, port).use { it.echo(out, back) }
                    n++
                }
                n
            }
        }).sumOf { it.get() }
    }
}

private fun ktorHandshakes(port: Int): Rig = { seconds ->
    val end = System.nanoTime() + (seconds * 1e9).toLong()
    runBlocking(Dispatchers.Default) {
        List(HANDSHAKE_CLIENTS) {
            async {
                val out = ByteArray(1)
                val back = ByteArray(1)
                var n = 0L
                while (System.nanoTime() < end) {
                    KtorClient.open(port).use { it.echo(out, back) }
                    n++
                }
                n
            }
        }.awaitAll().sum()
    }
}

// ---------------------------------------------------------------- statistics

internal fun median(v: List<Double>) = quantile(v, 0.5)

internal fun quantile(v: List<Double>, q: Double): Double {
    val s = v.sorted()
    val pos = q * (s.size - 1)
    val lo = kotlin.math.floor(pos).toInt()
    val hi = kotlin.math.ceil(pos).toInt()
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)
}

internal fun loadAverage(): String =
    runCatching { java.io.File("/proc/loadavg").readText().split(' ').take(3).joinToString(" ") }.getOrDefault("?")
