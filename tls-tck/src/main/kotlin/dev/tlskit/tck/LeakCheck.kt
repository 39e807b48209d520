@file:OptIn(InternalTlsApi::class)

package dev.tlskit.tck

import dev.tlskit.internal.LiveEngines
import dev.tlskit.kotlin.InternalTlsApi
import dev.tlskit.kotlin.TlsTransportDiagnostics
import io.kotest.core.extensions.TestCaseExtension
import io.kotest.core.factory.FactoryId
import io.kotest.core.listeners.AfterSpecListener
import io.kotest.core.spec.Spec
import io.kotest.core.test.TestCase
import io.kotest.core.test.TestResult
import java.nio.file.Files
import java.nio.file.Paths

/**
 * Leak check across the TCK (issue 11, item 4a), one measurement per spec factory (`memoryBioSpec`, `coroutineSpec`,
 * ...) rather than per test, to keep it cheap. Before the first test of a factory it records the process's open file
 * descriptors (`/proc/self/fd` and their targets), its live threads, the coroutine transport's counts
 * ([TlsTransportDiagnostics.snapshot]: sockets, unreleased connections, selector keys) and the engines whose connection
 * was never closed ([LiveEngines], after a GC). After the factory's last test it waits (bounded, polling) for them to
 * settle back and fails that test, naming the factory and listing what leaked: the new descriptors' targets, the new
 * threads' names, the counts.
 *
 * ```
 * class JdkTckTest : FunSpec({
 *     extension(LeakCheck("jdk"))
 *     tck("jdk").forEach { include(it) }
 * })
 * ```
 *
 * <h2>What is not a leak</h2>
 * Descriptors the JVM opens once and keeps (class-path jars, `/dev/urandom`) and the shared selector of the coroutine
 * transport (one epoll and one eventfd, with its one `tlskit-selector` thread, created on first use) are not counted.
 * Threads of pools that outlive a test by design are not counted either: kotlinx.coroutines' `DefaultDispatcher`
 * workers and `DefaultExecutor`, the common fork-join pool and `CompletableFuture`'s delay scheduler, the JDK's `process reaper`, `Common-Cleaner` and JIT
 * compiler threads, and kotest's and Surefire's own. Peer processes are counted, precisely: an `openssl` or `python3`
 * child left running keeps three pipes and two `tck-*-PID` reader threads, which show up here by name.
 *
 * A failure found only at the next factory's start (the last test of a factory was filtered out) is reported when the
 * spec ends.
 */
public class LeakCheck(private val provider: String) : TestCaseExtension, AfterSpecListener {
    private class Baseline(
        val factory: FactoryId?,
        val name: String,
        val fds: Map<String, Int>,
        val threads: Set<Thread>,
        val transport: TlsTransportDiagnostics.Snapshot,
        val engines: Int,
    )

    private var open: Baseline? = null
    private var lastOfFactory: Set<String>? = null
    private val lateFailures = mutableListOf<String>()
    private var spentNanos = 0L
    private var gcSinceLastTest = false

    /** One line per measured factory: what leaked, or `no leak` (printed to the build log when the spec ends). */
    public val measured: MutableList<String> = mutableListOf()

    override suspend fun intercept(testCase: TestCase, execute: suspend (TestCase) -> TestResult): TestResult {
        if (testCase.parent != null) return execute(testCase)
        val current = open
        val start = System.nanoTime()
        if (current == null || current.factory != testCase.factoryId) {
            current?.let { b -> leakReport(b)?.let { lateFailures += it } }
            open = baseline(testCase)
        }
        spentNanos += System.nanoTime() - start
        gcSinceLastTest = false
        val before = if (TRACE) fds() else null
        val result = execute(testCase)
        if (before != null) {
            val fresh = fds().flatMap { (t, n) -> List(maxOf(0, n - (before[t] ?: 0))) { t } }.filterNot { ignoredFd(it) }
            if (fresh.isNotEmpty()) println("leak check trace [$provider] ${testCase.name.testName}: +$fresh")
        }
        if (testCase.name.testName in lastTests(testCase.spec)) {
            val b = open ?: return result
            open = null
            val t0 = System.nanoTime()
            val leak = leakReport(b)
            spentNanos += System.nanoTime() - t0
            if (leak != null && !result.isErrorOrFailure) return TestResult.Failure(result.duration, AssertionError(leak))
        }
        return result
    }

    override suspend fun afterSpec(spec: Spec) {
        open?.let { b -> leakReport(b)?.let { lateFailures += it } }
        open = null
        println("leak check [$provider]: ${measured.size} spec factories measured in ${spentNanos / 1_000_000} ms\n" +
            measured.joinToString("\n") { "  $it" })
        if (lateFailures.isNotEmpty()) throw AssertionError(lateFailures.joinToString("\n\n"))
    }

    /** The name of the last root test of each factory, in the spec's order. */
    private fun lastTests(spec: Spec): Set<String> = lastOfFactory ?: spec.rootTests().let { tests ->
        tests.filterIndexed { i, t -> i == tests.lastIndex || tests[i + 1].factoryId != t.factoryId }
            .map { it.name.testName }.toSet()
    }.also { lastOfFactory = it }

    /** The state before [first]'s factory: right after the previous factory's check (which ran a GC), or after one. */
    private suspend fun baseline(first: TestCase): Baseline {
        if (!gcSinceLastTest) settleGc()
        return Baseline(first.factoryId, factoryName(first.name.testName), fds(), liveThreads(),
            TlsTransportDiagnostics.snapshot(), LiveEngines.count())
    }

    /**
     * What grew since [b], or `null`. It first waits (polling, at most [SETTLE_MILLIS]) for descriptors, threads and the
     * coroutine transport to shrink back, reading descriptors before any GC: a socket that was dropped instead of
     * closed is still open then (the JDK closes it only when a GC finds it unreachable). Then it runs a GC and checks
     * what a GC legitimately frees: engines of connections that were dropped without `close()` are finalised by their
     * backend, and with them Conscrypt's per-engine pipe pair (both ends in this process); a pipe pair or an
     * unreleased engine still there after the GC is reachable from something that never closed it.
     */
    private suspend fun leakReport(b: Baseline): String? {
        val started = System.nanoTime()
        val deadline = started + SETTLE_MILLIS * 1_000_000
        var pre = measure(b)
        while (!pre.settled() && System.nanoTime() < deadline) {
            kotlinx.coroutines.delay(POLL_MILLIS) // bounded polling for threads and descriptors to go away
            pre = measure(b)
        }
        settleGc()
        gcSinceLastTest = true
        var post = measure(b)
        // finalisers free native engines a cycle or two later: bounded polling, with a GC each round
        val gcDeadline = System.nanoTime() + GC_SETTLE_MILLIS * 1_000_000
        while ((post.inProcessPipes.isNotEmpty() || LiveEngines.count() > b.engines) && System.nanoTime() < gcDeadline) {
            kotlinx.coroutines.delay(POLL_MILLIS)
            settleGc()
            post = measure(b)
        }
        val problems = mutableListOf<String>()
        val fdsLeft = pre.fds.filterNot { it in pre.inProcessPipes } + post.inProcessPipes.flatMap { listOf(it, it) }
        if (fdsLeft.size > FD_TOLERANCE) problems += "${fdsLeft.size} file descriptor(s): ${fdsLeft.sorted().joinToString(", ")}"
        if (post.inProcessPipes.isNotEmpty()) {
            problems += "${post.inProcessPipes.size} in-process pipe pair(s) after GC (Conscrypt keeps one per native SSL)"
        }
        if (post.threads.isNotEmpty()) problems += "${post.threads.size} thread(s): ${post.threads.sorted().joinToString(", ")}"
        post.transport?.let { problems += it }
        val engines = LiveEngines.count() - b.engines
        if (engines > 0) problems += "$engines engine(s) of never-closed connections still reachable after GC"
        val report = problems.takeIf { it.isNotEmpty() }?.joinToString("; ")
        measured += "[$provider] ${b.name}: ${report ?: "no leak"} (${(System.nanoTime() - started) / 1_000_000} ms)"
        return report?.let { "leak check: spec '${b.name}' on $provider left behind: $it" }
    }

    private class Measure(val fds: List<String>, val inProcessPipes: Set<String>, val threads: List<String>, val transport: String?) {
        fun settled(): Boolean = threads.isEmpty() && transport == null && fds.all { it in inProcessPipes }
    }

    private suspend fun measure(b: Baseline): Measure {
        val now = fds()
        val transport = TlsTransportDiagnostics.snapshot()
        val newFds = now.flatMap { (target, n) -> List(maxOf(0, n - (b.fds[target] ?: 0))) { target } }
            .filterNot { ignoredFd(it) }
            .let { fresh -> if (b.transport.selectorThreads == 0 && transport.selectorThreads == 1) withoutSelector(fresh) else fresh }
        val pipePairs = newFds.filter { it.startsWith("pipe:") && (now[it] ?: 0) >= 2 }.toSet()
        val threads = liveThreads().filter { it !in b.threads && !ignoredThread(it.name) }.map { it.name }
        val t = transport.copy(selectorThreads = 0)
        val t0 = b.transport.copy(selectorThreads = 0)
        val grew = t.openSockets > t0.openSockets || t.liveConnections > t0.liveConnections || t.registeredKeys > t0.registeredKeys
        val transportProblem = when {
            grew -> "coroutine transport $t0 -> $t"
            transport.selectorThreads > 1 -> "${transport.selectorThreads} tlskit-selector threads (one is shared)"
            else -> null
        }
        return Measure(newFds, pipePairs, threads, transportProblem)
    }

    private companion object {
        const val SETTLE_MILLIS = 3_000L
        const val POLL_MILLIS = 20L
        const val GC_SETTLE_MILLIS = 2_000L
        /** Descriptors may differ by none: every fd the TCK opens must be closed by the end of its spec. */
        const val FD_TOLERANCE = 0

        val ignoredThreadPrefixes = listOf(
            "DefaultDispatcher-worker-", "kotlinx.coroutines.DefaultExecutor", "ForkJoinPool", "process reaper",
            "Common-Cleaner", "C1 CompilerThread", "C2 CompilerThread", "Sweeper thread", "Attach Listener",
            "Signal Dispatcher", "Finalizer", "Reference Handler", "Notification Thread", "surefire-forkedjvm",
            "kotest-", "pool-kotest", "junit-", "tlskit-selector", "Keep-Alive-", "CompletableFutureDelayScheduler",
        )

        fun ignoredThread(name: String): Boolean = ignoredThreadPrefixes.any { name.startsWith(it) }

        /** Kept open by the JVM for its whole life once opened: class-path archives and the random devices. */
        fun ignoredFd(target: String): Boolean =
            target.endsWith(".jar") || target.endsWith(".jmod") || target == "/dev/random" || target == "/dev/urandom"

        /** The shared selector's epoll and wake-up descriptors, opened with its thread on first use. */
        fun withoutSelector(fresh: List<String>): List<String> {
            val rest = fresh.toMutableList()
            rest.remove("anon_inode:[eventpoll]")
            if (!rest.remove("anon_inode:[eventfd]")) {
                rest.firstOrNull { it.startsWith("pipe:") }?.let { p -> rest.remove(p); rest.firstOrNull { it.startsWith("pipe:") }?.let(rest::remove) }
            }
            return rest
        }

        fun fds(): Map<String, Int> {
            val dir = Paths.get("/proc/self/fd")
            if (!Files.isDirectory(dir)) return emptyMap()
            val counts = HashMap<String, Int>()
            Files.newDirectoryStream(dir).use { entries ->
                for (fd in entries) {
                    val target = try {
                        Files.readSymbolicLink(fd).toString()
                    } catch (e: java.io.IOException) {
                        continue // closed while listing, or the directory stream's own descriptor
                    }
                    if (target == "/proc/${ProcessHandle.current().pid()}/fd" || target.startsWith("/proc/") && target.endsWith("/fd")) continue
                    counts.merge(target, 1, Int::plus)
                }
            }
            return counts
        }

        fun liveThreads(): Set<Thread> = Thread.getAllStackTraces().keys.filter { it.isAlive }.toSet()

        /** A GC and finalisation: weakly held engines of dropped connections go, and Conscrypt frees their native SSL. */
        fun settleGc() {
            System.gc()
            System.runFinalization()
        }

        /** `-Dtlskit.leakcheck.trace=true`: also print, after every test, the descriptors it left open (no GC). */
        val TRACE: Boolean = System.getProperty("tlskit.leakcheck.trace").toBoolean()

        /** `[jdk] coroutine cancellation: mid-connect ...` → `coroutine cancellation`; `WRAP-01 [jdk] ...` → `parity WRAP`. */
        fun factoryName(firstTest: String): String =
            if (firstTest.startsWith("[")) firstTest.substringAfter("] ").substringBefore(":").take(80)
            else "parity " + firstTest.substringBefore(" [").substringBefore("-")
    }
}
