package dev.tlskit.internal;

import dev.tlskit.Capability;
import dev.tlskit.SessionCacheMode;
import dev.tlskit.SslErrorNumber;
import dev.tlskit.TlsException;
import dev.tlskit.UnsupportedFeatureException;
import dev.tlskit.spi.TlsProvider;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * <b>Not API.</b> A context's session settings (pyOpenSSL's {@code set_timeout}, {@code set_session_cache_mode},
 * {@code set_session_id}, the seed's {@code num_tickets}) and the seed's {@code session_stats()} counters, which tlskit
 * counts itself from what every connection's handshake showed, so they mean the same on every backend:
 * <ul>
 *   <li>{@code connect}/{@code accept}: handshakes started on the client/server side; {@code connect_good}/
 *       {@code accept_good}: those that completed;</li>
 *   <li>{@code hits}: server handshakes that resumed a session; {@code misses}: server handshakes where the client
 *       offered a session (a {@code pre_shared_key}, a session ticket, or a TLS 1.2 session id) that was not
 *       resumed;</li>
 *   <li>{@code number}: sessions made by full handshakes on this context whose timeout has not passed, at most
 *       {@link #CACHE_SIZE} ({@code cache_full} counts the oldest ones pushed out);</li>
 *   <li>{@code connect_renegotiate}, {@code accept_renegotiate} (tlskit never renegotiates) and {@code timeouts}
 *       stay 0. CPython's dictionary has exactly these 11 keys (no {@code cb_hits}).</li>
 * </ul>
 */
public final class SessionSettings {
    /** OpenSSL's default session-cache size ({@code SSL_SESSION_CACHE_MAX_SIZE_DEFAULT}). */
    public static final int CACHE_SIZE = 1024 * 20;
    /** OpenSSL's default session timeout for TLS, in seconds. */
    public static final long DEFAULT_TIMEOUT = 300;
    /** OpenSSL's {@code SSL_MAX_SID_CTX_LENGTH}. */
    public static final int MAX_SID_CTX_LENGTH = 32;

    private long timeout = DEFAULT_TIMEOUT;
    private EnumSet<SessionCacheMode> cacheMode = EnumSet.of(SessionCacheMode.SESS_CACHE_SERVER);
    private byte[] sessionIdContext = new byte[0];
    private int numTickets = 2;

    private long connect;
    private long connectGood;
    private long accept;
    private long acceptGood;
    private long hits;
    private long misses;
    private long cacheFull;
    private final ArrayDeque<Long> expiries = new ArrayDeque<>();

    public synchronized long timeout() {
        return timeout;
    }

    /** Sets the timeout in seconds; returns the previous one. */
    public synchronized long setTimeout(long seconds) {
        if (seconds <= 0 || seconds > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("session timeout must be 1.." + Integer.MAX_VALUE + " seconds, got "
                    + seconds);
        }
        long old = timeout;
        timeout = seconds;
        return old;
    }

    public synchronized EnumSet<SessionCacheMode> cacheMode() {
        return EnumSet.copyOf(cacheMode.isEmpty() ? EnumSet.of(SessionCacheMode.SESS_CACHE_OFF) : cacheMode);
    }

    /**
     * Sets the cache mode; returns the previous one. Client-side caching is tlskit's own (sessions are resumed only
     * when handed over), so {@code SESS_CACHE_CLIENT} and {@code SESS_CACHE_NO_AUTO_CLEAR} change nothing. Turning
     * the server cache off, or the internal lookup or store, needs {@link Capability#SERVER_SESSION_CACHE_CONTROL}.
     */
    public synchronized EnumSet<SessionCacheMode> setCacheMode(Set<SessionCacheMode> mode, TlsProvider provider)
            throws UnsupportedFeatureException {
        Objects.requireNonNull(mode, "mode");
        EnumSet<SessionCacheMode> bits = SessionCacheMode.fromBits(SessionCacheMode.toBits(mode));
        boolean serverCacheChanged = !bits.contains(SessionCacheMode.SESS_CACHE_SERVER)
                || bits.contains(SessionCacheMode.SESS_CACHE_NO_INTERNAL_LOOKUP)
                || bits.contains(SessionCacheMode.SESS_CACHE_NO_INTERNAL_STORE);
        if (serverCacheChanged && !provider.capabilities().contains(Capability.SERVER_SESSION_CACHE_CONTROL)) {
            throw new UnsupportedFeatureException("set_session_cache_mode(" + bits + ")", provider.name(),
                    "the backend's server session cache cannot be turned off or bypassed per context; keep "
                            + "SESS_CACHE_SERVER, or select a provider with SERVER_SESSION_CACHE_CONTROL");
        }
        EnumSet<SessionCacheMode> old = cacheMode();
        cacheMode = bits;
        return old;
    }

    public synchronized byte[] sessionIdContext() {
        return sessionIdContext.clone();
    }

    public synchronized void setSessionIdContext(byte[] context) throws TlsException {
        Objects.requireNonNull(context, "sessionIdContext");
        if (context.length > MAX_SID_CTX_LENGTH) { // pyOpenSSL raises Error(SSL routines, ssl session id context too long)
            throw new TlsException(SslErrorNumber.SSL_ERROR_SSL, "SSL_SESSION_ID_CONTEXT_TOO_LONG", "ssl session id "
                    + "context too long: " + context.length + " bytes; OpenSSL "
                    + "allows at most " + MAX_SID_CTX_LENGTH + " (SSL_MAX_SID_CTX_LENGTH)", null);
        }
        sessionIdContext = context.clone();
    }

    public synchronized int numTickets() {
        return numTickets;
    }

    /** The seed's {@code num_tickets} setter: server contexts only, and only where the backend can honour it. */
    public synchronized void setNumTickets(int count, boolean serverContext, TlsProvider provider)
            throws UnsupportedFeatureException {
        if (count < 0) {
            throw new IllegalArgumentException("num_tickets must be >= 0, got " + count);
        }
        if (!serverContext) {
            throw new IllegalArgumentException("SSLContext is not a server context.");
        }
        if (!provider.capabilities().contains(Capability.TLS13_TICKET_COUNT)) {
            throw new UnsupportedFeatureException("num_tickets", provider.name(), "the backend sets the number of "
                    + "TLS 1.3 tickets only process-wide (JSSE: the jdk.tls.server.newSessionTicketCount system "
                    + "property, which tlskit never sets; Conscrypt: not exposed); select a provider with "
                    + "TLS13_TICKET_COUNT");
        }
        numTickets = count;
    }

    /** A handshake started on this side. */
    public synchronized void started(boolean serverSide) {
        if (serverSide) {
            accept++;
        } else {
            connect++;
        }
    }

    /** A handshake completed; {@code resumed} and {@code offered} as the {@link HelloObserver} read them. */
    public synchronized void completed(boolean serverSide, boolean resumed, boolean offered, long nowSeconds) {
        if (serverSide) {
            acceptGood++;
            if (resumed) {
                hits++;
            } else if (offered) {
                misses++;
            }
        } else {
            connectGood++;
        }
        if (!resumed) {
            expire(nowSeconds);
            if (expiries.size() >= CACHE_SIZE) {
                expiries.removeFirst();
                cacheFull++;
            }
            expiries.addLast(nowSeconds + timeout);
        }
    }

    private void expire(long nowSeconds) {
        expiries.removeIf(e -> e <= nowSeconds);
    }

    /** The seed's {@code session_stats()} dictionary. */
    public synchronized Map<String, Long> stats(long nowSeconds) {
        expire(nowSeconds);
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("number", (long) expiries.size());
        m.put("connect", connect);
        m.put("connect_good", connectGood);
        m.put("connect_renegotiate", 0L);
        m.put("accept", accept);
        m.put("accept_good", acceptGood);
        m.put("accept_renegotiate", 0L);
        m.put("hits", hits);
        m.put("misses", misses);
        m.put("timeouts", 0L);
        m.put("cache_full", cacheFull);
        return m;
    }
}
