package dev.tlskit.internal;

import java.nio.ByteBuffer;

/**
 * A growable FIFO of bytes backed by one {@link ByteBuffer}, with reusable views so the engine driver can
 * {@code unwrap} straight from it and {@code wrap} straight into it without copying or allocating on the hot path.
 * Not thread-safe by itself: callers synchronise on the queue object.
 *
 * <h2>Storage</h2>
 * Heap by default. After {@link #preferDirect()} every new storage is a direct buffer, for engines that encrypt and
 * decrypt in native code (Conscrypt/BoringSSL read and write direct buffers in place and copy heap buffers through a
 * direct one of their own). Storage of {@link BufferPool#MIN_POOLED} bytes or more comes from, and goes back to, the
 * {@link BufferPool}: {@link #clear()} and {@link #releaseIfEmpty()} give it back, so an idle connection holds no
 * record-sized buffer and a closed one leaves its buffers to the next.
 */
public final class ByteQueue {
    /** What an empty, released queue keeps: small enough that ten thousand idle connections do not notice it. */
    private static final int IDLE_CAPACITY = 16;

    private ByteBuffer storage;
    private ByteBuffer readView;
    private ByteBuffer writeView;
    private int readPos;
    private int writePos;
    private boolean eofWritten;
    private boolean direct;

    public ByteQueue(int initialCapacity) {
        setStorage(ByteBuffer.allocate(Math.max(IDLE_CAPACITY, initialCapacity)));
    }

    private void setStorage(ByteBuffer b) {
        storage = b;
        readView = b.duplicate();
        writeView = b.duplicate();
    }

    /** New storage from now on is direct (the current one is replaced when it next grows or is released). */
    public void preferDirect() {
        direct = true;
    }

    /** The writer said no more bytes will come (the seed's {@code write_eof}). */
    public void markEof() {
        eofWritten = true;
    }

    public boolean eofWritten() {
        return eofWritten;
    }

    /** No byte is queued and none will come. */
    public boolean atEof() {
        return eofWritten && readPos == writePos;
    }

    public int size() {
        return writePos - readPos;
    }

    /** Bytes the current storage holds, queued or not (for tests and diagnostics). */
    public int capacity() {
        return storage.capacity();
    }

    public void write(byte[] src, int off, int len) {
        ensureWritable(len);
        storage.put(writePos, src, off, len);
        writePos += len;
    }

    public void write(ByteBuffer src) {
        int len = src.remaining();
        ensureWritable(len);
        storage.put(writePos, src, src.position(), len);
        src.position(src.position() + len);
        writePos += len;
    }

    /**
     * Moves every queued byte to the end of {@code target}. When {@code target} is empty the two queues swap storage, so
     * nothing is copied. Callers hold both queues' locks.
     *
     * @return the number of bytes moved
     */
    public int transferTo(ByteQueue target) {
        int n = size();
        if (n == 0) {
            return 0;
        }
        if (target.size() == 0) {
            ByteBuffer s = target.storage;
            ByteBuffer rv = target.readView;
            ByteBuffer wv = target.writeView;
            target.storage = storage;
            target.readView = readView;
            target.writeView = writeView;
            target.readPos = readPos;
            target.writePos = writePos;
            storage = s;
            readView = rv;
            writeView = wv;
            readPos = 0;
            writePos = 0;
        } else {
            target.write(storage.duplicate().limit(writePos).position(readPos));
            consume(n);
        }
        return n;
    }

    /** The byte at {@code index} from the head, without consuming it. */
    public byte peek(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("peek(" + index + ") with " + size() + " bytes queued");
        }
        return storage.get(readPos + index);
    }

    /** Moves up to {@code len} bytes into {@code dst}; returns the count. */
    public int read(byte[] dst, int off, int len) {
        int n = Math.min(len, size());
        storage.get(readPos, dst, off, n);
        consume(n);
        return n;
    }

    public int read(ByteBuffer dst) {
        int n = Math.min(dst.remaining(), size());
        dst.put(dst.position(), storage, readPos, n);
        dst.position(dst.position() + n);
        consume(n);
        return n;
    }

    /** Copies up to {@code dst.remaining()} queued bytes into {@code dst} without consuming them; returns the count. */
    public int peek(ByteBuffer dst) {
        int n = Math.min(dst.remaining(), size());
        dst.put(dst.position(), storage, readPos, n);
        dst.position(dst.position() + n);
        return n;
    }

    /** Drops {@code n} bytes from the head, as after a {@link #peek(ByteBuffer)} whose bytes were used. */
    public void skip(int n) {
        if (n < 0 || n > size()) {
            throw new IndexOutOfBoundsException("skip(" + n + ") with " + size() + " bytes queued");
        }
        consume(n);
    }

    /** A view positioned on the queued bytes; after use, call {@link #consumed(ByteBuffer)} with it. */
    public ByteBuffer readable() {
        readView.limit(writePos).position(readPos);
        return readView;
    }

    /** Records how far a {@link #readable()} view was read. */
    public void consumed(ByteBuffer view) {
        consume(view.position() - readPos);
    }

    /** A view on at least {@code min} free bytes after the queued ones; then call {@link #produced(ByteBuffer)}. */
    public ByteBuffer writable(int min) {
        ensureWritable(min);
        writeView.limit(writeView.capacity()).position(writePos);
        return writeView;
    }

    /** Records how far a {@link #writable(int)} view was filled. */
    public void produced(ByteBuffer view) {
        writePos = view.position();
    }

    private void consume(int n) {
        readPos += n;
        if (readPos == writePos) {
            readPos = 0;
            writePos = 0;
        }
    }

    private void ensureWritable(int len) {
        int capacity = storage.capacity();
        if (capacity - writePos >= len) {
            return;
        }
        int size = size();
        if (capacity - size >= len && readPos > 0) {
            // compact() is the buffer's own overlapping move of [readPos, writePos) to 0
            storage.duplicate().limit(writePos).position(readPos).compact();
        } else {
            long wanted = Math.max((long) capacity * 2, (long) size + len);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new OutOfMemoryError("tlskit buffer would exceed 2 GiB");
            }
            ByteBuffer bigger = BufferPool.take((int) wanted, direct);
            bigger.put(0, storage, readPos, size);
            ByteBuffer old = storage;
            setStorage(bigger);
            BufferPool.give(old);
        }
        readPos = 0;
        writePos = size;
    }

    /**
     * Gives record-sized storage back to the {@link BufferPool} when nothing is queued, keeping a few bytes: for a
     * connection about to wait for its peer. Returns at once when bytes are queued or the storage is already small.
     */
    public void releaseIfEmpty() {
        if (readPos == writePos && storage.capacity() > IDLE_CAPACITY) {
            ByteBuffer old = storage;
            setStorage(ByteBuffer.allocate(IDLE_CAPACITY));
            readPos = 0;
            writePos = 0;
            BufferPool.give(old);
        }
    }

    /** Drops the queued bytes and the storage; the queue is empty and small afterwards. */
    public void clear() {
        readPos = 0;
        writePos = 0;
        releaseIfEmpty();
    }
}
