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
 * TLS over a {@link Socket}: the seed's {@code ssl.SSLSocket} and pyOpenSSL's {@code Connection(context, sock)}, made
 * by {@link TlsContext#wrapSocket} (connected or not: see {@link #connect}) or {@link TlsServerSocket#accept()}. Runs
 * the same engine driver as {@link TlsConnection}, pumping its buffers through the socket. One thread may read while
 * another writes.
 *
 * <h2>Non-blocking use</h2>
 * A socket of a {@link java.nio.channels.SocketChannel} can be switched to non-blocking mode with
 * {@link #setBlocking(boolean)} (the seed's {@code setblocking(False)}). Then every call that would wait throws
 * {@link TlsWantReadException} or {@link TlsWantWriteException} instead; repeat it once a selector reports the socket
 * readable or writable. A send cut short this way must be repeated with the same bytes (see {@link Mode}).
 * <pre>{@code
 * TlsSocket tls = ctx.wrapSocket(SocketChannel.open(), WrapOptions.client("example.org"));
 * tls.setBlocking(false);
 * int rc = tls.connectEx(new InetSocketAddress("example.org", 443));   // 0 or EINPROGRESS (115)
 * while (true) {
 *     try { tls.doHandshake(); break; }
 *     catch (TlsWantReadException e) { waitReadable(); }
 *     catch (TlsWantWriteException e) { waitWritable(); }
 * }
 * }</pre>
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
    private final Socket socket;
    private final SocketWire wire;
    private final TlsConnection conn;
    private final WrapOptions options;
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    private volatile boolean closed;
    private volatile boolean unwrapped;
    /** A send cut short by {@link TlsWantWriteException}: its array, offset and length, for the retry's checks. */
    private byte[] retryArray;
    private int retryOffset;
    private int retryLength;
    private final InputStream in = new TlsInput();
    private final OutputStream out = new TlsOutput();

    private TlsSocket(Socket socket, TlsConnection conn, WrapOptions options) {
        this.socket = socket;
        this.wire = new SocketWire(socket);
        this.conn = conn;
        this.options = options;
        conn.bindToSocket();
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
            java.nio.channels.SocketChannel ch = socket.getChannel();
            if (options.doHandshakeOnConnect() && socket.isConnected() && ch != null && !ch.isBlocking()) {
                throw new IllegalArgumentException("doHandshakeOnConnect cannot be used with a non-blocking socket: "
                        + "pass options.withDoHandshakeOnConnect(false) and call doHandshake() until it completes");
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
        TlsSocket s = new TlsSocket(socket, conn, options);
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
     * @throws TlsWantReadException     non-blocking: the peer has not answered yet
     * @throws TlsWantWriteException    non-blocking: the TCP connection is still being set up, or the socket's send
     *                                  buffer is full (pyOpenSSL's {@code WantWriteError})
     * @throws java.net.ConnectException non-blocking: the connection {@link #connectEx} started was refused
     * @throws java.net.SocketTimeoutException when the socket's timeout passes (the call may be repeated), or
     *                                  {@link WrapOptions#handshakeTimeout()} (the socket is closed then)
     */
    public void doHandshake() throws IOException {
        requireOpen();
        finishConnect();
        java.time.Duration limit = options.handshakeTimeout();
        long deadline = limit == null || conn.isHandshakeDone() ? 0 : Math.max(1, System.nanoTime() + limit.toNanos());
        try {
            pump(conn::handshakeStatus, false, deadline);
        } catch (java.net.SocketTimeoutException e) {
            if (deadline != 0 && deadline - System.nanoTime() <= 0) {
                closeQuietly();
                java.net.SocketTimeoutException t = new java.net.SocketTimeoutException("TLS handshake not finished "
                        + "within " + limit.toMillis() + " ms (WrapOptions.handshakeTimeout): the peer is too slow or "
                        + "stalled; the socket is closed");
                t.initCause(e);
                throw t;
            }
            throw e;
        } catch (TlsWantReadException | TlsWantWriteException e) {
            throw e;
        } catch (TlsException e) {
            TlsException before = dev.tlskit.internal.PreHandshakeData.check(socket, wire.handshakeHead(), e);
            throw before != null ? before : e;
        }
    }

    /** The seed's checks before any I/O: {@code ValueError} once closed, {@code OSError(ENOTCONN)} if never connected. */
    private void requireOpen() throws java.net.SocketException {
        if (closed) {
            throw new IllegalStateException("I/O operation on a closed TLS socket: wrap a new socket");
        }
        if (!socket.isConnected() && !connectionPending()) {
            throw notConnected();
        }
    }

    private boolean connectionPending() {
        java.nio.channels.SocketChannel ch = wire.channel();
        return ch != null && ch.isConnectionPending();
    }

    /** Completes a non-blocking connect {@link #connectEx} started, or says it is still under way. */
    private void finishConnect() throws IOException {
        java.nio.channels.SocketChannel ch = wire.channel();
        if (ch == null || !ch.isConnectionPending()) {
            return;
        }
        if (!ch.finishConnect()) {
            throw new TlsWantWriteException("the TCP connection is still being set up: wait until the socket is "
                    + "writable and repeat the call");
        }
        connected();
    }

    private void connected() throws java.net.SocketException {
        if (options.tcpNoDelay()) {
            socket.setTcpNoDelay(true);
        }
    }

    // ------------------------------------------------------------------ connect (sockets wrapped before connecting)

    /**
     * Seed {@code SSLSocket.connect(address)} / pyOpenSSL {@code Connection.connect(address)}: connects the wrapped
     * socket (waiting at most its {@link Socket#setSoTimeout timeout}), then handshakes when the wrap options say so.
     * <pre>{@code
     * TlsSocket tls = ctx.wrapSocket(new Socket(), WrapOptions.client("example.org"));
     * tls.connect(new InetSocketAddress("example.org", 443));
     * }</pre>
     *
     * @throws NullPointerException     for a {@code null} address (the seed's {@code TypeError})
     * @throws IllegalStateException    on a server-side socket, or one already connected (the seed's {@code ValueError})
     * @throws java.net.ConnectException when the peer refuses (the seed's {@code ConnectionRefusedError}; the errno is
     *                                   what {@link #connectEx} returns)
     * @throws TlsException             when the handshake fails
     */
    public void connect(java.net.SocketAddress address) throws IOException {
        if (connectTransport(address)) {
            afterConnect();
        }
    }

    /**
     * Seed {@code SSLSocket.connect_ex(address)} / pyOpenSSL {@code Connection.connect_ex}: as {@link #connect}, but a
     * failure to connect is returned as its errno ({@code ECONNREFUSED} 111, {@code EHOSTUNREACH} 113,
     * {@code ETIMEDOUT} 110, ...) instead of thrown; 0 once connected (and handshaken, when the options say so). In
     * non-blocking mode it returns {@code EINPROGRESS} (115) while the connection is being set up: then call
     * {@link #doHandshake()} until it completes.
     *
     * @throws java.io.IOException a connect failure with no errno to report
     * @throws TlsException        when the handshake fails
     */
    public int connectEx(java.net.SocketAddress address) throws IOException {
        try {
            if (!connectTransport(address)) {
                return EINPROGRESS;
            }
        } catch (java.net.SocketException | java.net.SocketTimeoutException e) {
            int errno = dev.tlskit.internal.Errnos.of(e);
            if (errno < 0) {
                throw e;
            }
            return errno;
        }
        afterConnect();
        return 0;
    }

    private static final int EINPROGRESS = 115;

    /** Connects the socket; false while a non-blocking connect is under way. */
    private boolean connectTransport(java.net.SocketAddress address) throws IOException {
        java.util.Objects.requireNonNull(address, "address");
        if (closed) {
            throw new IllegalStateException("I/O operation on a closed TLS socket: wrap a new socket");
        }
        if (conn.serverSide()) {
            throw new IllegalStateException("can't connect in server-side mode: a server TlsSocket comes from "
                    + "TlsServerSocket.accept() or wraps an accepted socket");
        }
        if (socket.isConnected() || connectionPending()) {
            throw new IllegalStateException("attempt to connect already-connected TlsSocket: wrap a new socket");
        }
        java.nio.channels.SocketChannel ch = wire.channel();
        if (ch != null && !ch.isBlocking()) {
            if (!ch.connect(address)) {
                return false;
            }
        } else {
            socket.connect(address, socket.getSoTimeout());
        }
        connected();
        return true;
    }

    private void afterConnect() throws IOException {
        if (options.doHandshakeOnConnect()) {
            doHandshake(); // non-blocking: TlsWantReadException, as the seed's SSLWantReadError
        }
    }

    /**
     * Seed {@code socket.setblocking(flag)}: non-blocking mode for a socket of a
     * {@link java.nio.channels.SocketChannel} (see the class notes). A plain {@link Socket} is always blocking.
     *
     * @throws UnsupportedOperationException for {@code false} on a plain {@link Socket}: wrap a {@code SocketChannel}
     */
    public void setBlocking(boolean blocking) throws IOException {
        java.nio.channels.SocketChannel ch = wire.channel();
        if (ch == null) {
            if (!blocking) {
                throw new UnsupportedOperationException("a java.net.Socket cannot be non-blocking: wrap the socket of "
                        + "a SocketChannel (TlsContext.wrapSocket(SocketChannel.open(), options)) for non-blocking TLS");
            }
            return;
        }
        synchronized (readLock) {
            synchronized (writeLock) {
                ch.configureBlocking(blocking);
            }
        }
    }

    /** Seed {@code socket.getblocking()}. */
    public boolean isBlocking() {
        java.nio.channels.SocketChannel ch = wire.channel();
        return ch == null || ch.isBlocking();
    }

    private static java.net.SocketException notConnected() {
        return new java.net.SocketException("Transport endpoint is not connected (ENOTCONN): connect the socket "
                + "before using the TLS socket");
    }

    /**
     * Runs {@code step} until it completes, sending what it produces and feeding it from the socket; with a
     * {@code deadline} ({@link System#nanoTime()}, 0 for none) no wait for the peer outlasts it.
     */
    private void pump(StatusStep step, boolean exactReads, long deadline) throws IOException {
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
                    fill(exactReads, deadline);
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
                        if (options.suppressRaggedEofs()) {
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

    /**
     * Seed {@code sendall(data)}: encrypts and sends all of {@code b[off..off+len)}. Non-blocking, a
     * {@link TlsWantWriteException} means the bytes are taken but not all sent: repeat the call with the same bytes
     * (see {@link #send(byte[], int, int)}).
     */
    public void write(byte[] b, int off, int len) throws IOException {
        send(b, off, len, false);
    }

    /**
     * Seed {@code SSLSocket.send(data)} / pyOpenSSL {@code Connection.send(buf)}: encrypts and sends, returning how
     * many bytes were taken: at most one record (16384 bytes) under the context's {@link Mode#ENABLE_PARTIAL_WRITE}
     * (pyOpenSSL's default), otherwise all of them.
     *
     * <p>Non-blocking, a send the socket cannot take now throws {@link TlsWantWriteException} with the bytes already
     * encrypted: repeat the call with the same bytes. Under {@link Mode#ACCEPT_MOVING_WRITE_BUFFER} (the default) the
     * retry may pass another array with at least as many bytes; without it, it must pass the same array and offset.
     * The retry returns the first attempt's count. <pre>{@code
     * int n;
     * while (true) {
     *     try { n = tls.send(data, 0, data.length); break; }
     *     catch (TlsWantWriteException e) { waitWritable(); }
     * }
     * }</pre>
     *
     * @throws TlsProtocolException with reason {@code BAD_WRITE_RETRY} for a retry with fewer bytes, or (without
     *                              {@code ACCEPT_MOVING_WRITE_BUFFER}) another array or offset
     */
    public int send(byte[] b, int off, int len) throws IOException {
        return send(b, off, len, true);
    }

    /** Seed {@code send(data)}: see {@link #send(byte[], int, int)}. */
    public int send(byte[] data) throws IOException {
        return send(data, 0, data.length, true);
    }

    private int send(byte[] b, int off, int len, boolean partialAllowed) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        requireOpen();
        ensureHandshake();
        synchronized (writeLock) {
            if (retryLength > 0) {
                return retrySend(b, off, len);
            }
            int take = partialAllowed ? conn.sendSize(len) : len;
            int n = conn.writeStatus(ByteBuffer.wrap(b, off, take));
            try {
                wire.flush(conn.outgoing());
            } catch (TlsWantWriteException e) {
                if (n >= 0) {
                    retryArray = b;
                    retryOffset = off;
                    retryLength = take;
                }
                throw e;
            }
            if (n < 0) {
                conn.check(n);
            }
            return take;
        }
    }

    /** OpenSSL's {@code ssl3_write_pending} checks, then the rest of the cut-short send. Caller holds writeLock. */
    private int retrySend(byte[] b, int off, int len) throws TlsException {
        boolean moved = b != retryArray || off != retryOffset;
        if (len < retryLength || (moved && (conn.mode & Mode.ACCEPT_MOVING_WRITE_BUFFER.code()) == 0)) {
            throw new TlsProtocolException("BAD_WRITE_RETRY", "bad write retry: after TlsWantWriteException, repeat "
                    + "the send with the same " + (len < retryLength ? retryLength + " bytes" : "array and offset")
                    + " (or set Mode.ACCEPT_MOVING_WRITE_BUFFER to allow another array)", null);
        }
        wire.flush(conn.outgoing());
        int n = retryLength;
        retryArray = null;
        retryLength = 0;
        return n;
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
        pump(conn::shutdownStatus, true, 0);
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
                wire.discardUnreadInput();
            }
        } catch (IOException | RuntimeException ignored) {
            // the peer may already be gone; closing must not fail because of it
        } finally {
            closeQuietly();
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
        wire.flush(conn.outgoing());
    }

    /**
     * Reads from the socket into the incoming buffer; at EOF marks it. With {@code exact}, reads only up to the end of
     * the next TLS record, so that clear text following a close_notify stays in the socket.
     */
    private void fill(boolean exact) throws IOException {
        fill(exact, 0);
    }

    /** {@link #fill(boolean)}, waiting no longer than {@code deadline} (a blocking socket's timeout is lowered to it). */
    private void fill(boolean exact, long deadline) throws IOException {
        int max = exact ? recordRemainder() : Integer.MAX_VALUE;
        if (deadline == 0 || wire.nonBlocking()) {
            wire.fill(conn.incoming(), max, !conn.isHandshakeDone());
            return;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new java.net.SocketTimeoutException("handshake deadline passed");
        }
        int own = socket.getSoTimeout();
        long ms = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(left) + 1;
        boolean lowered = own == 0 || ms < own;
        if (lowered) {
            socket.setSoTimeout((int) Math.min(ms, Integer.MAX_VALUE));
        }
        try {
            wire.fill(conn.incoming(), max, !conn.isHandshakeDone());
        } finally {
            if (lowered && !socket.isClosed()) {
                socket.setSoTimeout(own);
            }
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
            return missing > 0 ? missing : 5;
        }
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

    /** Seed {@code SSLSocket.context} / pyOpenSSL {@code get_context()}: see {@link TlsConnection#context()}. */
    public TlsContext context() {
        return conn.context();
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
