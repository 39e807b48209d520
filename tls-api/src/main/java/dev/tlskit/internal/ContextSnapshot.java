package dev.tlskit.internal;

import dev.tlskit.Capability;
import dev.tlskit.Option;
import dev.tlskit.PeerVerify;
import dev.tlskit.TlsConnection;
import dev.tlskit.TlsException;
import dev.tlskit.TlsProtocolException;
import dev.tlskit.TlsVersion;
import dev.tlskit.UnsupportedFeatureException;
import dev.tlskit.VerifyCallback;
import dev.tlskit.VerifyFlag;
import dev.tlskit.pki.ChainCallback;
import dev.tlskit.pki.Identity;
import dev.tlskit.pki.TlsTrustManager;
import dev.tlskit.pki.TrustConfig;
import dev.tlskit.pki.TrustSnapshot;
import dev.tlskit.spi.EngineSettings;
import dev.tlskit.spi.TlsProvider;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The immutable settings of a {@link dev.tlskit.TlsContext} at one moment: what every connection made from it uses.
 * Builds the provider's {@link SSLContext} once (lazily) and configures each new engine.
 */
public final class ContextSnapshot {
    /** Client sessions kept by the backend; older ones fall back to a full handshake when handed over. */
    private static final int CLIENT_CACHE_SIZE = 1024;
    private static final TlsVersion[] DESCENDING = {
        TlsVersion.TLSv1_3, TlsVersion.TLSv1_2, TlsVersion.TLSv1_1, TlsVersion.TLSv1, TlsVersion.SSLv3};

    private final TlsProvider provider;
    private final List<String> protocols;
    private final long optionBits;
    private final int verifyBits;
    private final VerifyCallback verifyCallback;
    private final boolean checkHostname;
    private final boolean hostnameChecksCommonName;
    private final Set<VerifyFlag> verifyFlags;
    private final List<String> alpn;
    private final List<Identity> identities;
    private final TrustSnapshot trust;
    private final List<String> cipherSuites;
    private final int securityLevel;
    private final HandshakeConfig handshake;
    private final ServerNames serverNames;
    /**
     * The hooks of each live engine, keyed by {@link TlsProvider#engineIdentity}. The hooks hold their connection
     * weakly and never the engine, so an entry goes when its engine does.
     */
    private final Map<Object, HandshakeHooks> connections = Collections.synchronizedMap(new WeakHashMap<>());
    private volatile SSLContext sslContext;
    private volatile IdentityKeyManager keyManager;
    private volatile TlsTrustManager trustManager;
    private final java.util.concurrent.atomic.AtomicInteger nextCacheKey = new java.util.concurrent.atomic.AtomicInteger();

    public ContextSnapshot(TlsProvider provider, TlsVersion fixed, TlsVersion min, TlsVersion max, long optionBits,
                           int verifyBits, VerifyCallback verifyCallback, boolean checkHostname,
                           boolean hostnameChecksCommonName, Set<VerifyFlag> verifyFlags, List<String> alpn,
                           List<Identity> identities, TrustSnapshot trust, List<String> cipherSuites,
                           int securityLevel, HandshakeConfig handshake) {
        this.provider = provider;
        this.optionBits = optionBits;
        this.protocols = enabledProtocols(provider, fixed, min, max, optionBits);
        this.verifyBits = verifyBits;
        this.verifyCallback = verifyCallback;
        this.checkHostname = checkHostname;
        this.hostnameChecksCommonName = hostnameChecksCommonName;
        this.verifyFlags = verifyFlags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(verifyFlags));
        this.alpn = List.copyOf(alpn);
        this.identities = List.copyOf(ChainCompletion.complete(identities, trust)); // OpenSSL's auto-chain
        this.trust = trust;
        this.cipherSuites = List.copyOf(cipherSuites);
        this.securityLevel = securityLevel;
        this.handshake = handshake;
        this.serverNames = new ServerNames(handshake.sni(), provider, this::hooks);
    }

    private ContextSnapshot(ContextSnapshot base, int verifyBits, VerifyCallback verifyCallback) {
        this.provider = base.provider;
        this.optionBits = base.optionBits;
        this.protocols = base.protocols;
        this.verifyBits = verifyBits;
        this.verifyCallback = verifyCallback;
        this.checkHostname = base.checkHostname;
        this.hostnameChecksCommonName = base.hostnameChecksCommonName;
        this.verifyFlags = base.verifyFlags;
        this.alpn = base.alpn;
        this.identities = base.identities;
        this.trust = base.trust;
        this.cipherSuites = base.cipherSuites;
        this.securityLevel = base.securityLevel;
        this.handshake = base.handshake;
        this.serverNames = new ServerNames(handshake.sni(), provider, this::hooks);
    }

    /**
     * This snapshot with another peer-verification mode and callback: pyOpenSSL's {@code Connection.set_verify}, for
     * one connection. Its engines come from an SSLContext of their own (the trust manager carries the mode), so such a
     * connection does not share the context's session cache. A {@code null} callback keeps this snapshot's (OpenSSL's
     * {@code SSL_set_verify} with a NULL callback).
     */
    public ContextSnapshot withVerify(int verifyBits, VerifyCallback verifyCallback) {
        return new ContextSnapshot(this, verifyBits, verifyCallback != null ? verifyCallback : this.verifyCallback);
    }

    /** The pyOpenSSL verify bits ({@code VERIFY_PEER | ...}). */
    public int verifyBits() {
        return verifyBits;
    }

    /** Whether host names are checked (the seed's {@code check_hostname}). */
    public boolean checkHostname() {
        return checkHostname;
    }

    private static List<String> enabledProtocols(TlsProvider provider, TlsVersion fixed, TlsVersion min, TlsVersion max,
                                                 long options) {
        List<String> out = new ArrayList<>();
        for (TlsVersion v : DESCENDING) {
            boolean inRange = fixed != null ? v == fixed
                    : (min == TlsVersion.MINIMUM_SUPPORTED || v.code() >= min.code())
                    && (max == TlsVersion.MAXIMUM_SUPPORTED || v.code() <= max.code());
            if (inRange && !disabledByOption(v, options) && provider.supportedVersions().contains(v)) {
                out.add(v.javaName().orElseThrow());
            }
        }
        return List.copyOf(out);
    }

    private static boolean disabledByOption(TlsVersion v, long options) {
        Option off = switch (v) {
            case SSLv3 -> Option.OP_NO_SSLv3;
            case TLSv1 -> Option.OP_NO_TLSv1;
            case TLSv1_1 -> Option.OP_NO_TLSv1_1;
            case TLSv1_2 -> Option.OP_NO_TLSv1_2;
            case TLSv1_3 -> Option.OP_NO_TLSv1_3;
            default -> null;
        };
        return off != null && (options & off.code()) != 0;
    }

    public TlsProvider provider() {
        return provider;
    }

    public boolean hasOption(Option o) {
        return o.code() != 0 && (optionBits & o.code()) == o.code();
    }

    /** Whether a client verifies the server ({@code false} only for {@code CERT_NONE}). */
    public boolean verifiesPeer() {
        return (verifyBits & PeerVerify.VERIFY_PEER.code()) != 0;
    }

    public List<String> alpnProtocols() {
        return alpn;
    }

    /** The identities (certificate chains and keys) this snapshot serves: what a switch to its context takes. */
    public List<Identity> identities() {
        return identities;
    }

    /** The handshake callbacks. */
    public HandshakeConfig handshake() {
        return handshake;
    }

    /** The hooks of the connection that owns {@code engine} (as the engine's callbacks see it), or {@code null}. */
    HandshakeHooks hooks(SSLEngine engine) {
        return connections.get(provider.engineIdentity(engine));
    }

    /**
     * A new client-cache key: the "port" half of {@code createSSLEngine(host, port)}, which JSSE and Conscrypt use to
     * look up a session to resume. Each client connection gets its own, so a backend resumes only the session the
     * caller hands over (by reusing that session's key), never one it found by host name alone.
     */
    public int newCacheKey() {
        return nextCacheKey.updateAndGet(k -> k == Integer.MAX_VALUE ? 1 : k + 1);
    }

    /** The session lifetime in seconds. */
    public long sessionTimeout() {
        return handshake.sessionTimeout();
    }

    /**
     * A configured engine for one connection.
     *
     * @param serverHostname the normalised host name (client side), or {@code null}
     * @param hooks          the connection's hooks, registered for the engine's callbacks
     * @param cacheKey       the client's session-cache key ({@link #newCacheKey()}, or a resumed session's)
     */
    public SSLEngine newEngine(boolean serverSide, String serverHostname, HandshakeHooks hooks, int cacheKey)
            throws TlsException {
        if (protocols.isEmpty()) {
            throw new TlsProtocolException("NO_PROTOCOLS_AVAILABLE", "[SSL: NO_PROTOCOLS_AVAILABLE] no protocols "
                    + "available: the version bounds and OP_NO_* options leave no version that the '" + provider.name()
                    + "' provider supports (it supports " + provider.supportedVersions() + ")", null);
        }
        boolean sendSni = !serverSide && serverHostname != null && !Hostnames.isIpLiteral(serverHostname);
        // RFC 6066 section 3: SNI carries the name without a trailing dot; host checks still see the name as given
        String sniName = sendSni && serverHostname.endsWith(".")
                ? serverHostname.substring(0, serverHostname.length() - 1) : serverHostname;
        if (sendSni && Hostnames.isSingleLabel(sniName)
                && !provider.capabilities().contains(Capability.SNI_SINGLE_LABEL_NAMES)) {
            throw new UnsupportedFeatureException("SNI for the single-label host name '" + serverHostname + "'",
                    provider.name(), "this backend sends SNI only for names with a dot and localhost; connect with "
                    + "the fully qualified name, or select a provider with SNI_SINGLE_LABEL_NAMES");
        }
        SSLContext ctx = sslContext();
        SSLEngine engine = !serverSide && serverHostname != null ? ctx.createSSLEngine(serverHostname, cacheKey)
                : ctx.createSSLEngine();
        engine.setUseClientMode(!serverSide);
        connections.put(provider.engineIdentity(engine), hooks);
        SSLParameters p;
        try {
            p = engine.getSSLParameters();
        } catch (IllegalArgumentException e) {
            // Conscrypt builds an SNIHostName from the peer host here and refuses non-LDH names (foo_bar.example.com)
            throw new UnsupportedFeatureException("the server host name '" + serverHostname + "'", provider.name(),
                    "the backend cannot use it as an SNI host name (" + e.getMessage() + "); pass an IDNA A-label "
                    + "or an IP address");
        }
        p.setProtocols(protocols.toArray(new String[0]));
        if (sendSni) {
            p.setServerNames(List.of(sniHostName(sniName, provider.name())));
        } else if (!serverSide) {
            p.setServerNames(List.of());
        }
        if (serverSide) {
            boolean request = (verifyBits & PeerVerify.VERIFY_PEER.code()) != 0;
            boolean require = request && (verifyBits & PeerVerify.VERIFY_FAIL_IF_NO_PEER_CERT.code()) != 0;
            if (require) {
                p.setNeedClientAuth(true);
            } else {
                p.setWantClientAuth(request);
            }
        }
        if (!alpn.isEmpty()) {
            p.setApplicationProtocols(alpn.toArray(new String[0]));
        }
        if (serverSide && (!alpn.isEmpty() || handshake.alpnSelect() != null)) {
            engine.setHandshakeApplicationProtocolSelector(
                    new AlpnSelector(alpn, handshake.alpnSelect(), provider, this::hooks));
        }
        if (serverSide && serverNames.hasCallback()) {
            p.setSNIMatchers(List.of(serverNames.matcher(hooks)));
        }
        if (cipherSuites.isEmpty()) {
            throw new TlsProtocolException("NO_CIPHERS_AVAILABLE", "[SSL: NO_CIPHERS_AVAILABLE] no ciphers available: "
                    + "setCiphers/setCiphersuites and the security level leave no suite the '" + provider.name()
                    + "' provider implements", null);
        }
        p.setCipherSuites(cipherSuites.toArray(new String[0])); // CipherConfig: already restricted to the provider
        p.setUseCipherSuitesOrder(hasOption(Option.OP_CIPHER_SERVER_PREFERENCE));
        p.setEndpointIdentificationAlgorithm(null); // tlskit's verifier checks host names with the seed's rules
        provider.configureEngine(engine, p, new EngineSettings(serverSide, serverHostname, sendSni, protocols, alpn,
                !hasOption(Option.OP_NO_TICKET)));
        engine.setSSLParameters(p);
        return engine;
    }

    private SSLContext sslContext() throws TlsException {
        SSLContext c = sslContext;
        if (c == null) {
            synchronized (this) {
                c = sslContext;
                if (c == null) {
                    try {
                        IdentityKeyManager km = new IdentityKeyManager(identities, serverNames, this::hooks);
                        TlsTrustManager tm = new TlsTrustManager(trustConfig(), handshake.clientCas(),
                                this::recordVerified, this::afterServerCertificate);
                        c = provider.newSslContext(km, tm);
                        keyManager = km;
                        trustManager = tm;
                        int seconds = (int) handshake.sessionTimeout();
                        c.getServerSessionContext().setSessionTimeout(seconds);
                        c.getClientSessionContext().setSessionTimeout(seconds);
                        // client sessions are only found by the key of the connection that made them: keep few
                        c.getClientSessionContext().setSessionCacheSize(CLIENT_CACHE_SIZE);
                        c.getServerSessionContext().setSessionCacheSize(SessionSettings.CACHE_SIZE);
                    } catch (GeneralSecurityException | RuntimeException e) {
                        throw new TlsException("the '" + provider.name() + "' provider could not create an SSLContext: "
                                + e.getMessage(), e);
                    }
                    sslContext = c;
                }
            }
        }
        return c;
    }

    /** The provider's {@link SSLContext} every engine of this snapshot comes from (for the JSSE bridges). */
    public SSLContext providerContext() throws TlsException {
        return sslContext();
    }

    /** The one trust manager this snapshot's engines use (for the JSSE bridges). */
    public TlsTrustManager trustManager() throws TlsException {
        sslContext();
        return trustManager;
    }

    /** The one key manager this snapshot's engines use (for the JSSE bridges). */
    public IdentityKeyManager keyManager() throws TlsException {
        sslContext();
        return keyManager;
    }

    private TrustConfig trustConfig() {
        ChainCallback callback = verifyCallback == null ? null
                : (engine, cert, errno, depth, ok) -> {
                    HandshakeHooks h = engine == null ? null : hooks(engine);
                    TlsConnection conn = h == null ? null : h.connection();
                    return verifyCallback.verify(conn, cert, errno, depth, ok);
                };
        return TrustConfig.builder(trust).verifyFlagBits(VerifyFlag.toBits(verifyFlags)).verifyPeer(verifiesPeer())
                .checkHostname(checkHostname).hostnameChecksCommonName(hostnameChecksCommonName).callback(callback)
                .securityLevel(Math.min(Math.max(securityLevel, 0), 5)).verifyDepth(handshake.verifyDepth())
                .webPkiProfile(verifyFlags.contains(VerifyFlag.VERIFY_X509_STRICT)).build();
    }

    private void afterServerCertificate(SSLEngine engine) throws java.security.cert.CertificateException {
        HandshakeHooks h = hooks(engine);
        if (h != null) {
            h.ocsp().afterServerCertificate(h, engine);
        }
    }

    private void recordVerified(SSLEngine engine, List<java.security.cert.X509Certificate> chain) {
        HandshakeHooks h = engine == null ? null : hooks(engine);
        if (h != null) {
            h.verifiedChain(chain);
        }
    }

    /**
     * SNI for {@code name}. {@code SNIHostName(String)} insists on STD3 (letters, digits, hyphens) and throws an
     * {@code IllegalArgumentException} for a name such as {@code foo_bar.example.com}, which OpenSSL sends as is; the
     * byte constructor takes any ASCII name, so a verifier (not the SNI encoder) decides whether the name is good.
     */
    private static SNIHostName sniHostName(String name, String provider) throws UnsupportedFeatureException {
        try {
            return new SNIHostName(name);
        } catch (IllegalArgumentException strict) {
            try {
                return new SNIHostName(name.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                throw new UnsupportedFeatureException("SNI for the host name '" + name + "'", provider,
                        "the JDK cannot encode it as an SNI host name (" + e.getMessage() + "); pass an IDNA A-label "
                        + "or an IP address as the server host name");
            }
        }
    }
}
