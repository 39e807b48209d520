package dev.tlskit.internal

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import java.io.ByteArrayOutputStream
import java.nio.ByteBuffer

private fun bytes(vararg b: Int) = ByteArray(b.size) { b[it].toByte() }

private fun u16(n: Int) = bytes(n shr 8 and 0xff, n and 0xff)

private fun cat(vararg parts: ByteArray): ByteArray = ByteArrayOutputStream().apply { parts.forEach { write(it) } }.toByteArray()

private fun record(type: Int, payload: ByteArray) = cat(bytes(type, 3, 3), u16(payload.size), payload)

private fun handshake(type: Int, body: ByteArray) = cat(bytes(type, 0, body.size shr 8 and 0xff, body.size and 0xff), body)

private fun ext(type: Int, data: ByteArray = ByteArray(0)) = cat(u16(type), u16(data.size), data)

private fun clientHello(sessionId: ByteArray, vararg exts: ByteArray): ByteArray {
    val e = cat(*exts)
    return handshake(1, cat(bytes(3, 3), ByteArray(32) { 7 }, bytes(sessionId.size), sessionId, u16(2), bytes(0x13, 1), bytes(1, 0), u16(e.size), e))
}

private fun serverHello(random: ByteArray, sessionId: ByteArray, vararg exts: ByteArray): ByteArray {
    val e = cat(*exts)
    return handshake(2, cat(bytes(3, 3), random, bytes(sessionId.size), sessionId, bytes(0x13, 1), bytes(0), u16(e.size), e))
}

private val TLS13 = ext(0x002b, bytes(3, 4))
private val PSK = ext(0x0029, bytes(0, 0))
private val HRR = bytes(
    0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
    0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C,
)

private fun HelloObserver.client(b: ByteArray) = fromClient(ByteBuffer.wrap(b), 0, b.size)

private fun HelloObserver.server(b: ByteArray) = fromServer(ByteBuffer.wrap(b), 0, b.size)

class HelloObserverTest : FunSpec({
    test("a TLS 1.3 ServerHello with pre_shared_key is a resumption the client offered") {
        val h = HelloObserver()
        h.client(record(22, clientHello(ByteArray(32) { 1 }, TLS13, PSK)))
        h.server(record(22, serverHello(ByteArray(32) { 2 }, ByteArray(32) { 1 }, TLS13, PSK)))
        h.resumed() shouldBe true
        h.isTls13() shouldBe true
        h.clientOfferedSession() shouldBe true
    }

    test("a HelloRetryRequest is skipped: the real ServerHello after it decides") {
        val h = HelloObserver()
        h.client(record(22, clientHello(ByteArray(32) { 1 }, TLS13)))
        h.server(record(22, serverHello(HRR, ByteArray(32) { 1 }, TLS13)))
        h.resumed().shouldBeNull()
        h.client(record(22, clientHello(ByteArray(32) { 1 }, TLS13)))
        h.server(record(22, serverHello(ByteArray(32) { 3 }, ByteArray(32) { 1 }, TLS13)))
        h.resumed() shouldBe false
        h.clientOfferedSession() shouldBe false // a TLS 1.3 compatibility session id is no offer
    }

    test("TLS 1.2: Certificate after the ServerHello is a full handshake, its NewSessionTicket gives the hint") {
        val h = HelloObserver()
        h.client(record(22, clientHello(ByteArray(0), ext(0x0023))))
        h.server(record(22, cat(serverHello(ByteArray(32) { 2 }, ByteArray(32) { 9 }), handshake(11, ByteArray(10)))))
        h.resumed() shouldBe false
        h.clientOfferedSession() shouldBe false
        h.done() shouldBe false
        h.server(cat(record(22, handshake(4, cat(bytes(0, 0, 0x1c, 0x20), u16(3), bytes(1, 2, 3)))), record(20, bytes(1))))
        h.hasTicket() shouldBe true
        h.ticketLifetimeHint() shouldBe 7200L
        h.done() shouldBe true
    }

    test("TLS 1.2: ChangeCipherSpec right after the ServerHello is a resumption, even split across records and calls") {
        val h = HelloObserver()
        h.client(record(22, clientHello(ByteArray(32) { 5 })))
        val flight = cat(record(22, serverHello(ByteArray(32) { 2 }, ByteArray(32) { 5 })), record(20, bytes(1)), record(22, bytes(1, 0, 0, 12) + ByteArray(12)))
        h.server(flight.copyOfRange(0, 17))
        h.resumed().shouldBeNull()
        h.server(flight.copyOfRange(17, flight.size))
        h.resumed() shouldBe true
        h.clientOfferedSession() shouldBe true
        h.hasTicket() shouldBe false
    }

    test("bytes that are not TLS never throw and decide nothing") {
        val h = HelloObserver()
        h.client(bytes(22, 3, 3, 0, 4, 1, 0xff, 0xff, 0xff))
        h.server(bytes(22, 3, 3, 0, 6, 2, 0, 0, 2, 3, 3))
        h.resumed().shouldBeNull()
        h.clientOfferedSession() shouldBe false
    }
})
