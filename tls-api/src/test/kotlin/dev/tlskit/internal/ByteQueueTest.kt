package dev.tlskit.internal

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import java.io.ByteArrayOutputStream
import java.nio.ByteBuffer
import kotlin.random.Random

class ByteQueueTest : FunSpec({
    for (direct in listOf(false, true)) {
        val kind = if (direct) "direct" else "heap"

        test("a $kind queue is a FIFO through every way in and out, across growth, compaction and idle release") {
            val rnd = Random(7)
            val q = ByteQueue(16).apply { if (direct) preferDirect() }
            val expected = ByteArrayOutputStream()
            val got = ByteArrayOutputStream()
            var next = 0
            repeat(4000) {
                when (rnd.nextInt(6)) {
                    0 -> ByteArray(rnd.nextInt(1, 20_000)) { (next++).toByte() }.also { q.write(it, 0, it.size); expected.write(it) }
                    1 -> ByteArray(rnd.nextInt(1, 5_000)) { (next++).toByte() }.also { q.write(ByteBuffer.wrap(it)); expected.write(it) }
                    2 -> { // what the engine does: fill a writable view
                        val len = rnd.nextInt(1, 17_000)
                        val view = q.writable(len)
                        repeat(len) { view.put((next++).toByte()) }
                        q.produced(view)
                        expected.write(ByteArray(len) { i -> (next - len + i).toByte() })
                    }
                    3 -> ByteArray(rnd.nextInt(1, 30_000)).also { got.write(it, 0, q.read(it, 0, it.size)) }
                    4 -> { // what the engine does: read from a readable view
                        val view = q.readable()
                        val n = minOf(view.remaining(), rnd.nextInt(1, 20_000))
                        repeat(n) { got.write(view.get().toInt()) }
                        q.consumed(view)
                    }
                    else -> {
                        val size = q.size()
                        q.releaseIfEmpty()
                        q.size() shouldBe size
                        if (size == 0) q.capacity() shouldBeLessThanOrEqual 16
                    }
                }
                if (q.size() > 0) q.peek(0) shouldBe expected.toByteArray()[got.size()]
            }
            val rest = ByteBuffer.allocate(q.size())
            q.read(rest)
            got.write(rest.array())
            got.toByteArray().contentEquals(expected.toByteArray()) shouldBe true
        }

        test("a $kind queue's storage is ${if (direct) "" else "not "}direct once it grows to record size") {
            val q = ByteQueue(16).apply { if (direct) preferDirect() }
            q.writable(16_709).isDirect shouldBe direct
            q.capacity() shouldBe BufferPool.CLASS_0
        }
    }

    test("transferTo hands the storage over to an empty target and copies into a non-empty one") {
        val a = ByteQueue(16)
        val b = ByteQueue(16)
        a.write(byteArrayOf(1, 2, 3), 0, 3)
        a.transferTo(b) shouldBe 3
        a.size() shouldBe 0
        a.write(byteArrayOf(4), 0, 1)
        a.transferTo(b) shouldBe 1
        ByteArray(4).also { b.read(it, 0, 4) shouldBe 4 }.toList() shouldBe listOf<Byte>(1, 2, 3, 4)
    }

    test("released record-sized storage goes back to the pool and is handed out again, never twice") {
        val q = ByteQueue(16)
        q.writable(BufferPool.CLASS_0)
        val before = BufferPool.pooledBytes(false)
        q.clear()
        BufferPool.pooledBytes(false) shouldBe before + BufferPool.CLASS_0
        val a = BufferPool.take(BufferPool.CLASS_0, false)
        val b = BufferPool.take(BufferPool.CLASS_0, false)
        (a === b) shouldBe false
        a.capacity() shouldBeGreaterThanOrEqual BufferPool.CLASS_0
        BufferPool.give(a)
        BufferPool.give(b)
    }
})
