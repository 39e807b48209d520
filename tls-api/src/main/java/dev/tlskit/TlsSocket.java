package dev.tlskit;

import dev.tlskit.ciphers.CipherInfo;
import dev.tlskit.internal.ContextSnapshot;
import dev.tlskit.internal.EngineDriver;
import dev.tlskit.internal.ReplaySocket;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * TLS over a connected blocking {@link Socket}: the seed's {@code ssl.SSLSocket}, made by
 * {@link TlsContext#wrapSocket}. Runs the same engine driver as {@link TlsConnection}, pumping its buffers through the
 * socket. One thread may read while another writes.
 *
 * <h2>Example (STARTTLS)</h2>
 * <pre>{@code
 * Socket plain = new Socket("127.0.0.1", port);
 * // ... plain-text negotiation ...
 * TlsSocket tls = ctx.wrapSocket(plain, WrapOptions.client("localhost"));
 * tls.sendall("secret".getBytes());
 * Socket back = tls.unwrap();          // close_notify both ways; plain text again
 * }</pre>
 *
 * <h2>Errors</h2>
 * TLS failures are {@link TlsException}s; transport failures under TLS are {@link TlsSyscallException} with the
 * {@link IOException} as cause; a socket timeout ({@link Socket#setSoTimeout}) is the socket's own
 * {@link java.net.SocketTimeoutException} (the seed's {@code socket.timeout}) and leaves the connection usable. The
 * socket is closed when the handshake fails in {@code wrapSocket}.
 */
public final class TlsSocket implements Closeable {
    private static final int READ_CHUNK = 16 * 1024 + 512;

    private final Socket socket;
    private final TlsConnection conn;
    private final boolean suppressRaggedEofs;
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    private final byte[] netIn = new byte[READ_CHUNK];
    private final byte[] netOut = new byte[READ_CHUNK];
    private InputStream rawIn;
    private OutputStream rawOut;
    private volatile boolean closed;
    private volatile boolean unwrapped;
    /** The first bytes the peer sent during the handshake (for {@link dev.tlskit.internal.PreHandshakeData}). */
    private byte[] handshakeHead;
    private final InputStream in = new TlsInput();
    private final OutputStream out = new TlsOutput();

    private TlsSocket(Socket socket, TlsConnection conn, boolean suppressRaggedEofs) {
        this.socket = socket;
        this.conn = conn;
        this.suppressRaggedEofs = suppressRaggedEofs;
    }

    static TlsSocket create(TlsContext ctx, ContextSnapshot snapshot, Socket socket, WrapOptions options, String host)
            throws IOException {
        TlsConnection conn;
        try {
            // before the handshake: see WrapOptions.withTcpNoDelay. Not on a socket that never connected: setting an
            // option there would open an OS socket for an object that may never be used (or closed)
            if (options.tcpNoDelay() && socket.isConnected() && !socket.isClosed()) {
                socket.setTcpNoDelay(true);
            }
            conn = TlsConnection.create(ctx, snapshot, new MemoryBio(), new MemoryBio(), options.serverSide(), host,
                    options.session());
        } catch (IOException | RuntimeException e) {
            // the seed closes the socket when the SSL object cannot be made (NO_PROTOCOLS_AVAILABLE, an unsupported
            // feature): the caller handed it over and gets nothing back to close
            try {
                socket.close();
            } catch (IOException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
        TlsSocket s = new TlsSocket(socket, conn, options.suppressRaggedEofs());
        if (options.doHandshakeOnConnect() && socket.isConnected()) {
            try {
                s.doHandshake();
            } catch (IOException | RuntimeException e) {
                s.closeQuietly();
                throw e;
            }
        }
        return s;
    }

    /**
     * Seed {@code do_handshake()}: runs the handshake to completion (no-op once done).
     *
     * @throws java.net.SocketException when the socket was never connected (the seed's {@code OSError(ENOTCONN)})
     * @throws IllegalStateException    after {@link #close()} (the seed's {@code ValueError})
     */
    public void doHandshake() throws IOException {
        requireOpen();
        try {
            pump(conn::handshakeStatus, false);
        } catch (TlsException e) {
            TlsException before = dev.tlskit.internal.PreHandshakeData.check(socket, handshakeHead, e);
            throw before != null ? before : e;
        }
    }

    /** The seed's checks before any I/O: {@code ValueError} once closed, {@code OSError(ENOTCONN)} if never connected. */
    private void requireOpen() throws java.net.SocketException {
        if (closed) {
            throw new IllegalStateException("I/O operation on a closed TLS socket: wrap a new socket");
        }
        if (!socket.isConnected()) {
            throw notConnected();
        }
    }

    private static java.net.SocketException notConnected() {
        return new java.net.SocketException("Transport endpoint is not connected (ENOTCONN): connect the socket "
                + "before using the TLS socket");
    }

    /** Runs {@code step} until it completes, sending what it produces and feeding it from the socket. */
    private void pump(StatusStep step, boolean exactReads) throws IOException {
        synchronized (readLock) {
            synchronized (writeLock) {
                while (true) {
                    int st = step.run();
                    flush();
                    if (st == EngineDriver.OK) {
                        return;
                    }
                    if (st != EngineDriver.WANT_READ) {
                        conn.check(st);
                    }
                    fill(exactReads);
                }
            }
        }
    }

    @FunctionalInterface
    private interface StatusStep {
        int run() throws TlsException;
    }

    /**
     * Reads decrypted bytes: the count, or -1 at the end of the stream (close_notify, or a ragged EOF when
     * {@code suppressRaggedEofs}).
     */
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        requireOpen();
        if (len == 0) {
            return 0;
        }
        ensureHandshake();
        synchronized (readLock) {
            ByteBuffer dst = ByteBuffer.wrap(b, off, len);
            while (true) {
                int n = conn.readStatus(dst);
                if (n > 0) {
                    return n;
                }
                switch (n) {
                    case EngineDriver.WANT_READ -> {
                        flushIfPending();
                        fill(false);
                    }
                    case EngineDriver.CLOSED -> {
                        return -1;
                    }
                    case EngineDriver.EOF -> {
                        if (suppressRaggedEofs) {
                            return -1;
                        }
                        conn.check(n);
                    }
                    default -> {
                        flushIfPending();
                        conn.check(n);
                    }
                }
            }
        }
    }

    /**
     * Seed {@code recv(n)}: up to {@code n} bytes; an empty array at the end of the stream.
     *
     * @throws IllegalArgumentException for a negative {@code n} (the seed's {@code ValueError})
     */
    public byte[] recv(int n) throws IOException {
        TlsConnection.requireSize(n, "recv");
        byte[] b = new byte[n];
        int got = read(b, 0, n);
        return got <= 0 ? new byte[0] : Arrays.copyOf(b, got);
    }

    /** Seed {@code sendall(data)}: encrypts and sends all of {@code b[off..off+len)}. */
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        requireOpen();
        ensureHandshake();
        synchronized (writeLock) {
            int n = conn.writeStatus(ByteBuffer.wrap(b, off, len));
            flush();
            if (n < 0) {
                conn.check(n);
            }
        }
    }

    /** Seed {@code sendall(data)}. */
    public void sendall(byte[] data) throws IOException {
        write(data, 0, data.length);
    }

    /**
     * Seed {@code dup()}, which raises {@code NotImplementedError}: a TLS connection's state cannot be shared by two
     * socket objects. Share this {@code TlsSocket} itself (one thread may read while another writes).
     *
     * @throws UnsupportedOperationException always, connected or not
     */
    public TlsSocket dup() {
        throw new UnsupportedOperationException("Can't dup() TlsSocket instances: share this TlsSocket (one reader and "
                + "one writer thread may use it at once) instead of a duplicate");
    }

    /**
     * Seed {@code sendmsg(buffers, ancdata, flags, address)}, which raises {@code NotImplementedError}: ancillary data
     * cannot travel inside TLS records. Send the bytes with {@link #sendall} or {@link #getOutputStream()}.
     *
     * @throws UnsupportedOperationException always, connected or not
     */
    public int sendmsg(ByteBuffer... buffers) {
        throw new UnsupportedOperationException("sendmsg not allowed on instances of TlsSocket: send the data with "
                + "sendall(byte[]) or getOutputStream()");
    }

    /**
     * Seed {@code recvmsg(bufsize, ancbufsize, flags)}, which raises {@code NotImplementedError}. Read with
     * {@link #recv(int)} or {@link #getInputStream()}.
     *
     * @throws UnsupportedOperationException always, connected or not
     */
    public byte[] recvmsg(int bufsize) {
        throw new UnsupportedOperationException("recvmsg not allowed on instances of TlsSocket: read with recv(int) or "
                + "getInputStream()");
    }

    /**
     * Seed {@code recvmsg_into(buffers, ancbufsize, flags)}, which raises {@code NotImplementedError}. Read with
     * {@link #read(byte[], int, int)} or {@link #getInputStream()}.
     *
     * @throws UnsupportedOperationException always, connected or not
     */
    public int recvmsgInto(ByteBuffer... buffers) {
        throw new UnsupportedOperationException("recvmsg_into not allowed on instances of TlsSocket: read with "
                + "read(byte[], int, int) or getInputStream()");
    }

    /** Seed {@code pending()}. */
    public int pending() {
        return conn.pending();
    }

    /**
     * Seed {@code unwrap()}: close_notify both ways, then the plain socket for further clear-text use. Bytes the peer
     * sent after its close_notify are not lost: the returned socket replays them first.
     */
    public Socket unwrap() throws IOException {
        pump(conn::shutdownStatus, true);
        synchronized (readLock) {
            synchronized (writeLock) {
                unwrapped = true;
                byte[] rest = conn.incoming().read();
                conn.close();
                return rest.length == 0 ? socket : new ReplaySocket(socket, rest);
            }
        }
    }

    /**
     * Sends close_notify (best effort) and closes the socket. Every byte already written reaches a peer that keeps
     * reading: bytes the peer sent that were never read (TLS 1.3 session tickets, typically) are discarded first, because
     * closing a TCP socket with unread input resets the connection and throws away what the kernel had not sent yet.
     */
    @Override
    public void close() {
        if (closed || unwrapped) {
            return;
        }
        closed = true;
        try {
            if (!socket.isClosed() && conn.isHandshakeDone()) {
                synchronized (writeLock) {
                    conn.closeOutbound();
                    flush();
                }
                discardUnreadInput();
            }
        } catch (IOException | RuntimeException ignored) {
            // the peer may already be gone; closing must not fail because of it
        } finally {
            closeQuietly();
        }
    }

    /**
     * Reads and drops what the socket has already received, without blocking: a TCP close with unread input sends a
     * reset instead of FIN (RFC 2525 section 2.17), and the reset discards the data still in our send buffer, which
     * for a writer that just returned from a multi-megabyte {@code sendall} to a slow reader is most of it.
     */
    private void discardUnreadInput() throws IOException {
        InputStream raw = rawIn();
        byte[] scratch = new byte[4096];
        for (int rounds = 0; rounds < 1024; rounds++) { // bounded: a peer that keeps sending gets its reset
            int n = raw.available();
            if (n <= 0 || raw.read(scratch, 0, Math.min(n, scratch.length)) < 0) {
                return;
            }
        }
    }

    private void closeQuietly() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
        conn.close();
    }

    private void ensureHandshake() throws IOException {
        if (!conn.isHandshakeDone()) {
            doHandshake();
        }
    }

    private void flushIfPending() throws TlsException {
        if (conn.outgoing().pending() > 0) {
            synchronized (writeLock) {
                flush();
            }
        }
    }

    /** Sends everything TLS produced. Caller holds {@code writeLock}. */
    private void flush() throws TlsException {
        MemoryBio o = conn.outgoing();
        try {
            int n;
            while ((n = o.read(ByteBuffer.wrap(netOut))) > 0) {
                rawOut().write(netOut, 0, n);
            }
            rawOut().flush();
        } catch (IOException e) {
            throw new TlsSyscallException("sending TLS data failed: " + e.getMessage(), e);
        }
    }

    /**
     * Reads from the socket into the incoming buffer; at EOF marks it. With {@code exact}, reads only up to the end of
     * the next TLS record, so that clear text following a close_notify stays in the socket.
     */
    private void fill(boolean exact) throws IOException {
        try {
            int want = netIn.length;
            if (exact) {
                want = recordRemainder();
            }
            int n = rawIn().read(netIn, 0, want);
            if (n < 0) {
                conn.incoming().writeEof();
            } else {
                if (handshakeHead == null && n > 0 && !conn.isHandshakeDone()) {
                    handshakeHead = Arrays.copyOf(netIn, Math.min(n, 16));
                }
                conn.incoming().write(netIn, 0, n);
            }
        } catch (java.net.SocketTimeoutException e) {
            throw e; // not a TLS failure: nothing was consumed, the call can be repeated
        } catch (IOException e) {
            throw new TlsSyscallException("reading from the peer failed: " + e.getMessage(), e);
        }
    }

    /** Bytes still missing from the TLS record at the head of the incoming buffer (a header needs 5). */
    private int recordRemainder() {
        dev.tlskit.internal.ByteQueue q = conn.incoming().queue();
        synchronized (q) {
            int have = q.size();
            if (have < 5) {
                return 5 - have;
            }
            int missing = 5 + (((q.peek(3) & 0xff) << 8) | (q.peek(4) & 0xff)) - have;
            return missing > 0 ? Math.min(missing, netIn.length) : 5;
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

    // ------------------------------------------------------------------ streams and facts

    /** Decrypted input; {@code read} returns -1 at the end of the TLS stream. */
    public InputStream getInputStream() {
        return in;
    }

    /** Encrypting output; each {@code write} is sent at once. */
    public OutputStream getOutputStream() {
        return out;
    }

    /** The underlying socket. */
    public Socket socket() {
        return socket;
    }

    /** The memory-level connection underneath (negotiated facts, peer certificates). */
    public TlsConnection connection() {
        return conn;
    }

    /**
     * Seed {@code version()}: empty before the handshake and after {@link #close()} or {@link #unwrap()}, as the seed's
     * {@code None} (the negotiated facts stay readable on {@link #connection()}).
     */
    public Optional<String> version() {
        return closed || unwrapped ? Optional.empty() : conn.version();
    }

    /** Seed {@code cipher()}: empty before the handshake and after {@link #close()} or {@link #unwrap()}. */
    public Optional<CipherInfo> cipher() {
        return closed || unwrapped ? Optional.empty() : conn.cipher();
    }

    /** Seed {@code shared_ciphers()}; see {@link TlsConnection#sharedCiphers()}. */
    public Optional<List<CipherInfo>> sharedCiphers() throws UnsupportedFeatureException {
        return conn.sharedCiphers();
    }

    /** Seed {@code selected_alpn_protocol()}. */
    public Optional<String> selectedAlpnProtocol() {
        return conn.selectedAlpnProtocol();
    }

    /** Seed {@code SSLSocket.get_channel_binding(cb_type)}; see {@link TlsConnection#getChannelBinding(String)}. */
    public Optional<byte[]> getChannelBinding(String cbType) throws UnsupportedFeatureException {
        return conn.getChannelBinding(cbType);
    }

    /** pyOpenSSL {@code export_keying_material}; see {@link TlsConnection#exportKeyingMaterial}. */
    public byte[] exportKeyingMaterial(String label, byte[] context, int length) throws TlsException {
        return conn.exportKeyingMaterial(label, context, length);
    }

    /**
     * Seed {@code getpeercert()}.
     *
     * @throws java.io.UncheckedIOException wrapping a {@link java.net.SocketException} when the socket was never
     *                                      connected (the seed's {@code OSError(ENOTCONN)})
     * @throws IllegalStateException        before the handshake (the seed's {@code ValueError})
     */
    public Optional<Map<String, Object>> getPeerCert() {
        if (!socket.isConnected()) {
            throw new java.io.UncheckedIOException(notConnected());
        }
        return conn.getPeerCert();
    }

    /** The peer's certificate chain as sent. */
    public List<X509Certificate> getPeerCertChain() {
        return conn.getPeerCertChain();
    }

    /** pyOpenSSL {@code get_verified_chain()}: see {@link TlsConnection#getVerifiedChain()}. */
    public List<X509Certificate> getVerifiedChain() {
        return conn.getVerifiedChain();
    }

    /** pyOpenSSL {@code get_client_ca_list()}: see {@link TlsConnection#getClientCaList()}. */
    public List<javax.security.auth.x500.X500Principal> getClientCaList() {
        return conn.getClientCaList();
    }

    /** Seed {@code server_side}. */
    public boolean serverSide() {
        return conn.serverSide();
    }

    /** Seed {@code server_hostname}. */
    public Optional<String> serverHostname() {
        return conn.serverHostname();
    }

    /** Seed {@code SSLSocket.session}: see {@link TlsConnection#session()}. */
    public Optional<TlsSession> session() {
        return conn.session();
    }

    /** Seed {@code SSLSocket.session_reused}: see {@link TlsConnection#sessionReused()}. */
    public boolean sessionReused() {
        return conn.sessionReused();
    }

    public boolean isClosed() {
        return closed || socket.isClosed();
    }

    @Override
    public String toString() {
        return "TlsSocket[" + socket + ", " + conn + "]";
    }

    private final class TlsInput extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = TlsSocket.this.read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return TlsSocket.this.read(b, off, len);
        }

        @Override
        public int available() {
            return conn.pending();
        }

        @Override
        public void close() {
            TlsSocket.this.close();
        }
    }

    private final class TlsOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            TlsSocket.this.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            TlsSocket.this.write(b, off, len);
        }

        @Override
        public void close() {
            TlsSocket.this.close();
        }
    }
}
