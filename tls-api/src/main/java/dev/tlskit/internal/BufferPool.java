package dev.tlskit.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small, bounded, process-wide pool of record-sized buffers for {@link ByteQueue}: what lets an idle connection
 * give its buffers back (so ten thousand idle connections do not hold 50 KB each) and a closed one hand them to the
 * next, without the allocation and zeroing that a fresh 17 KB array costs on every read, and without the much higher
 * cost of allocating direct memory.
 *
 * <p>Sizes come in four classes, {@value #CLASS_0} bytes (one TLS record of ciphertext or plaintext plus room) times 1,
 * 2, 4 and 8; requests are rounded up to a class. Smaller and larger requests are allocated exactly and never pooled.
 * Heap and direct buffers are pooled apart, each up to {@value #MAX_POOLED_BYTES} bytes; beyond that a buffer given
 * back is left to the garbage collector. A buffer is never given out twice: {@link ByteQueue} gives one back only after
 * dropping its own references, under its lock.
 *
 * <p>Pooled buffers are not zeroed: a queue only ever reads the bytes it wrote itself.
 */
final class BufferPool {
    /** The smallest class: a full TLS record (16 384 + 325 bytes of overhead at most) rounded to 17 KiB. */
    static final int CLASS_0 = 17 * 1024;
    /** Requests below this are allocated exactly (handshake-only queues, the memory BIOs' first 4 KiB). */
    static final int MIN_POOLED = 8 * 1024;
    private static final int CLASSES = 4;
    /** Bytes each pool (heap, direct) may hold at most. */
    static final long MAX_POOLED_BYTES = 4L * 1024 * 1024;

    private static final Pool HEAP = new Pool(false);
    private static final Pool DIRECT = new Pool(true);

    private BufferPool() {
    }

    /** A buffer of at least {@code min} bytes, position 0, limit = capacity; its contents are undefined. */
    static ByteBuffer take(int min, boolean direct) {
        int c = classOf(min);
        if (c < 0) {
            return direct ? ByteBuffer.allocateDirect(min) : ByteBuffer.allocate(min);
        }
        return (direct ? DIRECT : HEAP).take(c);
    }

    /** Takes {@code b} back if it is a pooled size and its pool has room; otherwise drops it. */
    static void give(ByteBuffer b) {
        int cap = b.capacity();
        int c = classOf(cap);
        if (c >= 0 && CLASS_0 << c == cap) {
            (b.isDirect() ? DIRECT : HEAP).give(c, b);
        }
    }

    /** Bytes held by the heap and direct pools (diagnostics and tests). */
    static long pooledBytes(boolean direct) {
        return (direct ? DIRECT : HEAP).bytes.get();
    }

    private static int classOf(int size) {
        if (size < MIN_POOLED) {
            return -1;
        }
        for (int c = 0; c < CLASSES; c++) {
            if (size <= CLASS_0 << c) {
                return c;
            }
        }
        return -1;
    }

    private static final class Pool {
        private final boolean direct;
        @SuppressWarnings("unchecked")
        private final ConcurrentLinkedQueue<ByteBuffer>[] free = new ConcurrentLinkedQueue[CLASSES];
        final AtomicLong bytes = new AtomicLong();

        Pool(boolean direct) {
            this.direct = direct;
            for (int c = 0; c < CLASSES; c++) {
                free[c] = new ConcurrentLinkedQueue<>();
            }
        }

        ByteBuffer take(int c) {
            ByteBuffer b = free[c].poll();
            if (b == null) {
                int size = CLASS_0 << c;
                return direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
            }
            bytes.addAndGet(-b.capacity());
            return b.clear();
        }

        void give(int c, ByteBuffer b) {
            long after = bytes.addAndGet(b.capacity());
            if (after > MAX_POOLED_BYTES) {
                bytes.addAndGet(-b.capacity());
                return;
            }
            free[c].offer(b);
        }
    }
}
