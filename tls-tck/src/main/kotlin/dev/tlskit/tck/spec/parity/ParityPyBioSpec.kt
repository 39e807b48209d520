package dev.tlskit.tck.spec.parity

import dev.tlskit.FileType
import dev.tlskit.Method
import dev.tlskit.ShutdownState
import dev.tlskit.TlsContext
import dev.tlskit.TlsEofException
import dev.tlskit.TlsException
import dev.tlskit.TlsWantReadException
import dev.tlskit.TlsZeroReturnException
import dev.tlskit.tck.spec.MemoryPair
import dev.tlskit.tck.spec.pki
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import java.nio.ByteBuffer
import java.util.EnumSet

private fun bioServer(provider: String): TlsContext = TlsContext.create(Method.TLS_METHOD, provider).apply {
    useCertificateChainFile(pki.localhost.chainFile)
    usePrivateKeyFile(pki.localhost.keyFile, FileType.FILETYPE_PEM)
}

private fun bioPair(provider: String): MemoryPair = MemoryPair(
    TlsContext.create(Method.TLS_METHOD, provider).newConnection().apply { setConnectState(); setTlsextHostName("localhost") },
    bioServer(provider).newConnection().apply { setAcceptState() },
)

private fun connected(provider: String): MemoryPair = bioPair(provider).also { it.handshake() }

private fun sent(vararg s: ShutdownState): EnumSet<ShutdownState> =
    if (s.isEmpty()) EnumSet.noneOf(ShutdownState::class.java) else EnumSet.copyOf(s.toList())

/** pyOpenSSL memory BIOs (section 28), shutdown (29) and send/recv (30) on [provider]. */
public fun parityPyBioSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"

    test("PBIO-02 $p bio_write with no bytes is refused; bytes and a ByteBuffer view are accepted") {
        // [py] bio_read/bio_write of wrong Python types: the JVM types leave only a missing argument to refuse.
        val conn = bioServer(provider).newConnection().apply { setAcceptState() }
        shouldThrow<NullPointerException> { conn.bioWrite(null) }
        conn.bioWrite(byteArrayOf(1, 2)) shouldBe 2
        conn.incoming().write(ByteBuffer.wrap(byteArrayOf(3))) shouldBe 1
        conn.incoming().pending() shouldBe 3
    }

    test("PBIO-03 $p bio_read(2) after the client's first do_handshake returns exactly 2 bytes") {
        val client = TlsContext.create(Method.TLS_METHOD, provider).newConnection().apply { setConnectState() }
        shouldThrow<TlsWantReadException> { client.doHandshake() }
        client.bioRead(2).size shouldBe 2
    }

    test("PBIO-04 $p do_handshake and recv raise WantRead while waiting; pumping bio_read to bio_write completes the handshake and data flows") {
        val pair = bioPair(provider)
        shouldThrow<TlsWantReadException> { pair.client.doHandshake() }
        shouldThrow<TlsWantReadException> { pair.server.doHandshake() }
        shouldThrow<TlsWantReadException> { pair.server.recv(10) }
        var rounds = 0
        while (!(pair.client.isHandshakeDone() && pair.server.isHandshakeDone()) && rounds++ < 50) {
            for ((from, to) in listOf(pair.client to pair.server, pair.server to pair.client)) {
                try { from.doHandshake() } catch (_: TlsWantReadException) { }
                while (from.wantWrite()) to.bioWrite(from.bioRead(4096))
            }
        }
        pair.client.isHandshakeDone() shouldBe true
        pair.server.isHandshakeDone() shouldBe true
        pair.moveAll()
        shouldThrow<TlsWantReadException> { pair.server.recv(10) }
        pair.client.write("hello, server".toByteArray()) shouldBe 13
        pair.moveAll()
        String(pair.server.recv(100)) shouldBe "hello, server"
        pair.server.write("hello, client".toByteArray())
        pair.moveAll()
        String(pair.client.recv(100)) shouldBe "hello, client"
    }

    test("PBIO-06 $p bio_shutdown before the handshake makes recv raise an error, never WantRead or ZeroReturn") {
        val conn = TlsContext.create(Method.TLS_METHOD, provider).newConnection().apply { setConnectState() }
        conn.bioShutdown()
        val e = shouldThrow<TlsException> { conn.recv(1024) }
        (e is TlsWantReadException) shouldBe false
        (e is TlsZeroReturnException) shouldBe false
    }

    test("PBIO-09 $p want_read and want_write agree with when WantRead is raised and bio_read has bytes") {
        val pair = bioPair(provider)
        pair.client.wantRead() shouldBe false
        pair.client.wantWrite() shouldBe false
        shouldThrow<TlsWantReadException> { pair.client.doHandshake() }
        pair.client.wantRead() shouldBe true
        pair.client.wantWrite() shouldBe true
        pair.move(pair.client, pair.server)
        pair.client.wantWrite() shouldBe false
        shouldThrow<TlsWantReadException> { pair.client.bioRead(10) }
        pair.handshake()
        pair.client.write(byteArrayOf(1))
        pair.client.wantWrite() shouldBe true
        pair.server.wantWrite() shouldBe false
    }

    test("PSHUT-01 $p the server's first shutdown returns false and is SENT; the client then gets ZeroReturn and is RECEIVED, then SENT|RECEIVED") {
        val pair = connected(provider)
        pair.server.getShutdown() shouldBe sent()
        pair.server.shutdown() shouldBe false
        pair.server.getShutdown() shouldBe sent(ShutdownState.SENT_SHUTDOWN)
        pair.moveAll()
        shouldThrow<TlsZeroReturnException> { pair.client.recv(1024) }
        pair.client.getShutdown() shouldBe sent(ShutdownState.RECEIVED_SHUTDOWN)
        pair.client.shutdown()
        pair.client.getShutdown() shouldBe sent(ShutdownState.SENT_SHUTDOWN, ShutdownState.RECEIVED_SHUTDOWN)
    }

    test("PSHUT-02 $p after the client's close_notify the server's recv raises ZeroReturn and it is SENT|RECEIVED") {
        val pair = connected(provider)
        pair.server.shutdown() shouldBe false
        pair.moveAll()
        shouldThrow<TlsZeroReturnException> { pair.client.recv(1024) }
        pair.client.shutdown()
        pair.moveAll()
        shouldThrow<TlsZeroReturnException> { pair.server.recv(1024) }
        pair.server.getShutdown() shouldBe sent(ShutdownState.SENT_SHUTDOWN, ShutdownState.RECEIVED_SHUTDOWN)
    }

    test("PSHUT-03 $p on memory BIOs the first shutdown returns false, the second raises WantRead, and after bio_shutdown it raises an error") {
        val pair = connected(provider)
        pair.server.shutdown() shouldBe false
        shouldThrow<TlsWantReadException> { pair.server.shutdown() }
        pair.server.bioShutdown()
        val e = shouldThrow<TlsException> { pair.server.shutdown() }
        (e is TlsWantReadException) shouldBe false
    }

    test("PSHUT-05 $p set_shutdown(RECEIVED_SHUTDOWN) is what get_shutdown reports; a missing state is refused") {
        val conn = TlsContext.create(Method.TLS_METHOD, provider).newConnection().apply { setConnectState() }
        conn.setShutdown(EnumSet.of(ShutdownState.RECEIVED_SHUTDOWN))
        conn.getShutdown() shouldBe sent(ShutdownState.RECEIVED_SHUTDOWN)
        ShutdownState.toBits(conn.getShutdown()) shouldBe 2
        shouldThrow<NullPointerException> { conn.setShutdown(null) }
        conn.getShutdown() shouldBe sent(ShutdownState.RECEIVED_SHUTDOWN)
    }

    test("PSHUT-06 $p the peer's transport ending without close_notify makes recv raise an unexpected-EOF error") {
        // pyOpenSSL SysCallError(-1, "Unexpected EOF") is CPython's SSLEOFError, tlskit's TlsEofException.
        val pair = connected(provider)
        pair.client.bioShutdown()
        val e = shouldThrow<TlsException> { pair.client.recv(1024) }
        e.shouldBeInstanceOf<TlsEofException>()
        e.reason().get() shouldBe "UNEXPECTED_EOF_WHILE_READING"
    }

    test("PIO-01 $p send of bytes or a buffer view returns the length and recv delivers it; sendall of 32 KiB spans records and arrives whole") {
        val pair = connected(provider)
        pair.server.write("xy".toByteArray()) shouldBe 2
        pair.server.write(ByteBuffer.wrap("zw".toByteArray())) shouldBe 2
        pair.moveAll()
        String(pair.client.recv(2)) shouldBe "xy"
        String(pair.client.recv(2)) shouldBe "zw"
        val big = ByteArray(32 * 1024) { (it % 251).toByte() }
        pair.server.write(big) shouldBe big.size
        (pair.server.outgoing().pending() > 16 * 1024 + 5 * 2) shouldBe true
        pair.moveAll()
        val got = java.io.ByteArrayOutputStream()
        while (got.size() < big.size) got.write(pair.client.recv(big.size))
        got.toByteArray().contentEquals(big) shouldBe true
    }

    test("PIO-02 $p send of no buffer is refused and nothing is sent") {
        // [py] send(str) warns and object/list raise TypeError in Python; on the JVM only a null buffer remains.
        val pair = connected(provider)
        shouldThrow<NullPointerException> { pair.server.write(null as ByteArray?) }
        pair.server.outgoing().pending() shouldBe 0
    }

    test("PIO-04 $p recv_into writes what is available, honours nbytes, and never writes past the buffer's end") {
        val pair = connected(provider)
        pair.server.write("xy".toByteArray()); pair.moveAll()
        val five = ByteBuffer.allocate(5)
        pair.client.read(five) shouldBe 2
        five.array().toList() shouldBe listOf<Byte>('x'.code.toByte(), 'y'.code.toByte(), 0, 0, 0)

        pair.server.write("abcdefghij".toByteArray()); pair.moveAll()
        val ten = ByteBuffer.allocate(10).limit(5) as ByteBuffer // nbytes=5
        pair.client.read(ten) shouldBe 5
        String(ten.array(), 0, 5) shouldBe "abcde"
        ten.array().drop(5).all { it == 0.toByte() } shouldBe true
        String(pair.client.recv(5)) shouldBe "fghij"

        pair.server.write("0123456789".toByteArray()); pair.moveAll()
        val backing = ByteArray(8)
        val window = ByteBuffer.wrap(backing, 2, 4).slice()
        pair.client.read(window) shouldBe 4
        backing.toList() shouldBe listOf<Byte>(0, 0, '0'.code.toByte(), '1'.code.toByte(), '2'.code.toByte(), '3'.code.toByte(), 0, 0)
        String(pair.client.recv(10)) shouldBe "456789"
    }
}
