package dev.tlskit.internal;

import dev.tlskit.TlsEofException;
import dev.tlskit.TlsException;
import dev.tlskit.TlsProtocolException;
import dev.tlskit.spi.TlsProvider;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * The one sans-IO state machine over {@link SSLEngine}, shared by every transport and every backend, and the only
 * caller of {@code SSLEngine.wrap}/{@code unwrap} in tlskit.
 *
 * <p>Network bytes come from an inbound {@link ByteQueue} and go to an outbound one; plaintext that was decrypted but
 * not yet read waits in a third. Operations return status codes ({@link #WANT_READ}, {@link #CLOSED}, ...) instead
 * of throwing, and reuse their buffers, so the steady-state data path allocates nothing. A failure is translated once
 * into a typed {@link TlsException}, kept in {@link #failure()}, and any alert the engine produced is flushed to the
 * outbound queue so the peer learns why.
 *
 * <p>Thread-safety: every method is synchronised on the driver; the queues are locked individually while the engine
 * reads or fills them, so other threads may feed or drain them concurrently.
 */
public final class EngineDriver {
    /** The operation completed. */
    public static final int OK = 0;
    /** More inbound network bytes are needed. */
    public static final int WANT_READ = -1;
    /** The peer's close_notify was received: no more plaintext will come. */
    public static final int CLOSED = -3;
    /** The transport ended without close_notify. */
    public static final int EOF = -4;
    /** The connection failed; see {@link #failure()}. */
    public static final int FAILED = -5;

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final ByteBuffer EMPTY_DIRECT = ByteBuffer.allocateDirect(0);
    /**
     * A read into at least this much room unwraps straight into the caller's buffer: the largest plaintext a record
     * may carry (RFC 8446 section 5.1). Smaller reads go through {@link #app} without asking, because the engine would
     * refuse a full-size record with {@code BUFFER_OVERFLOW} (an extra call, and an allocation, for nothing).
     */
    private static final int DIRECT_UNWRAP_MIN = 16384;

    private final SSLEngine engine;
    private final TlsProvider provider;
    private final ByteQueue in;
    private final ByteQueue out;
    private final ByteQueue app = new ByteQueue(0);
    private final boolean eofIsClose;
    private final HandshakeHooks hooks;
    /**
     * The provider wants direct buffers ({@link TlsProvider#prefersDirectBuffers()}): the engine is never handed a heap
     * buffer, because such an engine copies it through a direct buffer of its own that it keeps for its whole life
     * (Conscrypt: ~16 KB of direct memory per connection, idle or not). Heap plaintext goes through {@link #app} or a
     * pooled staging buffer instead: the same one copy, on memory that goes back to the pool.
     */
    private final boolean directOnly;
    private final HelloObserver hellos = new HelloObserver();

    private boolean started;
    private boolean handshakeDone;
    private boolean inboundClosed;
    private boolean outboundClosed;
    private TlsException failure;

    /**
     * @param eofIsClose treat a transport EOF without close_notify as a clean close ({@code OP_IGNORE_UNEXPECTED_EOF})
     */
    public EngineDriver(SSLEngine engine, TlsProvider provider, ByteQueue in, ByteQueue out, boolean eofIsClose) {
        this(engine, provider, in, out, eofIsClose, null);
    }

    /**
     * @param hooks where the connection's application callbacks record a failure that must end the handshake, or
     *              {@code null}
     */
    public EngineDriver(SSLEngine engine, TlsProvider provider, ByteQueue in, ByteQueue out, boolean eofIsClose,
                        HandshakeHooks hooks) {
        this.hooks = hooks;
        this.engine = engine;
        this.provider = provider;
        this.in = in;
        this.out = out;
        this.eofIsClose = eofIsClose;
        this.directOnly = provider.prefersDirectBuffers();
        LiveEngines.created(engine);
        if (directOnly) {
            synchronized (in) {
                in.preferDirect();
            }
            synchronized (out) {
                out.preferDirect();
            }
            app.preferDirect();
        }
    }

    public SSLEngine engine() {
        return engine;
    }

    /** Whether the handshake has begun (the engine can no longer be replaced). */
    public synchronized boolean isStarted() {
        return started;
    }

    /** What the plaintext hellos said about resumption (read the same way on every backend). */
    public synchronized HelloObserver hellos() {
        return hellos;
    }

    private boolean observing() {
        return !handshakeDone && !hellos.done();
    }

    private void observeOutbound(ByteBuffer dst, int produced) {
        if (produced > 0 && observing()) {
            if (engine.getUseClientMode()) {
                hellos.fromClient(dst, dst.position() - produced, produced);
            } else {
                hellos.fromServer(dst, dst.position() - produced, produced);
            }
        }
    }

    private void observeInbound(ByteBuffer src, int start, int consumed) {
        if (consumed > 0 && observing()) {
            if (engine.getUseClientMode()) {
                hellos.fromServer(src, start, consumed);
            } else {
                hellos.fromClient(src, start, consumed);
            }
        }
    }

    public synchronized boolean isHandshakeDone() {
        return handshakeDone;
    }

    public synchronized boolean isInboundClosed() {
        return inboundClosed;
    }

    public synchronized boolean isOutboundClosed() {
        return outboundClosed;
    }

    /** The failure that ended this connection, or {@code null}. */
    public synchronized TlsException failure() {
        return failure;
    }

    /** Decrypted bytes that can be read without touching the network (the seed's {@code pending()}). */
    public synchronized int pending() {
        return app.size();
    }

    /** Drives the handshake as far as the inbound bytes allow: {@link #OK}, {@link #WANT_READ}, {@link #EOF} or {@link #FAILED}. */
    public synchronized int handshake() {
        if (failure != null) {
            return FAILED;
        }
        if (handshakeDone) {
            return OK;
        }
        try {
            if (!started) {
                started = true;
                engine.beginHandshake();
            }
            return runHandshake();
        } catch (SSLException e) {
            return fail(translate(e, true));
        } catch (RuntimeException e) {
            return fail(unexpected(e));
        }
    }

    private int runHandshake() throws SSLException {
        while (true) {
            TlsException refused = hooks == null ? null : hooks.failureToEnforce();
            if (refused != null) {
                return fail(refused);
            }
            switch (engine.getHandshakeStatus()) {
                case NOT_HANDSHAKING:
                case FINISHED:
                    handshakeDone = true;
                    return OK;
                case NEED_TASK:
                    runTasks();
                    break;
                case NEED_WRAP:
                    if (wrap(empty()).getStatus() == SSLEngineResult.Status.CLOSED && !handshakeDone) {
                        return fail(new TlsEofException("EOF occurred in violation of protocol: the connection was "
                                + "closed during the handshake"));
                    }
                    break;
                default: // NEED_UNWRAP, NEED_UNWRAP_AGAIN
                    if (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_UNWRAP && inSize() == 0) {
                        return inAtEof() ? handshakeEof() : WANT_READ;
                    }
                    SSLEngineResult r = unwrap();
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        return inEofWritten() ? handshakeEof() : WANT_READ;
                    }
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        inboundClosed = true;
                        return fail(new TlsEofException("EOF occurred in violation of protocol: the peer sent "
                                + "close_notify during the handshake"));
                    }
                    break;
            }
        }
    }

    private int handshakeEof() {
        return fail(new TlsEofException("EOF occurred in violation of protocol: the transport ended during the "
                + "handshake (the peer closed or reset the connection)"));
    }

    /**
     * Moves decrypted bytes into {@code dst}: the count (&gt; 0), or {@link #WANT_READ}, {@link #CLOSED}, {@link #EOF},
     * {@link #FAILED}. Runs the handshake first if needed. {@code dst} with no room returns 0.
     */
    public synchronized int read(ByteBuffer dst) {
        return read(dst, false);
    }

    /**
     * Like {@link #read(ByteBuffer)}, but leaves the bytes queued: the next read or peek returns them again (OpenSSL's
     * {@code SSL_peek}, pyOpenSSL's {@code recv(n, MSG_PEEK)}). Decrypts at most what one call to read would.
     */
    public synchronized int peek(ByteBuffer dst) {
        return read(dst, true);
    }

    private int take(ByteBuffer dst, boolean peek) {
        return peek ? app.peek(dst) : app.read(dst);
    }

    private int read(ByteBuffer dst, boolean peek) {
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (app.size() > 0) {
            return take(dst, peek);
        }
        if (failure != null) {
            return FAILED;
        }
        if (inboundClosed) {
            return CLOSED;
        }
        if (!handshakeDone) {
            int h = handshake();
            if (h != OK) {
                return h;
            }
        }
        boolean direct = !peek && dst.remaining() >= DIRECT_UNWRAP_MIN && !dst.isReadOnly()
                && (dst.isDirect() || !directOnly);
        try {
            while (true) {
                if (app.size() > 0) {
                    return take(dst, peek);
                }
                if (inSize() == 0) {
                    return inAtEof() ? eof() : WANT_READ;
                }
                int before = dst.position();
                SSLEngineResult r = direct ? unwrapInto(dst) : null;
                if (r == null || r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    direct = false;
                    r = unwrap();
                }
                int produced = dst.position() - before;
                if (r.getStatus() == SSLEngineResult.Status.OK && r.bytesConsumed() > 0 && r.bytesProduced() == 0
                        && engine.getUseClientMode()) {
                    hellos.postHandshakeRecordFromServer();
                }
                switch (peerClosed(r) ? SSLEngineResult.Status.CLOSED : r.getStatus() == SSLEngineResult.Status.CLOSED
                        ? SSLEngineResult.Status.OK : r.getStatus()) {
                    case BUFFER_UNDERFLOW:
                        if (app.size() > 0) {
                            return take(dst, peek);
                        }
                        return inEofWritten() ? eof() : WANT_READ;
                    case CLOSED:
                        inboundClosed = true;
                        if (produced > 0) {
                            return produced;
                        }
                        return app.size() > 0 ? take(dst, peek) : CLOSED;
                    default:
                        if (r.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                                && r.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.FINISHED) {
                            // post-handshake messages: key update replies, renegotiation
                            int h = runHandshake();
                            if (h == FAILED) {
                                return FAILED;
                            }
                        }
                        if (produced > 0) {
                            return produced;
                        }
                        break;
                }
            }
        } catch (SSLException e) {
            return fail(translate(e, false));
        } catch (RuntimeException e) {
            return fail(unexpected(e));
        }
    }

    private int eof() {
        if (eofIsClose) {
            inboundClosed = true;
            return CLOSED;
        }
        return EOF;
    }

    /**
     * Encrypts all of {@code src} into the outbound queue: the count consumed, or {@link #WANT_READ} / {@link #EOF} /
     * {@link #FAILED} when the handshake cannot finish, or {@link #CLOSED} after {@link #shutdown()}.
     */
    public synchronized int write(ByteBuffer src) {
        if (failure != null) {
            return FAILED;
        }
        if (outboundClosed) {
            return CLOSED;
        }
        if (!handshakeDone) {
            int h = handshake();
            if (h != OK) {
                return h;
            }
        }
        if (directOnly && !src.isDirect() && src.hasRemaining()) {
            return writeStaged(src);
        }
        int total = 0;
        try {
            while (src.hasRemaining()) {
                SSLEngineResult r = wrap(src);
                total += r.bytesConsumed();
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    outboundClosed = true;
                    return total > 0 ? total : CLOSED;
                }
            }
            return total;
        } catch (SSLException e) {
            return fail(translate(e, false));
        } catch (RuntimeException e) {
            return fail(unexpected(e));
        }
    }

    /** {@link #write} of a heap buffer for a {@link #directOnly} engine: record-sized pieces through pooled staging. */
    private int writeStaged(ByteBuffer src) {
        ByteBuffer staging = BufferPool.take(BufferPool.CLASS_0, true);
        int total = 0;
        try {
            while (src.hasRemaining()) {
                int n = Math.min(src.remaining(), DIRECT_UNWRAP_MIN);
                staging.clear();
                staging.put(0, src, src.position(), n).limit(n);
                while (staging.hasRemaining()) {
                    SSLEngineResult r = wrap(staging);
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        outboundClosed = true;
                        int consumed = total + staging.position();
                        src.position(src.position() + staging.position());
                        return consumed > 0 ? consumed : CLOSED;
                    }
                }
                src.position(src.position() + n);
                total += n;
            }
            return total;
        } catch (SSLException e) {
            return fail(translate(e, false));
        } catch (RuntimeException e) {
            return fail(unexpected(e));
        } finally {
            BufferPool.give(staging);
        }
    }

    /**
     * Sends close_notify (once) and looks for the peer's: {@link #OK} when both are done, {@link #WANT_READ} while the
     * peer's has not arrived, {@link #EOF} if the transport ended first, {@link #FAILED}. Application data that arrives
     * meanwhile stays readable.
     */
    public synchronized int shutdown() {
        if (failure != null) {
            return FAILED;
        }
        try {
            outboundClosed = true;
            flushClose();
            while (!inboundClosed) {
                if (inSize() == 0) {
                    return inAtEof() ? EOF : WANT_READ;
                }
                SSLEngineResult r = unwrap();
                if (peerClosed(r)) {
                    inboundClosed = true;
                } else if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                    return inEofWritten() ? EOF : WANT_READ;
                }
            }
            return OK;
        } catch (SSLException e) {
            return fail(translate(e, false));
        } catch (RuntimeException e) {
            return fail(unexpected(e));
        }
    }

    /**
     * Whether an unwrap result means the peer's close_notify arrived. The status alone does not say so: once our side
     * sent close_notify, Conscrypt answers {@code CLOSED} for every record it decrypts (a TLS 1.3 session ticket, late
     * application data), and taking that for the peer's close_notify made {@code shutdown()} report a close that never
     * came and {@code unwrap()} return early, replaying the rest of the TLS stream as plain text. An engine that consumes
     * and produces nothing has nothing more to say either.
     */
    private boolean peerClosed(SSLEngineResult r) {
        return r.getStatus() == SSLEngineResult.Status.CLOSED
                && (engine.isInboundDone() || r.bytesConsumed() == 0 && r.bytesProduced() == 0);
    }

    /** Sends close_notify without waiting for the peer's (used before dropping a transport). */
    public synchronized void closeOutbound() {
        if (failure != null || outboundClosed) {
            return;
        }
        outboundClosed = true;
        try {
            flushClose();
        } catch (SSLException | RuntimeException ignored) {
            // best effort: the transport is going away
        }
    }

    /** Releases buffers; the engine is closed. */
    public synchronized void release() {
        if (!LiveEngines.released(engine)) {
            return; // released before
        }
        engine.closeOutbound();
        // take out what closing queued (close_notify), so that the engine has nothing pending and can free itself
        ByteBuffer sink = null;
        for (int attempt = 0; attempt < 4 && !engine.isOutboundDone(); attempt++) {
            try {
                if (sink == null) {
                    sink = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
                }
                sink.clear();
                if (engine.wrap(EMPTY, sink).bytesProduced() == 0) {
                    break;
                }
            } catch (SSLException | RuntimeException e) {
                break;
            }
        }
        provider.releaseEngine(engine);
        app.clear();
    }

    /** A handshake failure an application callback asked for (ALPN, SNI), or {@code null}. */
    private TlsException callbackFailure() {
        return hooks == null ? null : hooks.callbackFailure();
    }

    /**
     * Gives the record-sized storage of every empty queue (inbound, outbound, decrypted) back to the buffer pool: for a
     * transport whose connection is about to wait for its peer, so an idle connection holds a few bytes, not ~50 KB.
     * Queues that hold bytes keep them.
     */
    public synchronized void releaseIdleBuffers() {
        app.releaseIfEmpty();
        synchronized (in) {
            in.releaseIfEmpty();
        }
        synchronized (out) {
            out.releaseIfEmpty();
        }
    }

    /**
     * Records a failure (first one wins), flushes the alert the engine queued, and returns {@link #FAILED}. When an
     * application callback failed the handshake, its error is the one reported: the engine's own exception then only
     * describes the alert the callback caused.
     */
    private int fail(TlsException error) {
        if (failure == null) {
            TlsException refused = callbackFailure();
            failure = refused != null ? refused : error;
        }
        try {
            flushClose();
        } catch (SSLException | RuntimeException ignored) {
            // the engine is already broken; the alert could not be produced
        }
        return FAILED;
    }

    /** Closes the engine's outbound side and wraps what it still has to say (close_notify or an alert). */
    private void flushClose() throws SSLException {
        engine.closeOutbound();
        SSLException first = null;
        // a failed engine may rethrow its failure from the first wraps before it produces the alert it queued (JSSE
        // does for an exception raised inside a delegated task): a few more attempts, never an endless loop
        for (int attempt = 0; attempt < 4 && !engine.isOutboundDone(); attempt++) {
            try {
                if (wrap(empty()).bytesProduced() == 0) {
                    break;
                }
            } catch (SSLException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null && !engine.isOutboundDone()) {
            throw first;
        }
    }

    /** Nothing to send, in the kind of buffer the engine wants (never read or written: it has no room). */
    private ByteBuffer empty() {
        return directOnly ? EMPTY_DIRECT : EMPTY;
    }

    /** The typed error for an engine failure (or a record header {@link RecordGuard} refused). */
    private TlsException translate(SSLException e, boolean handshaking) {
        return e instanceof RecordGuard.Violation v ? v.error() : provider.translateFailure(e, handshaking);
    }

    private TlsException unexpected(RuntimeException e) {
        return new TlsProtocolException("INTERNAL_ERROR", "[SSL: INTERNAL_ERROR] the " + provider.name()
                + " engine failed unexpectedly: " + e, e);
    }

    private SSLEngineResult wrap(ByteBuffer src) throws SSLException {
        int room = engine.getSession().getPacketBufferSize();
        while (true) {
            SSLEngineResult r;
            synchronized (out) {
                ByteBuffer dst = out.writable(room);
                r = engine.wrap(src, dst);
                observeOutbound(dst, r.bytesProduced());
                if (hooks != null && r.bytesProduced() > 0 && !handshakeDone) {
                    hooks.serverName().rewriteAlert(dst, dst.position() - r.bytesProduced(), r.bytesProduced());
                }
                out.produced(dst);
            }
            if (r.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW) {
                if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED) {
                    handshakeDone = true;
                }
                return r;
            }
            room = Math.max(room * 2, engine.getSession().getPacketBufferSize());
        }
    }

    /**
     * Unwraps one record straight into the caller's buffer, saving the copy through {@link #app}. Only called while
     * {@link #app} is empty (so bytes stay in order) and with room for a whole record; an engine that still wants more
     * room answers {@code BUFFER_OVERFLOW} without consuming anything, and the caller falls back to {@link #unwrap()}.
     */
    private SSLEngineResult unwrapInto(ByteBuffer dst) throws SSLException {
        SSLEngineResult r;
        synchronized (in) {
            ByteBuffer src = in.readable();
            int start = src.position();
            RecordGuard.check(src);
            r = engine.unwrap(src, dst);
            observeInbound(src, start, r.bytesConsumed());
            in.consumed(src);
        }
        return afterUnwrap(r);
    }

    private SSLEngineResult unwrap() throws SSLException {
        int room = engine.getSession().getApplicationBufferSize();
        while (true) {
            SSLEngineResult r;
            synchronized (in) {
                ByteBuffer src = in.readable();
                RecordGuard.check(src);
                ByteBuffer dst = app.writable(room);
                int start = src.position();
                r = engine.unwrap(src, dst);
                observeInbound(src, start, r.bytesConsumed());
                app.produced(dst);
                in.consumed(src);
            }
            if (r.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW) {
                return afterUnwrap(r);
            }
            room = Math.max(room * 2, engine.getSession().getApplicationBufferSize());
        }
    }

    private SSLEngineResult afterUnwrap(SSLEngineResult r) {
        if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED) {
            handshakeDone = true;
        }
        if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
            runTasks();
        }
        return r;
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private int inSize() {
        synchronized (in) {
            return in.size();
        }
    }

    /**
     * No more inbound bytes will come. After an underflow this means the queued bytes are a truncated record that can
     * never complete: an EOF, not a reason to wait (waiting would spin on a transport that keeps reporting EOF).
     */
    private boolean inEofWritten() {
        synchronized (in) {
            return in.eofWritten();
        }
    }

    private boolean inAtEof() {
        synchronized (in) {
            return in.atEof();
        }
    }
}
