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
    private final boolean hasTicket;
    private final long ticketLifetimeHint;

    TlsSession(Object owner, String host, int cacheKey, byte[] id, long time, long timeout, String protocol,
               boolean hasTicket, long ticketLifetimeHint) {
        this.hasTicket = hasTicket;
        this.ticketLifetimeHint = ticketLifetimeHint;
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

    /**
     * Seed {@code SSLSession.has_ticket}: whether the server issued a session ticket. tlskit reads it from the
     * handshake on every backend: the TLS 1.2 NewSessionTicket is plaintext; at TLS 1.3 it counts the server's
     * post-handshake messages that carry no data (servers send NewSessionTicket there, rarely KeyUpdate), so read from
     * the connection once before asking. <pre>{@code if (!s.hasTicket()) log.info("server issues no tickets");}</pre>
     */
    public boolean hasTicket() {
        return hasTicket;
    }

    /**
     * Seed {@code SSLSession.ticket_lifetime_hint}: the TLS 1.2 ticket's lifetime hint in seconds, as the server sent
     * it. 0 means unspecified (RFC 5077 section 3.3): no ticket, or a TLS 1.3 ticket, which is encrypted on the wire
     * and which no backend exposes. <pre>{@code long hint = s.ticketLifetimeHint();   // e.g. 7200}</pre>
     */
    public long ticketLifetimeHint() {
        return ticketLifetimeHint;
    }

    /** The protocol version it was negotiated with, e.g. {@code "TLSv1.3"}. */
    public String protocol() {
        return protocol;
    }

    /** Whether its lifetime has passed at {@code nowSeconds} (seconds since the epoch). */
    public boolean isExpired(long nowSeconds) {
        return nowSeconds >= time + timeout;
    }

    TlsSession withTicket(boolean ticket, long lifetimeHint) {
        return ticket == hasTicket && lifetimeHint == ticketLifetimeHint ? this
                : new TlsSession(owner, host, cacheKey, id, time, timeout, protocol, ticket, lifetimeHint);
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
                + timeout + ", has_ticket=" + hasTicket + "]";
    }
}
