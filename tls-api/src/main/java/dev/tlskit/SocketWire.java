package dev.tlskit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * The TLS bytes of one {@link TlsSocket} on its socket: taken from the connection's outgoing BIO and sent, read and
 * put into its incoming BIO. A plain {@link Socket} (and a {@link SocketChannel}'s socket in blocking mode) is used
 * through its streams, which honour {@link Socket#setSoTimeout}; a {@link SocketChannel} in non-blocking mode through
 * the channel, where "nothing now" becomes {@link TlsWantReadException} / {@link TlsWantWriteException} as in the
 * seeds. Callers hold the socket's write lock for {@link #flush} and its read lock for {@link #fill}.
 */
final class SocketWire {
    private static final int CHUNK = 16 * 1024 + 512;

    private final Socket socket;
    /** The socket's channel, or {@code null} for a plain socket (which cannot be non-blocking). */
    private final SocketChannel channel;
    private final byte[] netIn = new byte[CHUNK];
    /** A copy of the outgoing bytes being sent; they leave the BIO only once the socket took them. */
    private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
    private InputStream rawIn;
    private OutputStream rawOut;
    /** The first bytes the peer sent during the handshake (for {@link dev.tlskit.internal.PreHandshakeData}). */
    private byte[] handshakeHead;

    SocketWire(Socket socket) {
        this.socket = socket;
        this.channel = socket.getChannel();
    }

    SocketChannel channel() {
        return channel;
    }

    /** Whether the socket is a channel's in non-blocking mode. */
    boolean nonBlocking() {
        return channel != null && !channel.isBlocking();
    }

    /**
     * Sends everything TLS produced. Bytes leave {@code outgoing} only once the socket took them, so a connection's
     * {@code wantWrite()} stays true while some wait.
     *
     * @throws TlsWantWriteException when a non-blocking socket takes no more now: the rest stays for the next call
     */
    void flush(MemoryBio outgoing) throws TlsException {
        dev.tlskit.internal.ByteQueue q = outgoing.queue();
        try {
            while (true) {
                chunk.clear();
                synchronized (q) {
                    q.peek(chunk);
                }
                chunk.flip();
                int len = chunk.remaining();
                if (len == 0) {
                    break;
                }
                int sent;
                if (nonBlocking()) {
                    sent = channel.write(chunk);
                } else {
                    rawOut().write(chunk.array(), 0, len);
                    sent = len;
                }
                synchronized (q) {
                    q.skip(sent);
                }
                if (sent < len) {
                    throw new TlsWantWriteException("the socket's send buffer is full: wait until the socket is "
                            + "writable and repeat the call");
                }
            }
            if (!nonBlocking()) {
                rawOut().flush();
            }
        } catch (TlsException e) {
            throw e;
        } catch (IOException e) {
            throw new TlsSyscallException("sending TLS data failed: " + e.getMessage(), e);
        }
    }

    /**
     * Reads at most {@code max} bytes from the socket into {@code incoming}; at EOF marks it.
     *
     * @param recordHead whether to remember the first bytes (during the handshake)
     * @throws TlsWantReadException             when a non-blocking socket has nothing now
     * @throws java.net.SocketTimeoutException  when the socket's timeout passed (nothing was consumed)
     * @throws TlsSyscallException              for any other transport failure
     */
    void fill(MemoryBio incoming, int max, boolean recordHead) throws IOException {
        try {
            int n;
            if (nonBlocking()) {
                n = channel.read(ByteBuffer.wrap(netIn, 0, Math.min(max, netIn.length)));
                if (n == 0) {
                    throw new TlsWantReadException("no TLS data has arrived yet: wait until the socket is readable "
                            + "and repeat the call");
                }
            } else {
                n = rawIn().read(netIn, 0, Math.min(max, netIn.length));
            }
            if (n < 0) {
                incoming.writeEof();
                return;
            }
            if (recordHead && handshakeHead == null && n > 0) {
                handshakeHead = Arrays.copyOf(netIn, Math.min(n, 16));
            }
            incoming.write(netIn, 0, n);
        } catch (TlsException | java.net.SocketTimeoutException e) {
            throw e; // not a transport failure: nothing was consumed, the call can be repeated
        } catch (IOException e) {
            throw new TlsSyscallException("reading from the peer failed: " + e.getMessage(), e);
        }
    }

    byte[] handshakeHead() {
        return handshakeHead;
    }

    /**
     * Reads and drops what the socket has already received, without blocking: a TCP close with unread input sends a
     * reset instead of FIN (RFC 2525 section 2.17), and the reset discards the data still in our send buffer, which
     * for a writer that just returned from a multi-megabyte {@code sendall} to a slow reader is most of it.
     */
    void discardUnreadInput() throws IOException {
        byte[] scratch = new byte[4096];
        for (int rounds = 0; rounds < 1024; rounds++) { // bounded: a peer that keeps sending gets its reset
            if (nonBlocking()) {
                if (channel.read(ByteBuffer.wrap(scratch)) <= 0) {
                    return;
                }
                continue;
            }
            InputStream raw = rawIn();
            int n = raw.available();
            if (n <= 0 || raw.read(scratch, 0, Math.min(n, scratch.length)) < 0) {
                return;
            }
        }
    }

    private InputStream rawIn() throws IOException {
        if (rawIn == null) {
            rawIn = socket.getInputStream();
        }
        return rawIn;
    }

    private OutputStream rawOut() throws IOException {
        if (rawOut == null) {
            rawOut = socket.getOutputStream();
        }
        return rawOut;
    }
}
