package dev.tlskit.tck.spec

import dev.tlskit.TlsAlertException
import dev.tlskit.TlsContext
import dev.tlskit.TlsEofException
import dev.tlskit.TlsException
import dev.tlskit.TlsProtocolException
import dev.tlskit.TlsSocket
import dev.tlskit.TlsSyscallException
import dev.tlskit.TlsVersion
import dev.tlskit.WrapOptions
import dev.tlskit.tck.hostile.Fault
import dev.tlskit.tck.hostile.FaultProxy
import dev.tlskit.tck.hostile.HostileCase
import dev.tlskit.tck.hostile.JssePeer
import dev.tlskit.tck.hostile.Side
import dev.tlskit.kotlin.connect
import dev.tlskit.tck.hostile.FaultAction
import dev.tlskit.tck.hostile.TlsRecord
import dev.tlskit.tck.hostile.Toward
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.File
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.net.SocketTimeoutException
import java.net.InetSocketAddress
import java.nio.ByteBuffer
import kotlinx.coroutines.withTimeout
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.ConcurrentHashMap

/** How a tlskit endpoint's side of the hostile conversation ended, and in which call. */
internal sealed class HostileOutcome(val phase: String) {
    /** The whole conversation went through (the fault did not stop it). */
    class Completed : HostileOutcome("conversation")

    /** `read` returned -1 before the conversation was over. */
    class EndOfStream(phase: String) : HostileOutcome(phase)

    /** The call threw [error]. */
    class Threw(val error: Throwable, phase: String) : HostileOutcome(phase)

    /** What the README table shows: the exception type with its reason / alert / errno, and the call. */
    val label: String
        get() = when (this) {
            is Completed -> "completed"
            is EndOfStream -> "read() = -1"
            is Threw -> "${describe(error)} in $phase"
        }

    companion object {
        fun describe(e: Throwable): String = when (e) {
            is TlsAlertException -> "TlsAlertException(${e.alert().map { it.ianaName() }.orElse("?")} ${e.alertCode()}, " +
                (if (e.received()) "received" else "sent") + ")"
            is TlsSyscallException -> "TlsSyscallException(errno ${e.errno()})"
            is TlsEofException -> "TlsEofException"
            is TlsException -> "${e.javaClass.simpleName}(${e.reason().orElse("")})"
            else -> e.javaClass.simpleName
        }
    }
}

/** What a case must see: a sentence for the test name, and the check. */
internal class HostileExpectation(val label: String, val check: (HostileOutcome) -> Unit)

private fun threw(label: String, check: (Throwable) -> Unit) = HostileExpectation(label) { o ->
    if (o !is HostileOutcome.Threw) throw AssertionError("expected $label, but the endpoint saw ${o.label}")
    withClue("the endpoint saw ${o.label}: ${o.error}") { check(o.error) }
}

private fun protocolError(reason: String) = threw("TlsProtocolException($reason)") { e ->
    e.javaClass shouldBe TlsProtocolException::class.java
    (e as TlsProtocolException).reason().orElse(null) shouldBe reason
}

private fun alert(name: String, code: Int) = threw("TlsAlertException($name)") { e ->
    e.javaClass shouldBe TlsAlertException::class.java
    (e as TlsAlertException).alertCode() shouldBe code
    e.received() shouldBe true
}

/**
 * What the seeds say the caller sees (CPython `ssl`: `SSLEOFError` for an EOF inside a record or the handshake unless
 * `suppress_ragged_eofs` turns a read's into `b''`; `ConnectionResetError` for RST; `SSLError` with OpenSSL's reason for
 * protocol violations; `SSLError` "sslv3 alert ..." for a received alert; `socket.timeout` for a stall).
 */
internal fun expectation(case: HostileCase): HostileExpectation = when (case.fault) {
    Fault.RESET -> threw("TlsSyscallException(ECONNRESET)") { e ->
        e.javaClass shouldBe TlsSyscallException::class.java
        (e as TlsSyscallException).errno() shouldBe 104
    }
    Fault.RAGGED_EOF, Fault.TRUNCATED ->
        if (!case.point.handshake && case.suppressRaggedEofs) {
            HostileExpectation("end of stream (read() = -1)") { o -> o.label shouldBe "read() = -1" }
        } else {
            threw("TlsEofException") { e -> e.javaClass shouldBe TlsEofException::class.java }
        }
    Fault.GARBAGE -> protocolError("WRONG_VERSION_NUMBER")
    Fault.CORRUPTED -> protocolError("DECRYPTION_FAILED_OR_BAD_RECORD_MAC")
    Fault.ALERT -> alert("handshake_failure", 40)
    Fault.PEER_ALERT -> alert("bad_record_mac", 20)
    Fault.OVERSIZED -> protocolError("ENCRYPTED_LENGTH_TOO_LONG")
    Fault.STALL -> threw("SocketTimeoutException") { e -> e.javaClass shouldBe SocketTimeoutException::class.java }
    Fault.TRICKLE -> threw("SocketTimeoutException (handshake timeout)") { e ->
        e.javaClass shouldBe SocketTimeoutException::class.java
        e.message!! shouldContain "WrapOptions.handshakeTimeout"
    }
}

private val loopback: InetAddress = InetAddress.getLoopbackAddress()

/** A stall must end in the socket timeout, quickly; other cases never wait that long (a trickle never lets it). */
private fun timeoutFor(case: HostileCase): Int = if (case.fault == Fault.STALL || case.fault == Fault.TRICKLE) 400 else 5_000

/** The whole-handshake limit: short where the peer trickles, otherwise far beyond any case's need. */
private fun handshakeLimit(case: HostileCase): Duration =
    if (case.fault == Fault.TRICKLE) Duration.ofMillis(1_500) else Duration.ofSeconds(20)

/**
 * The tlskit side of the conversation [JssePeer] speaks: read `one`, send `ack1`, read `two`, send `ack2`, read to the
 * end. Returns how it ended; checks that the socket is closed afterwards (by tlskit itself when the handshake failed).
 */
private fun converse(ctx: TlsContext, raw: Socket, options: WrapOptions): HostileOutcome {
    var phase = "handshake"
    var tls: TlsSocket? = null
    val outcome = try {
        tls = ctx.wrapSocket(raw, options)
        phase = "read"
        if (readLine(tls) == null) return end(tls, raw, HostileOutcome.EndOfStream(phase))
        phase = "write"
        tls.sendall("ack1\n".toByteArray())
        phase = "read"
        if (readLine(tls) == null) return end(tls, raw, HostileOutcome.EndOfStream(phase))
        phase = "write"
        tls.sendall("ack2\n".toByteArray())
        phase = "read"
        while (readLine(tls) != null) Unit
        HostileOutcome.Completed()
    } catch (e: Exception) {
        HostileOutcome.Threw(e, phase)
    }
    if (tls == null) withClue("wrapSocket closes the socket when the handshake fails") { raw.isClosed shouldBe true }
    return end(tls, raw, outcome)
}

private fun end(tls: TlsSocket?, raw: Socket, outcome: HostileOutcome): HostileOutcome {
    tls?.close()
    withClue("the socket is closed after close()") { raw.isClosed shouldBe true }
    return outcome
}

private fun readLine(tls: TlsSocket): String? {
    val sb = StringBuilder()
    val one = ByteArray(1)
    while (true) {
        if (tls.read(one, 0, 1) < 0) return if (sb.isEmpty()) null else sb.toString()
        if (one[0] == '\n'.code.toByte()) return sb.toString()
        sb.append(one[0].toInt().toChar())
    }
}

/** Runs [case] against a tlskit endpoint on [provider]: tlskit ↔ [FaultProxy] ↔ SunJSSE at TLS 1.2. */
internal fun runHostileCase(provider: String, case: HostileCase): Pair<HostileOutcome, FaultProxy> {
    val timeout = timeoutFor(case)
    return when (case.side) {
        Side.CLIENT -> JssePeer.server("TLSv1.2").use { peer ->
            FaultProxy(peer.port, case::trigger, case.action()).use { proxy ->
                val ctx = clientContext(provider).apply { setMaximumVersion(TlsVersion.TLSv1_2) }
                val raw = Socket(loopback, proxy.port).apply { soTimeout = timeout }
                val options = WrapOptions.client("localhost").withSuppressRaggedEofs(case.suppressRaggedEofs)
                converse(ctx, raw, options.withHandshakeTimeout(handshakeLimit(case))) to proxy
            }
        }
        Side.SERVER -> ServerSocket(0, 1, loopback).use { listener ->
            FaultProxy(listener.localPort, case::trigger, case.action()).use { proxy ->
                JssePeer.client(proxy.port, "TLSv1.2").use { _ ->
                    val raw = listener.accept().apply { soTimeout = timeout }
                    val ctx = serverContext(provider).apply { setMaximumVersion(TlsVersion.TLSv1_2) }
                    val options = WrapOptions.server().withSuppressRaggedEofs(case.suppressRaggedEofs)
                    converse(ctx, raw, options.withHandshakeTimeout(handshakeLimit(case))) to proxy
                }
            }
        }
    }
}

/** Live threads and open file descriptors, to check a case left nothing behind. */
internal object LeakCount {
    private val fdDir = File("/proc/self/fd")

    fun threads(): Set<Thread> = Thread.getAllStackTraces().keys.filterTo(HashSet()) { it.isAlive }

    /**
     * Open descriptors and what they point at (`socket:[inode]`, a path). Only new sockets count as leaks: something
     * in the test JVM opens pipe pairs in the background (seen now and then on the Conscrypt run, never a socket).
     */
    private fun fdTargets(): Map<String, String> = fdDir.list().orEmpty().associateWith { fd ->
        try {
            Files.readSymbolicLink(fdDir.toPath().resolve(fd)).toString()
        } catch (_: java.io.IOException) {
            "?"
        }
    }

    /** Threads and descriptors open now. */
    class Snapshot(val threads: Set<Thread>, val fds: Map<String, String>)

    fun snapshot(): Snapshot = Snapshot(threads(), fdTargets())

    /** What is still open that was not at [before] (polling up to 3 s for it to go away): empty when nothing leaked. */
    fun leftSince(before: Snapshot): String {
        val deadline = System.nanoTime() + 3_000_000_000L
        fun left() = (threads() - before.threads).map { it.name }
        fun sockets() = (fdTargets().entries - before.fds.entries).map { it.value }.filter { it.startsWith("socket:") }
        while (System.nanoTime() < deadline && (left().isNotEmpty() || sockets().isNotEmpty())) Thread.onSpinWait()
        val threads = left()
        val sockets = sockets()
        return (if (threads.isEmpty()) "" else "threads left behind: $threads ") +
            (if (sockets.isEmpty()) "" else "sockets left open: $sockets")
    }
}

/**
 * Hostile peers: a [FaultProxy] between a tlskit endpoint (client and server, blocking [TlsSocket]) and SunJSSE
 * resets, truncates, corrupts, floods or stalls the conversation at every handshake step and mid-data. Each case
 * asserts the exact exception type the caller sees (the same on every backend), its reason / alert / errno, that the
 * socket is closed afterwards and that no thread or file descriptor is left behind. The outcomes are written as a
 * markdown table to `target/hostile-peers-PROVIDER.md`.
 */
public fun hostilePeerSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"
    val seen = ConcurrentHashMap<HostileCase, String>()

    for (case in HostileCase.all) {
        val expect = expectation(case)
        test("hostile peer: a tlskit ${case.side.label} sees ${expect.label} when ${case.situation} $p") {
            val before = LeakCount.snapshot()
            val (outcome, proxy) = runHostileCase(provider, case)
            val leaks = LeakCount.leftSince(before)
            seen[case] = outcome.label
            writeReport(provider, seen, "${case.side.label}\t${case.row}\t${case.point}\t${outcome.label}\t$leaks\t" +
                ((outcome as? HostileOutcome.Threw)?.error?.message ?: ""))
            withClue("nothing left behind") { leaks shouldBe "" }
            withClue("the fault fired (records: ${proxy.records})") { (proxy.fired != null) shouldBe true }
            expect.check(outcome)
        }
    }

    // floods from a real peer: SunJSSE's startHandshake() after the handshake sends a HelloRequest (TLS 1.2 server),
    // a ClientHello (TLS 1.2 client) or a KeyUpdate (TLS 1.3); the endpoint must stay bounded: finish the conversation
    // or fail with a typed error, never hang, time out or end silently
    for (side in Side.entries) for ((protocol, floods, what) in FLOODS) {
        val request = if (protocol == "TLSv1.3") what else if (side == Side.CLIENT) "$what (HelloRequest)" else "$what (ClientHello)"
        test("hostile peer: a tlskit ${side.label} completes or fails typed when the ${side.peer} floods it with $floods $request [$provider]") {
            val before = LeakCount.snapshot()
            val started = System.nanoTime()
            val outcome = runFlood(provider, side, protocol, floods)
            val millis = (System.nanoTime() - started) / 1_000_000
            val leaks = LeakCount.leftSince(before)
            writeReport(provider, seen, "${side.label}\tflood $protocol x$floods\t-\t${outcome.label}\t$leaks\t${millis} ms\t" +
                ((outcome as? HostileOutcome.Threw)?.error?.message ?: ""))
            withClue("the endpoint saw ${outcome.label}") {
                val typed = outcome is HostileOutcome.Completed ||
                    (outcome is HostileOutcome.Threw && outcome.error is TlsException && outcome.error !is TlsEofException)
                typed shouldBe true
            }
            withClue("nothing left behind") { leaks shouldBe "" }
        }
    }

    test("hostile peer: a tlskit memory-BIO client sees TlsProtocolException(DECRYPTION_FAILED_OR_BAD_RECORD_MAC) for a corrupted record, and ENCRYPTED_LENGTH_TOO_LONG for an oversized one [$provider]") {
        for (oversized in listOf(false, true)) {
            val ctx = clientContext(provider).apply { setMaximumVersion(TlsVersion.TLSv1_2) }
            val pair = MemoryPair.of(ctx, serverContext(provider))
            pair.handshake()
            pair.server.write("one\n".toByteArray())
            val record = pair.server.outgoing().read()
            val bytes = if (oversized) {
                TlsRecord.frame(TlsRecord.APPLICATION_DATA, ByteArray(TlsRecord.MAX_CIPHERTEXT + 1))
            } else {
                record.also { it[it.size - 1] = (it[it.size - 1].toInt() xor 1).toByte() }
            }
            pair.client.incoming().write(bytes)
            val e = shouldThrow<TlsProtocolException> { pair.client.read(64) }
            e.reason().get() shouldBe if (oversized) "ENCRYPTED_LENGTH_TOO_LONG" else "DECRYPTION_FAILED_OR_BAD_RECORD_MAC"
            pair.client.close()
            pair.server.close()
        }
    }

    test("hostile peer: a tlskit coroutine client sees TlsSyscallException(ECONNRESET) when the server resets the connection mid-data [$provider]") {
        JssePeer.server("TLSv1.2").use { peer ->
            FaultProxy(peer.port, { it.toward == Toward.CLIENT && it.appDataIndex == 0 }, FaultAction.Reset).use { proxy ->
                val ctx = clientContext(provider).apply { setMaximumVersion(TlsVersion.TLSv1_2) }
                // the RST may purge the server's Finished from the client's receive queue: the reset then ends the
                // handshake (in connect) instead of the first read, and must be typed the same either way
                val e = withTimeout(10_000) {
                    shouldThrow<TlsException> {
                        ctx.connect(InetSocketAddress(loopback, proxy.port), "localhost").use { ch ->
                            ch.read(ByteBuffer.allocate(64))
                        }
                    }
                }
                withClue("the channel saw $e") { e.javaClass shouldBe TlsSyscallException::class.java }
                (e as TlsSyscallException).errno() shouldBe 104
            }
        }
        shouldLeakNothing()
    }
}

/** (protocol, how many, what the peer's startHandshake() sends). */
private val FLOODS = listOf(
    Triple("TLSv1.2", 20, "renegotiation requests"),
    Triple("TLSv1.3", 200, "KeyUpdate messages"),
)

/** Runs the standard conversation against a SunJSSE peer that floods [floods] times right after the handshake. */
private fun runFlood(provider: String, side: Side, protocol: String, floods: Int): HostileOutcome = when (side) {
    Side.CLIENT -> JssePeer.server(protocol, floods).use { peer ->
        val raw = Socket(loopback, peer.port).apply { soTimeout = 10_000 }
        converse(clientContext(provider), raw, WrapOptions.client("localhost"))
    }
    Side.SERVER -> ServerSocket(0, 1, loopback).use { listener ->
        JssePeer.client(listener.localPort, protocol, floods).use { _ ->
            val raw = listener.accept().apply { soTimeout = 10_000 }
            converse(serverContext(provider), raw, WrapOptions.server())
        }
    }
}

/**
 * Writes the matrix table so far to `target/hostile-peers-PROVIDER.md` and appends [line] to the `.log` beside it
 * (when the working directory is a module, as under Surefire).
 */
private fun writeReport(provider: String, seen: Map<HostileCase, String>, line: String) {
    val target = Path.of("target")
    if (!Files.isDirectory(target)) return
    val title = "Hostile peers on $provider (tlskit ↔ fault proxy ↔ SunJSSE, TLS 1.2)"
    Files.writeString(target.resolve("hostile-peers-$provider.md"), HostileCase.markdown(title, seen))
    val log = target.resolve("hostile-peers-$provider.log")
    if (seen.size == 1 && !line.contains("\tflood ")) Files.deleteIfExists(log) // a new run starts a new log
    Files.writeString(log, line.replace('\n', ' ') + "\n",
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)
}
