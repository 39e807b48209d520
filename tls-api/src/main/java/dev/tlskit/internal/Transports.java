package dev.tlskit.internal;

import dev.tlskit.TlsConnection;
import dev.tlskit.TlsException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * <b>Not API.</b> The hot-path hooks a transport needs on a {@link TlsConnection}, for transports that live outside
 * the {@code dev.tlskit} package (the Kotlin coroutine layer). Public only because Java has no friend packages; it may
 * change in any release without notice.
 *
 * <p>It exposes exactly what {@link dev.tlskit.TlsSocket} uses inside the package: the engine driver's status codes
 * ({@link EngineDriver#OK}, {@link EngineDriver#WANT_READ}, ...) without exceptions, the translation of a status into
 * the seeds' exception, and the byte queues behind the connection's {@link dev.tlskit.MemoryBio}s so a transport can
 * read into and write from them without copying. There is no second state machine: every call goes to the
 * connection's one {@link EngineDriver}.
 *
 * <p>A queue must be locked ({@code synchronized (queue)}) while it is touched, as the driver does.
 */
public final class Transports {
    /** Implemented once, by {@link TlsConnection}'s static initialiser. */
    public interface Access {
        int handshakeStatus(TlsConnection c) throws TlsException;

        int readStatus(TlsConnection c, ByteBuffer dst) throws TlsException;

        int writeStatus(TlsConnection c, ByteBuffer src) throws TlsException;

        int shutdownStatus(TlsConnection c) throws TlsException;

        void check(TlsConnection c, int status) throws TlsException;

        void closeOutbound(TlsConnection c);

        void releaseIdleBuffers(TlsConnection c);

        ByteQueue incoming(TlsConnection c);

        ByteQueue outgoing(TlsConnection c);
    }

    private static volatile Access access;

    private Transports() {
    }

    /**
     * Called by {@link TlsConnection} when its class is initialised; a second call is refused.
     *
     * @throws IllegalStateException when the access was already installed
     */
    public static synchronized void install(Access a) {
        if (access != null) {
            throw new IllegalStateException("Transports access is installed by TlsConnection only");
        }
        access = Objects.requireNonNull(a, "access");
    }

    private static Access access() {
        Access a = access;
        if (a == null) {
            try {
                Class.forName(TlsConnection.class.getName(), true, TlsConnection.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = access;
        }
        return a;
    }

    /** {@link EngineDriver#handshake()} of the connection's driver. */
    public static int handshakeStatus(TlsConnection c) throws TlsException {
        return access().handshakeStatus(c);
    }

    /** {@link EngineDriver#read(ByteBuffer)}. */
    public static int readStatus(TlsConnection c, ByteBuffer dst) throws TlsException {
        return access().readStatus(c, dst);
    }

    /** {@link EngineDriver#write(ByteBuffer)}. */
    public static int writeStatus(TlsConnection c, ByteBuffer src) throws TlsException {
        return access().writeStatus(c, src);
    }

    /** {@link EngineDriver#shutdown()}. */
    public static int shutdownStatus(TlsConnection c) throws TlsException {
        return access().shutdownStatus(c);
    }

    /** Throws the exception the seeds raise for {@code status} (returns for {@link EngineDriver#OK}). */
    public static void check(TlsConnection c, int status) throws TlsException {
        access().check(c, status);
    }

    /** Queues close_notify without waiting for the peer's. */
    public static void closeOutbound(TlsConnection c) {
        access().closeOutbound(c);
    }

    /**
     * Gives the record-sized storage of the connection's empty queues back to the buffer pool
     * ({@link EngineDriver#releaseIdleBuffers()}): call it before waiting for the peer, so idle connections stay small.
     */
    public static void releaseIdleBuffers(TlsConnection c) {
        access().releaseIdleBuffers(c);
    }

    /** The queue behind {@link TlsConnection#incoming()} (peer → TLS). */
    public static ByteQueue incoming(TlsConnection c) {
        return access().incoming(c);
    }

    /** The queue behind {@link TlsConnection#outgoing()} (TLS → peer). */
    public static ByteQueue outgoing(TlsConnection c) {
        return access().outgoing(c);
    }
}
