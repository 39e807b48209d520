package dev.tlskit;

import dev.tlskit.internal.ByteQueue;
import java.nio.ByteBuffer;

/**
 * An in-memory byte pipe between a {@link TlsConnection} and whatever transport the application runs: the seed's
 * {@code ssl.MemoryBIO}. Thread-safe.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * MemoryBio incoming = new MemoryBio(), outgoing = new MemoryBio();
 * TlsConnection conn = ctx.wrapBio(incoming, outgoing, false, "example.org");
 * // send outgoing.read() to the peer; incoming.write(bytesFromPeer); incoming.writeEof() at EOF
 * }</pre>
 */
public final class MemoryBio {
    private final ByteQueue queue = new ByteQueue(4096);

    /** Seed {@code MemoryBIO.pending}: bytes that can be read. */
    public int pending() {
        synchronized (queue) {
            return queue.size();
        }
    }

    /** Seed {@code MemoryBIO.eof}: {@code writeEof()} was called and every byte has been read. */
    public boolean eof() {
        synchronized (queue) {
            return queue.eofWritten() && queue.size() == 0;
        }
    }

    /** {@code true} once {@link #writeEof()} was called, even if bytes remain. */
    public boolean eofWritten() {
        synchronized (queue) {
            return queue.eofWritten();
        }
    }

    /**
     * Seed {@code MemoryBIO.read(n)}: up to {@code n} bytes (all pending bytes when {@code n < 0}); an empty array when
     * nothing is pending.
     */
    public byte[] read(int n) {
        synchronized (queue) {
            int count = n < 0 ? queue.size() : Math.min(n, queue.size());
            byte[] out = new byte[count];
            queue.read(out, 0, count);
            return out;
        }
    }

    /** Seed {@code MemoryBIO.read()}: every pending byte. */
    public byte[] read() {
        return read(-1);
    }

    /** Moves pending bytes into {@code dst}; returns how many. */
    public int read(ByteBuffer dst) {
        synchronized (queue) {
            return queue.read(dst);
        }
    }

    /**
     * Seed {@code MemoryBIO.write(buf)}: appends all of {@code data} and returns its length.
     *
     * @throws IllegalStateException after {@link #writeEof()} (the seed: {@code SSLError("cannot write() after
     *                               write_eof()")})
     */
    public int write(byte[] data) {
        synchronized (queue) {
            return write(data, 0, data.length);
        }
    }

    public int write(byte[] data, int off, int len) {
        synchronized (queue) {
            checkWritable();
            java.util.Objects.checkFromIndexSize(off, len, data.length);
            queue.write(data, off, len);
            return len;
        }
    }

    public int write(ByteBuffer data) {
        synchronized (queue) {
            checkWritable();
            int n = data.remaining();
            queue.write(data);
            return n;
        }
    }

    /**
     * Moves every pending byte into {@code target} (as {@code target.write(this.read())} would) without copying when
     * {@code target} is empty: the buffers change owners. For pumping two in-process connections into each other.
     *
     * <pre>{@code
     * clientOut.transferTo(serverIn);   // what the client sent is now the server's input
     * }</pre>
     *
     * @return the number of bytes moved
     * @throws IllegalStateException if {@code target} had {@link #writeEof()} called, or is this BIO
     */
    public int transferTo(MemoryBio target) {
        if (target == this) {
            throw new IllegalStateException("a MemoryBio cannot transfer into itself");
        }
        ByteQueue first = System.identityHashCode(queue) <= System.identityHashCode(target.queue) ? queue : target.queue;
        ByteQueue second = first == queue ? target.queue : queue;
        synchronized (first) {
            synchronized (second) {
                target.checkWritable();
                return queue.transferTo(target.queue);
            }
        }
    }

    /** Seed {@code MemoryBIO.write_eof()}: no more bytes will be written; readers see EOF after the pending ones. */
    public void writeEof() {
        synchronized (queue) {
            queue.markEof();
        }
    }

    private void checkWritable() { // caller holds this BIO's queue lock
        if (queue.eofWritten()) {
            throw new IllegalStateException("cannot write() after write_eof(): this MemoryBio was already closed");
        }
    }

    /** For the engine driver, which locks the queue itself as the public methods do. */
    ByteQueue queue() {
        return queue;
    }

    @Override
    public String toString() {
        synchronized (queue) {
            return "MemoryBio[pending=" + queue.size() + (queue.eofWritten() ? ", eof written" : "") + "]";
        }
    }

}
