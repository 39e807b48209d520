package dev.tlskit.internal;

import java.nio.ByteBuffer;

/**
 * A growable FIFO of bytes backed by one heap array, with reusable {@link ByteBuffer} views so the engine driver can
 * {@code unwrap} straight from it and {@code wrap} straight into it without copying or allocating on the hot path.
 * Not thread-safe by itself: callers synchronise on the queue object.
 */
public final class ByteQueue {
    private byte[] array;
    private int readPos;
    private int writePos;
    private ByteBuffer readView;
    private ByteBuffer writeView;
    private boolean eofWritten;

    public ByteQueue(int initialCapacity) {
        array = new byte[Math.max(16, initialCapacity)];
        readView = ByteBuffer.wrap(array);
        writeView = ByteBuffer.wrap(array);
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

    public void write(byte[] src, int off, int len) {
        ensureWritable(len);
        System.arraycopy(src, off, array, writePos, len);
        writePos += len;
    }

    public void write(ByteBuffer src) {
        int len = src.remaining();
        ensureWritable(len);
        src.get(array, writePos, len);
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
            byte[] a = target.array;
            ByteBuffer rv = target.readView;
            ByteBuffer wv = target.writeView;
            target.array = array;
            target.readView = readView;
            target.writeView = writeView;
            target.readPos = readPos;
            target.writePos = writePos;
            array = a;
            readView = rv;
            writeView = wv;
            readPos = 0;
            writePos = 0;
        } else {
            target.write(array, readPos, n);
            consume(n);
        }
        return n;
    }

    /** The byte at {@code index} from the head, without consuming it. */
    public byte peek(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("peek(" + index + ") with " + size() + " bytes queued");
        }
        return array[readPos + index];
    }

    /** Moves up to {@code len} bytes into {@code dst}; returns the count. */
    public int read(byte[] dst, int off, int len) {
        int n = Math.min(len, size());
        System.arraycopy(array, readPos, dst, off, n);
        consume(n);
        return n;
    }

    public int read(ByteBuffer dst) {
        int n = Math.min(dst.remaining(), size());
        dst.put(array, readPos, n);
        consume(n);
        return n;
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
        writeView.limit(array.length).position(writePos);
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
        if (array.length - writePos >= len) {
            return;
        }
        int size = size();
        if (array.length - size >= len && readPos > 0) {
            System.arraycopy(array, readPos, array, 0, size);
        } else {
            long wanted = Math.max((long) array.length * 2, (long) size + len);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new OutOfMemoryError("tlskit buffer would exceed 2 GiB");
            }
            byte[] bigger = new byte[(int) wanted];
            System.arraycopy(array, readPos, bigger, 0, size);
            array = bigger;
            readView = ByteBuffer.wrap(array);
            writeView = ByteBuffer.wrap(array);
        }
        readPos = 0;
        writePos = size;
    }

    /** Drops the storage; the queue is empty and small afterwards. */
    public void clear() {
        readPos = 0;
        writePos = 0;
        if (array.length > 4096) {
            array = new byte[16];
            readView = ByteBuffer.wrap(array);
            writeView = ByteBuffer.wrap(array);
        }
    }
}
