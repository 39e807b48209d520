package dev.tlskit.tck

import java.io.ByteArrayOutputStream
import java.io.IOException
import java.io.InputStream
import java.nio.charset.StandardCharsets
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import java.util.concurrent.locks.ReentrantLock
import kotlin.concurrent.withLock
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/**
 * A peer process did not do what the harness expected: it timed out, died before
 * printing its ready line, or printed something unreadable. The message carries the
 * command and what the process printed so far.
 */
public class PeerProcessException(message: String, cause: Throwable? = null) : IOException(message, cause)

/**
 * What a finished process left behind.
 *
 * @property command the command line that ran.
 * @property exitCode the exit status.
 * @property stdout everything written to standard output.
 * @property stderr everything written to standard error.
 */
public class ProcessResult(
    public val command: List<String>,
    public val exitCode: Int,
    public val stdout: ByteArray,
    public val stderr: ByteArray,
) {
    /** [stdout] decoded as UTF-8. */
    public val stdoutText: String get() = String(stdout, StandardCharsets.UTF_8)

    /** [stderr] decoded as UTF-8. */
    public val stderrText: String get() = String(stderr, StandardCharsets.UTF_8)

    override fun toString(): String =
        "ProcessResult(exit=$exitCode, command=${command.joinToString(" ")})\n--- stdout\n$stdoutText\n--- stderr\n$stderrText"
}

/** Runs external programs (openssl, python3) with a time limit and captures their output. */
public object Processes {
    /**
     * Runs [command] to completion: writes [stdin] then closes it, and waits at most
     * [timeout]. A process still running at the deadline is killed (with its
     * children) and a [PeerProcessException] carrying its partial output is thrown.
     */
    @JvmStatic
    public fun run(
        command: List<String>,
        stdin: ByteArray = ByteArray(0),
        timeout: Duration = 30.seconds,
        environment: Map<String, String> = emptyMap(),
        workingDirectory: Path? = null,
    ): ProcessResult = start(command, environment, workingDirectory).use { p ->
        p.writeInBackground(stdin, closeAfter = true)
        p.waitFor(timeout)
        p.result()
    }

    /**
     * Starts [command] with standard output and error captured on background threads.
     * With [mergeStderr] standard error goes into the standard-output pipe (one ordered
     * stream). The caller owns the returned process and must [RunningProcess.close] it.
     */
    @JvmStatic
    public fun start(
        command: List<String>,
        environment: Map<String, String> = emptyMap(),
        workingDirectory: Path? = null,
        mergeStderr: Boolean = false,
    ): RunningProcess {
        val builder = ProcessBuilder(command).redirectErrorStream(mergeStderr)
        builder.environment().putAll(environment)
        workingDirectory?.let { builder.directory(it.toFile()) }
        val process = try {
            builder.start()
        } catch (e: IOException) {
            throw PeerProcessException("cannot start ${command.joinToString(" ")}: ${e.message}", e)
        }
        return RunningProcess(command, process)
    }
}

/**
 * A started process whose standard output and error are read continuously into
 * memory, so that it never blocks on a full pipe and a test can wait for a line.
 *
 * [close] kills the process and its descendants and closes every stream; it is safe
 * to call more than once.
 */
public class RunningProcess internal constructor(
    /** The command line. */
    public val command: List<String>,
    private val process: Process,
) : AutoCloseable {
    private val lock = ReentrantLock()
    private val changed = lock.newCondition()
    private val out = ByteArrayOutputStream()
    private val err = ByteArrayOutputStream()
    private var pumpsRunning = 2
    private val pumps = listOf(pump(process.inputStream, out, "stdout"), pump(process.errorStream, err, "stderr"))

    /** The operating-system process id. */
    public val pid: Long get() = process.pid()

    /** Whether the process is still running. */
    public val isAlive: Boolean get() = process.isAlive

    /** Standard output so far, decoded as UTF-8. */
    public fun stdoutText(): String = lock.withLock { out.toString(StandardCharsets.UTF_8) }

    /** Standard error so far, decoded as UTF-8. */
    public fun stderrText(): String = lock.withLock { err.toString(StandardCharsets.UTF_8) }

    /** Complete (newline-terminated) lines of standard output so far, without line ends. */
    public fun stdoutLines(): List<String> = completeLines(stdoutText())

    /** Complete (newline-terminated) lines of standard error so far, without line ends. */
    public fun stderrLines(): List<String> = completeLines(stderrText())

    /**
     * Waits until a complete line of standard output satisfies [predicate] and returns
     * it. Fails with [PeerProcessException] when [timeout] passes or the process ends
     * its output first.
     */
    public fun awaitStdoutLine(timeout: Duration, predicate: (String) -> Boolean): String =
        awaitValue(timeout, "a matching line on stdout") { stdoutLines().firstOrNull(predicate) }

    /** As [awaitStdoutLine] for standard error. */
    public fun awaitStderrLine(timeout: Duration, predicate: (String) -> Boolean): String =
        awaitValue(timeout, "a matching line on stderr") { stderrLines().firstOrNull(predicate) }

    /**
     * Waits until [probe] returns non-null, re-evaluating it whenever new output arrives.
     * [what] names the awaited thing in the failure message.
     */
    public fun <T : Any> awaitValue(timeout: Duration, what: String, probe: () -> T?): T {
        val deadline = System.nanoTime() + timeout.inWholeNanoseconds
        lock.withLock {
            while (true) {
                probe()?.let { return it }
                if (pumpsRunning == 0) {
                    process.waitFor(1, TimeUnit.SECONDS)
                    throw failure("process ended (exit ${exitCodeOrNull()}) before $what appeared")
                }
                val left = deadline - System.nanoTime()
                if (left <= 0) throw failure("timed out after $timeout waiting for $what")
                changed.awaitNanos(left)
            }
        }
    }

    /** Writes [bytes] to standard input and flushes. */
    public fun write(bytes: ByteArray) {
        process.outputStream.write(bytes)
        process.outputStream.flush()
    }

    /** Closes standard input (the process sees end of file). */
    public fun closeStdin() {
        runCatching { process.outputStream.close() }
    }

    internal fun writeInBackground(bytes: ByteArray, closeAfter: Boolean) {
        // A separate thread, so that a process that does not read its input cannot block us;
        // a broken pipe (the process exited early) is not an error of the harness.
        Thread({
            try {
                if (bytes.isNotEmpty()) write(bytes)
            } catch (_: IOException) {
            } finally {
                if (closeAfter) closeStdin()
            }
        }, "tck-stdin-$pid").apply { isDaemon = true }.start()
    }

    /**
     * Waits for the process to exit and for its output to be read, at most [timeout].
     * Returns the exit code; on timeout kills the process and throws [PeerProcessException].
     */
    public fun waitFor(timeout: Duration): Int {
        if (!process.waitFor(timeout.inWholeMilliseconds, TimeUnit.MILLISECONDS)) {
            val message = "timed out after $timeout waiting for exit"
            close()
            throw failure(message)
        }
        pumps.forEach { it.join(5_000) }
        return process.exitValue()
    }

    /** The finished process's output; call after [waitFor]. */
    public fun result(): ProcessResult = lock.withLock {
        ProcessResult(command, process.exitValue(), out.toByteArray(), err.toByteArray())
    }

    /** Kills the process and its descendants, closes its streams and stops the readers. */
    override fun close() {
        val children = process.descendants().toList()
        children.forEach { it.destroyForcibly() }
        process.destroyForcibly()
        runCatching { process.waitFor(5, TimeUnit.SECONDS) }
        children.forEach { child -> runCatching { child.onExit().get(2, TimeUnit.SECONDS) } }
        runCatching { process.outputStream.close() }
        runCatching { process.inputStream.close() }
        runCatching { process.errorStream.close() }
        pumps.forEach { it.join(2_000) }
    }

    private fun exitCodeOrNull(): Int? = if (process.isAlive) null else process.exitValue()

    private fun failure(what: String): PeerProcessException =
        PeerProcessException(
            "${command.joinToString(" ")}: $what\n--- stdout\n${stdoutText()}\n--- stderr\n${stderrText()}",
        )

    private fun pump(input: InputStream, sink: ByteArrayOutputStream, name: String): Thread =
        Thread({
            val buffer = ByteArray(8192)
            try {
                while (true) {
                    val n = input.read(buffer)
                    if (n < 0) break
                    lock.withLock {
                        sink.write(buffer, 0, n)
                        changed.signalAll()
                    }
                }
            } catch (_: IOException) {
                // stream closed by close(): the process is gone
            } finally {
                lock.withLock {
                    pumpsRunning--
                    changed.signalAll()
                }
            }
        }, "tck-$name-${process.pid()}").apply {
            isDaemon = true
            start()
        }

    private companion object {
        fun completeLines(text: String): List<String> {
            val end = text.lastIndexOf('\n')
            if (end < 0) return emptyList()
            return text.substring(0, end).split('\n').map { it.removeSuffix("\r") }
        }
    }
}
