package dev.tlskit;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A TLS session that a later client connection can resume: the seed's {@code ssl.SSLSession} and pyOpenSSL's
 * {@code Session}. Read it from a connection after the handshake ({@link TlsConnection#session()}) and hand it to a new
 * client connection of the same {@link TlsContext} before its handshake ({@link TlsConnection#setSession},
 * {@link WrapOptions#withSession}, {@link TlsContext#wrapBio(MemoryBio, MemoryBio, boolean, String, TlsSession)}).
 *
 * <h2>Example</h2>
 * <pre>{@code
 * TlsSocket first = ctx.wrapSocket(sock1, WrapOptions.client("example.org"));
 * first.read(buf, 0, buf.length);                 // TLS 1.3 tickets arrive after the handshake
 * TlsSession s = first.session().orElseThrow();
 * TlsSocket second = ctx.wrapSocket(sock2, WrapOptions.client("example.org").withSession(s));
 * second.sessionReused();                          // true when the server accepted it
 * }</pre>
 *
 * <h2>Resumption only on request</h2>
 * As with OpenSSL and the seed, a client connection resumes only the session it is given; tlskit never resumes a
 * session behind the caller's back. A session belongs to the context that made it: another context refuses it
 * (the seed's {@code ValueError("Session refers to a different SSLContext.")}). Changing a setting of the context
 * afterwards starts a fresh backend session cache, so older sessions then fall back to a full handshake.
 *
 * <h2>Security note</h2>
 * A resumed session skips certificate verification: the peer was verified when the session was made. Resume only
 * towards the host the session came from (the backend looks the session up by host name).
 */
public final class TlsSession {
    private final Object owner;
    private final String host;
    private final int cacheKey;
    private final byte[] id;
    private final long time;
    private final long timeout;
    private final String protocol;

    TlsSession(Object owner, String host, int cacheKey, byte[] id, long time, long timeout, String protocol) {
        this.owner = owner;
        this.host = host;
        this.cacheKey = cacheKey;
        this.id = id.clone();
        this.time = time;
        this.timeout = timeout;
        this.protocol = protocol;
    }

    /** Seed {@code SSLSession.id}: the session id bytes (may be empty, e.g. for a ticket-only TLS 1.2 session). */
    public byte[] id() {
        return id.clone();
    }

    /** Seed {@code SSLSession.time}: when the session was made, in seconds since the epoch. */
    public long time() {
        return time;
    }

    /**
     * Seed {@code SSLSession.timeout}: its lifetime in seconds, the context's {@link TlsContext#getTimeout()} when it
     * was made.
     */
    public long timeout() {
        return timeout;
    }

    /** The protocol version it was negotiated with, e.g. {@code "TLSv1.3"}. */
    public String protocol() {
        return protocol;
    }

    /** Whether its lifetime has passed at {@code nowSeconds} (seconds since the epoch). */
    public boolean isExpired(long nowSeconds) {
        return nowSeconds >= time + timeout;
    }

    boolean belongsTo(Object context) {
        return owner == context;
    }

    String host() {
        return host;
    }

    int cacheKey() {
        return cacheKey;
    }

    /** Sessions are equal when they have the same id within the same context (the seed compares ids). */
    @Override
    public boolean equals(Object o) {
        return o instanceof TlsSession s && s.owner == owner && s.cacheKey == cacheKey && Arrays.equals(s.id, id);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(id) * 31 + cacheKey;
    }

    @Override
    public String toString() {
        return "TlsSession[id=" + HexFormat.of().formatHex(id) + ", " + protocol + ", time=" + time + ", timeout="
                + timeout + "]";
    }
}
