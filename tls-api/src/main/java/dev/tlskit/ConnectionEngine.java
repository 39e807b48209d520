package dev.tlskit;

import dev.tlskit.internal.ContextSnapshot;
import dev.tlskit.internal.EngineDriver;
import dev.tlskit.internal.HandshakeHooks;
import dev.tlskit.internal.Hostnames;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The engine half of {@link TlsConnection}: its side, buffers and engine driver, the handshake, reads, writes and the
 * closing handshake, and pyOpenSSL's BIO calls. What the handshake negotiated is read on {@link TlsConnection}; users
 * see every method there (see its documentation).
 */
abstract sealed class ConnectionEngine permits TlsConnection {
    final TlsContext originalContext;
    volatile TlsContext context;
    HandshakeHooks hooks;
    final MemoryBio incoming;
    final MemoryBio outgoing;
    ContextSnapshot snapshot;
    EngineDriver driver;
    Boolean serverSide;
    String serverHostname;
    private boolean lastWantedRead;
    private boolean shutdownSent;
    TlsSession requestedSession;
    boolean counted;
    volatile TlsSession session;
    /** The context's {@link Mode} bits when this connection was made. */
    final long mode;
    /** Set by {@link TlsSocket}: the BIOs belong to the socket's pump, not to the caller. */
    private volatile boolean socketBound;

    ConnectionEngine(TlsContext context, MemoryBio incoming, MemoryBio outgoing) {
        this.originalContext = context;
        this.context = context;
        this.mode = context.mode();
        this.incoming = incoming;
        this.outgoing = outgoing;
    }

    synchronized EngineDriver driver() throws TlsException {
        if (driver == null) {
            if (serverSide == null) {
                throw new IllegalStateException("connection type not set: call setConnectState() or setAcceptState() "
                        + "before the handshake");
            }
            if (snapshot == null) {
                snapshot = context.snapshot();
            }
            HandshakeHooks h = hooks();
            int key = requestedSession != null ? requestedSession.cacheKey() : snapshot.newCacheKey();
            SSLEngine engine = snapshot.newEngine(serverSide, serverHostname, h, key);
            driver = new EngineDriver(engine, snapshot.provider(), incoming.queue(), outgoing.queue(),
                    snapshot.hasOption(Option.OP_IGNORE_UNEXPECTED_EOF), h);
        }
        return driver;
    }

    synchronized HandshakeHooks hooks() {
        if (hooks == null) {
            hooks = new HandshakeHooks((TlsConnection) this, originalContext);
            hooks.ocsp(originalContext.ocspClientState());
        }
        return hooks;
    }

    // ------------------------------------------------------------------ pyOpenSSL set-up

    /** pyOpenSSL {@code set_connect_state()}: this side is the client. */
    public synchronized void setConnectState() throws TlsException {
        setSide(false);
    }

    /** pyOpenSSL {@code set_accept_state()}: this side is the server. */
    public synchronized void setAcceptState() throws TlsException {
        setSide(true);
    }

    private void setSide(boolean server) throws TlsException {
        if (driver != null) {
            throw new IllegalStateException("the handshake has started; the side can no longer change");
        }
        context.checkSide(server, server ? null : serverHostname);
        serverSide = server;
    }

    /** pyOpenSSL {@code set_tlsext_host_name(name)}: the SNI name a client sends (and the host it checks). */
    public synchronized void setTlsextHostName(String name) {
        if (driver != null) {
            throw new IllegalStateException("the handshake has started; the host name can no longer change");
        }
        serverHostname = Hostnames.normalize(Objects.requireNonNull(name, "name"));
    }

    // ------------------------------------------------------------------ handshake and data

    /** Seed {@code do_handshake()}. */
    public void doHandshake() throws TlsException {
        check(handshakeStatus());
    }

    /**
     * Seed {@code SSLObject.read(len, buffer)}: decrypted bytes into {@code dst}; -1 after the peer's close_notify.
     *
     * @throws TlsWantReadException when no plaintext is available yet
     */
    public int read(ByteBuffer dst) throws TlsException {
        int n = readStatus(dst);
        if (n >= 0) {
            return n;
        }
        if (n == EngineDriver.CLOSED) {
            return -1;
        }
        check(n);
        return -1;
    }

    /** Seed {@code SSLObject.read(n)}: up to {@code n} bytes; an empty array after the peer's close_notify. */
    public byte[] read(int n) throws TlsException {
        requireSize(n, "read");
        ByteBuffer b = ByteBuffer.allocate(n);
        int got = read(b);
        return got <= 0 ? new byte[0] : Arrays.copyOf(b.array(), got);
    }

    /** pyOpenSSL {@code recv(bufsiz)}: like {@link #read(int)} but throws {@link TlsZeroReturnException} on close. */
    public byte[] recv(int bufsiz) throws TlsException {
        requireSize(bufsiz, "recv");
        ByteBuffer b = ByteBuffer.allocate(bufsiz);
        int got = readStatus(b);
        if (got < 0) {
            check(got);
        }
        return Arrays.copyOf(b.array(), got);
    }

    /**
     * pyOpenSSL {@code recv(bufsiz, flags)}: with {@link TlsConnection#MSG_PEEK} the bytes stay queued and the next
     * {@code recv} returns them again (OpenSSL's {@code SSL_peek}); {@code flags == 0} is {@link #recv(int)}.
     * <pre>{@code
     * byte[] head = conn.recv(2, TlsConnection.MSG_PEEK);   // "he", still unread
     * byte[] all = conn.recv(5);                             // "hello"
     * }</pre>
     *
     * @throws IllegalArgumentException for a negative size, or a flag other than {@code MSG_PEEK}
     */
    public byte[] recv(int bufsiz, int flags) throws TlsException {
        requireSize(bufsiz, "recv");
        ByteBuffer b = ByteBuffer.allocate(bufsiz);
        int got = recvStatus(b, flags);
        return Arrays.copyOf(b.array(), got);
    }

    /**
     * pyOpenSSL {@code recv_into(buffer, nbytes, flags)}: reads up to {@code nbytes} (at most the room in
     * {@code buffer}; 0 means all of it) into {@code buffer}, and returns the count. With
     * {@link TlsConnection#MSG_PEEK} the bytes stay queued.
     * <pre>{@code
     * ByteBuffer buf = ByteBuffer.allocate(64);
     * int n = conn.recvInto(buf, 0, 0);
     * }</pre>
     *
     * @throws IllegalArgumentException for a negative {@code nbytes}, or a flag other than {@code MSG_PEEK}
     * @throws TlsZeroReturnException   after the peer's close_notify
     */
    public int recvInto(ByteBuffer buffer, int nbytes, int flags) throws TlsException {
        requireSize(nbytes, "recv_into");
        int room = nbytes == 0 ? buffer.remaining() : Math.min(nbytes, buffer.remaining());
        ByteBuffer dst = buffer.slice(buffer.position(), room);
        int got = recvStatus(dst, flags);
        buffer.position(buffer.position() + got);
        return got;
    }

    private int recvStatus(ByteBuffer dst, int flags) throws TlsException {
        if ((flags & ~TlsConnection.MSG_PEEK) != 0) {
            throw new IllegalArgumentException("unsupported recv flags 0x" + Integer.toHexString(flags)
                    + ": only MSG_PEEK (" + TlsConnection.MSG_PEEK + ") or 0");
        }
        int got;
        if ((flags & TlsConnection.MSG_PEEK) != 0) {
            got = started().peek(dst);
            lastWantedRead = got == EngineDriver.WANT_READ;
            captureFacts();
        } else {
            got = readStatus(dst);
        }
        if (got < 0) {
            check(got);
        }
        return got;
    }

    /** The seed's {@code ValueError} for a negative read size ({@code read(-1)}, {@code recv(-1)}). */
    static void requireSize(int n, String method) {
        if (n < 0) {
            throw new IllegalArgumentException("negative buffer size in " + method + "(" + n + "): pass 0 or more, or "
                    + "read into a ByteBuffer to fill it");
        }
    }

    /**
     * Seed {@code SSLObject.write(data)} (and pyOpenSSL {@code sendall}): encrypts all of {@code src}; returns the count.
     * pyOpenSSL's {@code send} is {@link #send(ByteBuffer)}, which takes one record at most.
     */
    public int write(ByteBuffer src) throws TlsException {
        int n = writeStatus(src);
        if (n < 0) {
            check(n);
        }
        return n;
    }

    /** Seed {@code SSLObject.write(data)}. */
    public int write(byte[] data) throws TlsException {
        return write(ByteBuffer.wrap(data));
    }

    /**
     * The most plaintext one TLS record carries (RFC 8446 section 5.1), and so the most one {@link #send} takes.
     */
    static final int MAX_RECORD_PLAINTEXT = 16384;

    /**
     * pyOpenSSL {@code Connection.send(buf)}: encrypts {@code src} and returns how many bytes it took. Under
     * {@link Mode#ENABLE_PARTIAL_WRITE}, which every {@link Method} context has by default, that is at most one
     * record's worth (16384 bytes), as OpenSSL's {@code SSL_write} does, and the caller sends the rest with further
     * calls; without it, everything. {@link #write} (the seed's {@code SSLObject.write}) always takes everything.
     * <pre>{@code
     * ByteBuffer data = ByteBuffer.wrap(big);
     * while (data.hasRemaining()) { conn.send(data); pumpOutgoing(conn); }
     * }</pre>
     */
    public int send(ByteBuffer src) throws TlsException {
        int n = sendSize(src.remaining());
        ByteBuffer record = src.slice(src.position(), n);
        int took = write(record);
        src.position(src.position() + took);
        return took;
    }

    /** How much of {@code length} bytes one send takes under this connection's {@link Mode}. */
    final int sendSize(int length) {
        return (mode & Mode.ENABLE_PARTIAL_WRITE.code()) != 0 ? Math.min(length, MAX_RECORD_PLAINTEXT) : length;
    }

    /** pyOpenSSL {@code Connection.send(buf)}: see {@link #send(ByteBuffer)}; returns how many bytes of {@code data} were sent. */
    public int send(byte[] data) throws TlsException {
        return send(ByteBuffer.wrap(data));
    }

    /** Seed {@code pending()}: decrypted bytes ready to read without new input. */
    public int pending() {
        EngineDriver d = currentDriver();
        return d == null ? 0 : d.pending();
    }

    /**
     * Seed {@code SSLObject.unwrap()}: sends close_notify and waits for the peer's.
     *
     * @throws TlsWantReadException until the peer's close_notify has been fed in
     */
    public void unwrap() throws TlsException {
        check(driver().shutdown());
    }

    /**
     * pyOpenSSL {@code shutdown()}: sends close_notify; {@code true} when the peer's has also arrived. The first call
     * returns {@code false} if it has not; later calls throw {@link TlsWantReadException} until it does.
     */
    public boolean shutdown() throws TlsException {
        boolean first;
        synchronized (this) {
            first = !shutdownSent;
            shutdownSent = true;
        }
        int s = driver().shutdown();
        if (s == EngineDriver.OK) {
            return true;
        }
        if (first && s == EngineDriver.WANT_READ) {
            return false;
        }
        check(s);
        return false;
    }

    /**
     * pyOpenSSL {@code get_shutdown()}: the close_notify alerts sent and received so far, plus those set with
     * {@link #setShutdown}. <pre>{@code conn.shutdown(); conn.getShutdown();   // [SENT_SHUTDOWN]}</pre>
     */
    public EnumSet<ShutdownState> getShutdown() {
        EngineDriver d = currentDriver();
        int bits;
        synchronized (this) {
            bits = shutdownBits | (shutdownSent ? ShutdownState.SENT_SHUTDOWN.code() : 0);
        }
        if (d != null && d.isOutboundClosed()) {
            bits |= ShutdownState.SENT_SHUTDOWN.code();
        }
        if (d != null && d.isInboundClosed() && d.failure() == null) {
            bits |= ShutdownState.RECEIVED_SHUTDOWN.code();
        }
        return ShutdownState.fromBits(bits);
    }

    /** pyOpenSSL {@code set_shutdown(state)}: records these states as reached ({@link #getShutdown()} reports them). */
    public synchronized void setShutdown(Set<ShutdownState> state) {
        shutdownBits = ShutdownState.toBits(Objects.requireNonNull(state, "state"));
    }

    private int shutdownBits;

    /** Counts the handshake's start once, for the seed's {@code session_stats()}. */
    EngineDriver started() throws TlsException {
        EngineDriver d = driver();
        synchronized (this) {
            if (!counted) {
                counted = true;
                originalContext.sessionSettings().started(Boolean.TRUE.equals(serverSide));
            }
        }
        return d;
    }

    int readStatus(ByteBuffer dst) throws TlsException {
        int n = started().read(dst);
        lastWantedRead = n == EngineDriver.WANT_READ;
        captureFacts();
        return n;
    }

    int writeStatus(ByteBuffer src) throws TlsException {
        int n = started().write(src);
        lastWantedRead = n == EngineDriver.WANT_READ;
        captureFacts();
        return n;
    }

    int handshakeStatus() throws TlsException {
        int n = started().handshake();
        lastWantedRead = n == EngineDriver.WANT_READ;
        captureFacts();
        return n;
    }

    /** What the handshake negotiated, kept once it completes: some engines forget it after close. */
    record Negotiated(String protocol, String suite, String alpn, List<X509Certificate> peerChain,
                              String serverName) {
    }

    volatile Negotiated negotiated;

    /** Records the negotiated facts the first time the handshake is seen complete; a volatile read afterwards. */
    void captureFacts() {
        if (negotiated != null) {
            return;
        }
        synchronized (captureLock) { // its own lock: engine callbacks hold the driver's lock and then take ours
            if (negotiated == null) {
                capture();
            }
        }
    }

    private final Object captureLock = new Object();

    private void capture() {
        EngineDriver d = currentDriver();
        if (d == null || !d.isHandshakeDone()) {
            return;
        }
        SSLSession s = d.engine().getSession();
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (Certificate c : s.getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    chain.add(x);
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            chain.clear();
        }
        boolean server = Boolean.TRUE.equals(serverSide);
        boolean resumed = Boolean.TRUE.equals(d.hellos().resumed());
        long now = System.currentTimeMillis() / 1000;
        session = new TlsSession(originalContext, serverHostname, d.engine().getPeerPort(), s.getId(),
                s.getCreationTime() / 1000, snapshot.sessionTimeout(), s.getProtocol(), false, 0);
        originalContext.sessionSettings().completed(server, resumed, d.hellos().clientOfferedSession(), now);
        negotiated = new Negotiated(s.getProtocol(), s.getCipherSuite(),
                snapshot.provider().selectedAlpnProtocol(d.engine()).orElse(null), List.copyOf(chain),
                Boolean.TRUE.equals(serverSide) ? dev.tlskit.internal.ServerNameReader.fromSession(s).orElse(null)
                        : serverHostname);
    }

    Negotiated facts() {
        captureFacts();
        return negotiated;
    }

    int shutdownStatus() throws TlsException {
        return driver().shutdown();
    }

    void closeOutbound() {
        EngineDriver d = currentDriver();
        if (d != null) {
            d.closeOutbound();
        }
    }

    /** See {@link EngineDriver#releaseIdleBuffers()}; before the driver exists there is nothing to release. */
    void releaseIdleBuffers() {
        EngineDriver d = currentDriver();
        if (d != null) {
            d.releaseIdleBuffers();
        }
    }

    /** Throws the exception the seeds raise for a driver status. */
    void check(int status) throws TlsException {
        switch (status) {
            case EngineDriver.OK:
                return;
            case EngineDriver.WANT_READ:
                lastWantedRead = true;
                throw new TlsWantReadException("The operation did not complete (read): feed more bytes from the peer");
            case EngineDriver.CLOSED:
                throw new TlsZeroReturnException("TLS/SSL connection has been closed (EOF): the peer sent close_notify");
            case EngineDriver.EOF:
                throw new TlsEofException("EOF occurred in violation of protocol: the transport ended without "
                        + "close_notify");
            default:
                TlsException f = driver().failure();
                throw f != null ? f : new TlsException("TLS operation failed with status " + status);
        }
    }

    // ------------------------------------------------------------------ BIO access (pyOpenSSL)

    /**
     * pyOpenSSL {@code bio_read(bufsiz)}: up to {@code bufsiz} bytes TLS wants sent to the peer.
     *
     * @throws TlsWantReadException  when there is nothing to send
     * @throws IllegalStateException on the connection of a {@link TlsSocket} (pyOpenSSL's {@code TypeError})
     */
    public byte[] bioRead(int bufsiz) throws TlsWantReadException {
        requireMemoryBios("bio_read");
        byte[] b = outgoing.read(bufsiz);
        if (b.length == 0) {
            throw new TlsWantReadException("nothing to read from the outgoing BIO");
        }
        return b;
    }

    /**
     * pyOpenSSL {@code bio_write(bytes)}: bytes received from the peer; returns the count.
     *
     * @throws IllegalStateException on the connection of a {@link TlsSocket} (pyOpenSSL's {@code TypeError})
     */
    public int bioWrite(byte[] data) {
        requireMemoryBios("bio_write");
        return incoming.write(data);
    }

    /**
     * pyOpenSSL {@code bio_shutdown()}: the peer's side of the transport has ended.
     *
     * @throws IllegalStateException on the connection of a {@link TlsSocket} (pyOpenSSL's {@code TypeError})
     */
    public void bioShutdown() {
        requireMemoryBios("bio_shutdown");
        incoming.writeEof();
    }

    /** Called once by {@link TlsSocket}: from now on its pump alone moves the BIOs' bytes. */
    final void bindToSocket() {
        socketBound = true;
    }

    /**
     * pyOpenSSL raises {@code TypeError("Connection sock was not None")} for BIO calls on a socket connection:
     * here an {@link IllegalStateException}, since bytes fed or taken by hand would corrupt the socket's stream.
     */
    private void requireMemoryBios(String call) {
        if (socketBound) {
            throw new IllegalStateException(call + " is for memory connections, and this one runs over a socket "
                    + "(TlsSocket): read and write through the TlsSocket, or use TlsContext.newConnection() for BIOs");
        }
    }

    /** pyOpenSSL {@code want_read()}: the last operation stopped because it needs bytes from the peer. */
    public synchronized boolean wantRead() {
        return lastWantedRead;
    }

    /** pyOpenSSL {@code want_write()}: TLS bytes are waiting to be sent ({@link #bioRead}). */
    public boolean wantWrite() {
        return outgoing.pending() > 0;
    }

    /** The incoming (peer → TLS) buffer. */
    public MemoryBio incoming() {
        return incoming;
    }

    /** The outgoing (TLS → peer) buffer. */
    public MemoryBio outgoing() {
        return outgoing;
    }

    /** The driver if the engine exists yet, without creating it. */
    synchronized EngineDriver currentDriver() {
        return driver;
    }
}
