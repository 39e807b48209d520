package dev.tlskit;

import dev.tlskit.ciphers.CipherDetails;
import dev.tlskit.internal.ChannelBindings;
import dev.tlskit.internal.CipherConfig;
import dev.tlskit.internal.SessionSettings;
import dev.tlskit.internal.OptionRules;
import dev.tlskit.spi.TlsProvider;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The second layer of {@link TlsContext}: what a handshake negotiates (ALPN, SNI, cipher suites and key exchange,
 * sessions) and the callbacks only some backends can run (post-handshake authentication, key log, message and info
 * callbacks, OCSP, PSK), each refused without its {@link Capability}. Users see these methods on {@link TlsContext};
 * see its documentation.
 */
abstract sealed class ContextNegotiation extends ContextVerification permits TlsContext {
    List<String> alpnProtocols = List.of();
    AlpnSelectCallback alpnSelect;
    SniCallback sniCallback;
    CipherConfig ciphers;
    private dev.tlskit.internal.OcspClientState ocspClient;
    final SessionSettings sessions = new SessionSettings();

    ContextNegotiation(Protocol protocol, Method method, TlsProvider provider) {
        super(protocol, method, provider);
        this.ciphers = CipherConfig.defaults(provider);
    }
    // ------------------------------------------------------------------ ALPN

    /**
     * Seed {@code SSLContext.set_alpn_protocols(protocols)}: offered (client) or accepted (server) in this order.
     *
     * <p>pyOpenSSL {@code set_alpn_protos(protos)} on a context made from a {@link Method}: the same, but an empty list
     * is refused there as pyOpenSSL does (CPython accepts it and offers nothing).
     *
     * @throws TlsException                when a name is empty or longer than 255 bytes (the seed's {@code SSLError}
     *                                     "ALPN protocols must be 1 to 255 in length")
     * @throws IllegalArgumentException    when the encoded list exceeds 65535 bytes, or the list is empty on a
     *                                     {@link Method} context
     * @throws UnsupportedFeatureException when the provider has no ALPN
     */
    public synchronized void setAlpnProtocols(List<String> protocols) throws TlsException {
        requireMutable();
        Objects.requireNonNull(protocols, "protocols");
        if (method != null && protocols.isEmpty()) {
            throw new IllegalArgumentException("set_alpn_protos: the protocol list is empty; give at least one protocol");
        }
        if (!provider.capabilities().contains(Capability.HAS_ALPN)) {
            throw new UnsupportedFeatureException("ALPN", provider.name(), null);
        }
        OptionRules.checkAlpn(protocols);
        alpnProtocols = List.copyOf(protocols);
        changed();
    }

    /** The ALPN list set by {@link #setAlpnProtocols}. */
    public synchronized List<String> alpnProtocols() {
        return alpnProtocols;
    }

    /**
     * pyOpenSSL {@code Context.set_alpn_select_callback(callback)}: a server chooses the protocol itself, instead of
     * OpenSSL's rule over {@link #setAlpnProtocols} (see {@link AlpnSelectCallback} for the outcomes and an example);
     * {@code null} restores the rule.
     *
     * <pre>{@code
     * ctx.setAlpnSelectCallback((conn, offered) -> offered.contains("h2") ? AlpnSelection.of("h2")
     *         : AlpnSelection.NO_OVERLAPPING_PROTOCOLS);
     * }</pre>
     *
     * @throws UnsupportedFeatureException when the provider has no ALPN
     */
    public synchronized void setAlpnSelectCallback(AlpnSelectCallback callback) throws UnsupportedFeatureException {
        requireMutable();
        if (!provider.capabilities().contains(Capability.HAS_ALPN)) {
            throw new UnsupportedFeatureException("set_alpn_select_callback (ALPN)", provider.name(), null);
        }
        alpnSelect = callback;
        changed();
    }

    /** The callback set by {@link #setAlpnSelectCallback}, or {@code null}. */
    public synchronized AlpnSelectCallback alpnSelectCallback() {
        return alpnSelect;
    }

    /**
     * Seed {@code set_npn_protocols(protocols)}: NPN, ALPN's obsolete predecessor. No tlskit backend has it
     * ({@link Capability#HAS_NPN}); the seed raises {@code NotImplementedError} there. Use {@link #setAlpnProtocols}.
     *
     * @throws UnsupportedFeatureException always on the current backends, naming the provider
     */
    public void setNpnProtocols(List<String> protocols) throws UnsupportedFeatureException {
        requireMutable();
        throw noNpn("set_npn_protocols");
    }

    /**
     * pyOpenSSL {@code set_npn_select_callback(callback)} (client) and, with the same refusal,
     * {@code set_npn_advertise_callback}: see {@link #setNpnProtocols}.
     *
     * @throws UnsupportedFeatureException always on the current backends
     */
    public void setNpnSelectCallback(java.util.function.BiFunction<TlsConnection, List<String>, String> callback)
            throws UnsupportedFeatureException {
        requireMutable();
        throw noNpn("set_npn_select_callback");
    }

    UnsupportedFeatureException noNpn(String seedName) {
        return new UnsupportedFeatureException(seedName + " (NPN)", provider.name(),
                provider.capabilities().contains(Capability.HAS_NPN) ? "tlskit has no NPN hook for providers; use ALPN"
                        : "the backend has no next protocol negotiation (HAS_NPN is false); use ALPN (setAlpnProtocols)");
    }

    // ------------------------------------------------------------------ SNI

    /**
     * Seed {@code SSLContext.sni_callback = callback}: a server sees each requested host name and may switch the
     * connection to another context or fail the handshake with an alert; {@code null} removes it. See
     * {@link SniCallback} for the rules and an example.
     *
     * <pre>{@code
     * ctx.setSniCallback((conn, name, original) -> { if ("b.example".equals(name)) conn.setContext(ctxB); return null; });
     * }</pre>
     *
     * @throws UnsupportedFeatureException when the provider has no SNI
     */
    public synchronized void setSniCallback(SniCallback callback) throws UnsupportedFeatureException {
        requireMutable();
        if (!provider.capabilities().contains(Capability.HAS_SNI)) {
            throw new UnsupportedFeatureException("sni_callback (SNI)", provider.name(), null);
        }
        sniCallback = callback;
        changed();
    }

    /** Seed {@code SSLContext.sni_callback}: the callback set, or {@code null}. */
    public synchronized SniCallback sniCallback() {
        return sniCallback;
    }

    /**
     * pyOpenSSL {@code set_tlsext_servername_callback(callback)}: {@link #setSniCallback} with a callback that takes
     * only the connection ({@link TlsConnection#getServername()} tells the name).
     *
     * <pre>{@code
     * ctx.setTlsextServernameCallback(conn -> conn.getServername().filter("b.example"::equals).ifPresent(n -> ...));
     * }</pre>
     */
    public void setTlsextServernameCallback(ServernameCallback callback) throws UnsupportedFeatureException {
        requireMutable();
        setSniCallback(callback == null ? null : (conn, name, ctx) -> {
            callback.onServername(conn);
            return null;
        });
    }

    // ------------------------------------------------------------------ cipher suites and key exchange

    /**
     * Seed {@code set_ciphers(cipherString)}: the TLS 1.2-and-older suites, in OpenSSL's cipher-list language,
     * evaluated exactly as OpenSSL 3.0 does ({@link dev.tlskit.ciphers.CipherList}) and kept where the provider
     * implements them. TLS 1.3 suites are not affected (see {@link #setCiphersuites}). The default is
     * {@value dev.tlskit.internal.CipherConfig#DEFAULT_CIPHERS} (CPython's). <b>Insecure:</b> strings such as
     * {@code ALL} or {@code COMPLEMENTOFALL} enable anonymous and NULL suites.
     *
     * @throws TlsException "No cipher can be selected." when the string is invalid or leaves no suite
     */
    public synchronized void setCiphers(String cipherString) throws TlsException {
        requireMutable();
        ciphers = ciphers.withCiphers(Objects.requireNonNull(cipherString, "cipher string"), provider);
        changed();
    }

    /**
     * OpenSSL's {@code SSL_CTX_set_ciphersuites}: the TLS 1.3 suites by IANA name, {@code :}-separated, in order;
     * {@code ""} disables them. The default is OpenSSL's {@code TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:
     * TLS_AES_128_GCM_SHA256}.
     *
     * <p>Needs {@link Capability#TLS13_CIPHERSUITE_SELECTION}: a provider without it (Conscrypt: BoringSSL always
     * enables its three TLS 1.3 suites) accepts only exactly that set, which {@link #getCiphers()} reports.
     *
     * @throws UnsupportedFeatureException when the provider lacks {@link Capability#TLS13_CIPHERSUITE_SELECTION} and
     *                                     the list is not its fixed set
     * @throws TlsException when a non-empty list names no TLS 1.3 suite the provider implements
     */
    public synchronized void setCiphersuites(String suites) throws TlsException {
        requireMutable();
        ciphers = ciphers.withCiphersuites(Objects.requireNonNull(suites, "ciphersuites"), provider);
        changed();
    }

    /**
     * Seed {@code SSLContext.security_level}: OpenSSL's security level (0..5) that chain keys and digests must meet,
     * 2 by default, changed with {@code setCiphers("...:@SECLEVEL=n")}. <pre>{@code ctx.securityLevel()   // 2}</pre>
     */
    public synchronized int securityLevel() {
        return ciphers.securityLevel();
    }

    /** Seed {@code get_ciphers()}: the enabled suites in preference order, TLS 1.3 first, as the seed's dicts. */
    public synchronized List<CipherDetails> getCiphers() {
        return ciphers.details();
    }

    /**
     * Seed {@code set_ecdh_curve(name)}.
     *
     * @throws IllegalArgumentException    for an unknown curve name (the seed's {@code ValueError})
     * @throws UnsupportedFeatureException when the provider lacks {@link Capability#NAMED_GROUP_SELECTION}
     */
    public void setEcdhCurve(String curveName) throws UnsupportedFeatureException {
        requireMutable();
        CipherConfig.checkEcdhCurve(curveName, provider);
        throw new UnsupportedFeatureException("set_ecdh_curve", provider.name(), "no tlskit backend applies it yet");
    }

    /**
     * pyOpenSSL {@code set_tlsext_use_srtp(profiles)}: DTLS-SRTP profiles such as {@code "SRTP_AES128_CM_SHA1_80"}
     * (colon-separated). Names are checked as OpenSSL does; the setting itself is refused, as no backend has DTLS.
     * <pre>{@code ctx.setTlsextUseSrtp("SRTP_AES128_CM_SHA1_80");   // UnsupportedFeatureException on jdk and conscrypt}</pre>
     *
     * @throws TlsException                an unknown profile: reason {@code SRTP_COULD_NOT_ALLOCATE_PROFILES}
     * @throws UnsupportedFeatureException for valid profiles, naming the provider
     */
    public void setTlsextUseSrtp(String profiles) throws TlsException {
        requireMutable();
        for (String name : Objects.requireNonNull(profiles, "profiles").split(":", -1)) {
            if (!SRTP_PROFILES.contains(name)) {
                throw new TlsException(SslErrorNumber.SSL_ERROR_SSL, "SRTP_COULD_NOT_ALLOCATE_PROFILES", "unknown SRTP "
                        + "profile '" + name + "' in '" + profiles + "'; known: " + SRTP_PROFILES, null);
            }
        }
        throw new UnsupportedFeatureException("set_tlsext_use_srtp (DTLS-SRTP)", provider.name(), "tlskit has no DTLS");
    }

    private static final List<String> SRTP_PROFILES = List.of("SRTP_AES128_CM_SHA1_80", "SRTP_AES128_CM_SHA1_32",
            "SRTP_AEAD_AES_128_GCM", "SRTP_AEAD_AES_256_GCM");

    /**
     * Seed {@code load_dh_params(path)}.
     *
     * @throws TlsCredentialException      when the file cannot be read
     * @throws TlsException                when it holds no PEM DH parameters
     * @throws UnsupportedFeatureException when the provider lacks {@link Capability#DH_PARAMETERS}
     */
    public void loadDhParams(Path dhfile) throws TlsException {
        requireMutable();
        CipherConfig.checkDhParams(Objects.requireNonNull(dhfile, "dhfile"), provider);
        throw new UnsupportedFeatureException("load_dh_params", provider.name(), "no tlskit backend applies it yet");
    }

    // ------------------------------------------------------------------ sessions (logic: SessionSettings)

    /**
     * Seed {@code session_stats()}: {@code number}, {@code connect}, {@code connect_good}, {@code accept},
     * {@code accept_good}, {@code hits}, {@code misses}, ... counted by tlskit the same way on every backend (see
     * {@link SessionSettings}). <pre>{@code long hits = ctx.sessionStats().get("hits");}</pre>
     */
    public Map<String, Long> sessionStats() {
        return sessions.stats(System.currentTimeMillis() / 1000);
    }

    /**
     * pyOpenSSL {@code set_timeout(seconds)}: the lifetime of sessions made from now on (default 300, as OpenSSL's);
     * returns the previous one. <pre>{@code ctx.setTimeout(3600);}</pre>
     */
    public synchronized long setTimeout(long seconds) {
        requireMutable();
        long old = sessions.setTimeout(seconds);
        changed();
        return old;
    }

    /** pyOpenSSL {@code get_timeout()}: the session lifetime in seconds. <pre>{@code ctx.getTimeout() // 300}</pre> */
    public long getTimeout() {
        return sessions.timeout();
    }

    /**
     * pyOpenSSL {@code set_session_cache_mode(mode)}; returns the previous mode. Client sessions are resumed only when
     * handed over, so the client bits change nothing. <pre>{@code ctx.setSessionCacheMode(EnumSet.of(SESS_CACHE_BOTH));}</pre>
     *
     * @throws UnsupportedFeatureException when the mode turns the server cache off or bypasses it and the provider
     *                                     lacks {@link Capability#SERVER_SESSION_CACHE_CONTROL}
     */
    public EnumSet<SessionCacheMode> setSessionCacheMode(Set<SessionCacheMode> mode) throws UnsupportedFeatureException {
        requireMutable();
        return sessions.setCacheMode(mode, provider);
    }

    /** pyOpenSSL {@code get_session_cache_mode()}. <pre>{@code ctx.getSessionCacheMode() // [SESS_CACHE_SERVER]}</pre> */
    public EnumSet<SessionCacheMode> getSessionCacheMode() {
        return sessions.cacheMode();
    }

    /**
     * pyOpenSSL {@code set_session_id(buf)}: the session id context (at most 32 bytes). tlskit never shares a session
     * cache between contexts, so sessions are already confined to their context; the value is kept and checked.
     * <pre>{@code ctx.setSessionIdContext("my-service".getBytes(UTF_8));}</pre>
     *
     * @throws TlsException longer than 32 bytes: reason {@code SSL_SESSION_ID_CONTEXT_TOO_LONG} (pyOpenSSL's
     *                      {@code Error} "ssl session id context too long")
     */
    public void setSessionIdContext(byte[] sessionIdContext) throws TlsException {
        requireMutable();
        sessions.setSessionIdContext(sessionIdContext);
    }

    /** The value given to {@link #setSessionIdContext}, empty by default. */
    public byte[] sessionIdContext() {
        return sessions.sessionIdContext();
    }

    /** Seed {@code SSLContext.num_tickets}: TLS 1.3 tickets a server sends (2). <pre>{@code ctx.numTickets()}</pre> */
    public int numTickets() {
        return sessions.numTickets();
    }

    /**
     * Seed {@code SSLContext.num_tickets = n} (server contexts only). <pre>{@code serverCtx.setNumTickets(1);}</pre>
     *
     * @throws IllegalArgumentException    on a client context or for a negative count
     * @throws UnsupportedFeatureException without {@link Capability#TLS13_TICKET_COUNT}
     */
    public synchronized void setNumTickets(int count) throws UnsupportedFeatureException {
        requireMutable();
        sessions.setNumTickets(count, allowsServer(), provider);
        changed();
    }

    // ------------------------------------------------------------------ PHA, key log, OCSP, PSK (capabilities)

    /** Seed {@code SSLContext.post_handshake_auth}: {@code false} unless a provider with {@link Capability#HAS_PHA}. */
    public boolean postHandshakeAuth() {
        return false;
    }

    /**
     * Seed {@code SSLContext.post_handshake_auth = value}; never changes {@link #verifyMode()}.
     * <pre>{@code ctx.setPostHandshakeAuth(true);}</pre>
     *
     * @throws UnsupportedFeatureException for {@code true} without {@link Capability#HAS_PHA} (no current backend)
     */
    public void setPostHandshakeAuth(boolean value) throws UnsupportedFeatureException {
        if (value) {
            throw ChannelBindings.unwired(provider, Capability.HAS_PHA, "post_handshake_auth",
                    "the backend has no TLS 1.3 post-handshake authentication");
        }
    }

    /** Seed {@code SSLContext.keylog_filename}: {@code null} (off) unless a provider with {@link Capability#KEYLOG}. */
    public Path keylogFilename() {
        return null;
    }

    /**
     * Seed {@code SSLContext.keylog_filename = path}: append NSS key-log lines; {@code null} turns logging off.
     * <pre>{@code ctx.setKeylogFilename(Path.of("/tmp/keys.log"));}</pre>
     *
     * @throws UnsupportedFeatureException for a path without {@link Capability#KEYLOG} (no current backend)
     */
    public void setKeylogFilename(Path path) throws UnsupportedFeatureException {
        if (path != null) {
            throw ChannelBindings.unwired(provider, Capability.KEYLOG, "keylog_filename",
                    "the backend does not report TLS secrets");
        }
    }

    /**
     * pyOpenSSL {@code Context.set_keylog_callback(callback)}: see {@link KeylogCallback}.
     *
     * @throws UnsupportedFeatureException without {@link Capability#KEYLOG} (no current backend)
     */
    public void setKeylogCallback(KeylogCallback callback) throws UnsupportedFeatureException {
        Objects.requireNonNull(callback, "callback");
        throw ChannelBindings.unwired(provider, Capability.KEYLOG, "set_keylog_callback",
                "the backend does not report TLS secrets");
    }

    /**
     * pyOpenSSL {@code Context.set_info_callback(callback)}.
     *
     * @throws UnsupportedFeatureException without {@link Capability#INFO_CALLBACK} (no current backend)
     */
    public void setInfoCallback(InfoCallback callback) throws UnsupportedFeatureException {
        Objects.requireNonNull(callback, "callback");
        throw ChannelBindings.infoCallback(provider);
    }

    /** Seed {@code SSLContext._msg_callback}: {@code null} unless a provider with {@link Capability#MSG_CALLBACK}. */
    public MsgCallback msgCallback() {
        return null;
    }

    /**
     * Seed {@code SSLContext._msg_callback = callback}; {@code null} removes it.
     *
     * @throws UnsupportedFeatureException for a callback without {@link Capability#MSG_CALLBACK} (no current backend)
     */
    public void setMsgCallback(MsgCallback callback) throws UnsupportedFeatureException {
        if (callback != null) {
            throw ChannelBindings.unwired(provider, Capability.MSG_CALLBACK, "_msg_callback",
                    "the backend does not report TLS records and handshake messages");
        }
    }

    /**
     * pyOpenSSL {@code set_ocsp_server_callback(callback, data)}: see {@link OcspServerCallback}.
     *
     * @throws UnsupportedFeatureException without {@link Capability#OCSP_STAPLING_SERVER} (no current backend)
     */
    public void setOcspServerCallback(OcspServerCallback callback, Object data) throws UnsupportedFeatureException {
        Objects.requireNonNull(callback, "callback");
        throw ChannelBindings.unwired(provider, Capability.OCSP_STAPLING_SERVER, "set_ocsp_server_callback",
                "the backend cannot staple an application-supplied OCSP response without process-wide settings");
    }

    /**
     * pyOpenSSL {@code set_ocsp_client_callback(callback, data)}: a client connection that calls
     * {@link TlsConnection#requestOcsp()} hands the server's stapled OCSP response (empty when none was stapled) to
     * {@code callback} during the handshake, once the server's certificate has been checked; {@code false} fails the
     * handshake. See {@link OcspClientCallback}. Connections take the callback when they start.
     *
     * <pre>{@code ctx.setOcspClientCallback((conn, staple, data) -> staple.length > 0, null);}</pre>
     *
     * @throws UnsupportedFeatureException without {@link Capability#OCSP_STAPLING_CLIENT}
     */
    public synchronized void setOcspClientCallback(OcspClientCallback callback, Object data)
            throws UnsupportedFeatureException {
        Objects.requireNonNull(callback, "callback");
        requireMutable();
        ChannelBindings.require(provider, Capability.OCSP_STAPLING_CLIENT, "set_ocsp_client_callback",
                "the backend does not show the stapled OCSP response");
        ocspClient = new dev.tlskit.internal.OcspClientState(callback, data);
    }

    /** A fresh per-connection copy of the OCSP client callback state, for {@link TlsConnection}. */
    synchronized dev.tlskit.internal.OcspClientState ocspClientState() {
        return ocspClient == null ? new dev.tlskit.internal.OcspClientState(null, null) : ocspClient.fresh();
    }

    /**
     * Seed {@code set_psk_server_callback(callback, identity_hint)}: see {@link PskServerCallback}.
     *
     * @throws TlsException                "Cannot add PSK server callback" on a client-only context
     * @throws UnsupportedFeatureException without {@link Capability#HAS_PSK} (no current backend)
     */
    public void setPskServerCallback(PskServerCallback callback, String identityHint) throws TlsException {
        pskSide(allowsServer(), "server");
        throw ChannelBindings.unwired(provider, Capability.HAS_PSK, "set_psk_server_callback", "the backend has no PSK");
    }

    /**
     * Seed {@code set_psk_client_callback(callback)}: see {@link PskClientCallback}.
     *
     * @throws TlsException                "Cannot add PSK client callback" on a server-only context
     * @throws UnsupportedFeatureException without {@link Capability#HAS_PSK} (no current backend)
     */
    public void setPskClientCallback(PskClientCallback callback) throws TlsException {
        pskSide(allowsClient(), "client");
        throw ChannelBindings.unwired(provider, Capability.HAS_PSK, "set_psk_client_callback", "the backend has no PSK");
    }

    private void pskSide(boolean allowed, String side) throws TlsException {
        if (!allowed) {
            throw new TlsException(SslErrorNumber.SSL_ERROR_SSL, "CALLED_A_FUNCTION_YOU_SHOULD_NOT_CALL",
                    "Cannot add PSK " + side + " callback to a " + sideName() + " context", null);
        }
    }

    SessionSettings sessionSettings() {
        return sessions;
    }
}
