package dev.tlskit.spi;

import dev.tlskit.Capability;
import dev.tlskit.Option;
import dev.tlskit.TlsException;
import dev.tlskit.TlsVersion;
import dev.tlskit.internal.FailureTranslator;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * A TLS backend. Implementations are found with {@link java.util.ServiceLoader} ({@code META-INF/services/
 * dev.tlskit.spi.TlsProvider}) and chosen by name, by the {@code tlskit.provider} system property, by the
 * {@code TLSKIT_PROVIDER} environment variable, or else as the available one with the highest {@link #priority()}.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>The constructor never throws and never loads native code; probes happen in {@link #availability()}.</li>
 *   <li>{@link #capabilities()}, {@link #supportedVersions()} and {@link #optionSupport(Option)} tell the truth: tlskit
 *       refuses, with {@link dev.tlskit.UnsupportedFeatureException}, any setting a provider says it cannot honour.</li>
 *   <li>The provider supplies engines; it never calls {@code wrap}/{@code unwrap} itself (the shared engine driver
 *       does), and it never changes global state ({@code Security.insertProviderAt}, {@code jdk.tls.*}).</li>
 * </ul>
 *
 * <h2>Example</h2>
 * <pre>{@code
 * public final class MyProvider implements TlsProvider {
 *     public String name() { return "mine"; }
 *     public int priority() { return 10; }
 *     ...
 * }
 * // then: TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, "mine"), and run tls-tck against it.
 * }</pre>
 */
public interface TlsProvider {

    /** How a provider treats one {@link Option}. */
    enum OptionSupport {
        /** Setting and clearing it both take effect. */
        HONOURED,
        /** The behaviour is always on in this backend: setting it is fine, clearing it is refused. */
        ALWAYS_ON,
        /**
         * An OpenSSL interoperability workaround ({@code OP_ALL}'s bug bits) for a defect this backend does not have;
         * accepted either way, documented in the provider's Javadoc.
         */
        NOT_NEEDED,
        /** Setting it is refused with {@link dev.tlskit.UnsupportedFeatureException}; clearing it is fine. */
        UNSUPPORTED
    }

    /** Short, stable name used for selection, e.g. {@code "jdk"} or {@code "conscrypt"}. */
    String name();

    /** Higher wins in automatic selection. {@code jdk} is 0. */
    int priority();

    /** Whether this provider can be used in this process; never throws. */
    Availability availability();

    /** The seed's {@code HAS_*} facts for this backend. */
    Set<Capability> capabilities();

    /** Library name and version: the seed's {@code OPENSSL_VERSION*}. */
    VersionInfo versionInfo();

    /** The concrete protocol versions this backend can negotiate under the running platform's policy. */
    Set<TlsVersion> supportedVersions();

    /** How this backend treats {@code option}. */
    OptionSupport optionSupport(Option option);

    /**
     * A new {@link SSLContext} of this backend initialised with tlskit's single key manager and trust manager. Called
     * once per context snapshot, not per connection.
     */
    SSLContext newSslContext(KeyManager keyManager, TrustManager trustManager) throws GeneralSecurityException;

    /**
     * The Java names of the cipher suites this backend implements; tlskit restricts every cipher string to them. The
     * default asks a fresh {@link #newSslContext} (with a key manager holding nothing and a trust manager trusting
     * nothing) for {@code getSupportedSSLParameters().getCipherSuites()}; tlskit asks once per provider instance.
     */
    default Set<String> supportedCipherSuites() {
        try {
            SSLContext ctx = newSslContext(new dev.tlskit.internal.IdentityKeyManager(java.util.List.of()),
                    new javax.net.ssl.X509TrustManager() {
                        @Override
                        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String type)
                                throws java.security.cert.CertificateException {
                            throw new java.security.cert.CertificateException("probe only");
                        }

                        @Override
                        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String type)
                                throws java.security.cert.CertificateException {
                            throw new java.security.cert.CertificateException("probe only");
                        }

                        @Override
                        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                            return new java.security.cert.X509Certificate[0];
                        }
                    });
            return Set.of(ctx.getSupportedSSLParameters().getCipherSuites());
        } catch (GeneralSecurityException | RuntimeException e) {
            return Set.of();
        }
    }

    /**
     * Hook: adjust the engine or the parameters about to be applied to it (backend-specific ALPN or SNI calls). The
     * default does nothing because {@link SSLParameters} already carries protocols, ALPN and SNI.
     */
    default void configureEngine(SSLEngine engine, SSLParameters parameters, EngineSettings settings) {
    }

    /**
     * Hook: whether this backend's engines should be given direct {@link java.nio.ByteBuffer}s for ciphertext and
     * decrypted plaintext. A backend that encrypts in native code (BoringSSL) reads and writes direct buffers in place
     * and copies a heap buffer through a direct one of its own on every {@code wrap}/{@code unwrap}; a pure-Java one
     * (SunJSSE) works on heap arrays. tlskit's engine driver then keeps its network and plaintext queues in pooled
     * direct buffers. The default, {@code false}, keeps them on the heap.
     */
    default boolean prefersDirectBuffers() {
        return false;
    }

    /**
     * Hook: frees what {@code engine} holds once its connection is closed and its close_notify (if any) has been taken
     * out of it. tlskit calls it exactly once per engine, from the connection's {@code close()}. A backend whose engine
     * holds native resources until both directions are closed frees them here (Conscrypt: a BoringSSL {@code SSL} and a
     * pipe pair per engine, otherwise kept until the engine is finalised). The default does nothing, which is right for
     * SunJSSE: its {@code closeInbound()} without the peer's close_notify would invalidate the session.
     */
    default void releaseEngine(SSLEngine engine) {
    }

    /**
     * Hook: the object that stands for one connection's engine when a trust or key manager is called back with an
     * engine. JSSE does not promise that this is the object {@link SSLContext#createSSLEngine} returned: a backend may
     * hand its managers an inner engine behind the wrapper it returned (Conscrypt does). Such a backend returns
     * something both objects share; the default is the engine itself. tlskit uses it to find the connection for
     * pyOpenSSL's verify callback.
     */
    default Object engineIdentity(SSLEngine engine) {
        return engine;
    }

    /**
     * Hook for {@link Capability#SHARED_CIPHERS}: on a server engine after the handshake, the Java names of the suites
     * both the client offered and the engine enabled, in the client's order. Only called when the provider declares
     * the capability; the default has nothing to say.
     */
    default java.util.List<String> sharedCipherSuites(SSLEngine engine) {
        return java.util.List.of();
    }

    /**
     * Hook: on a server engine during the handshake (from the key manager's {@code chooseEngineServerAlias}), the SNI
     * host name the client sent, as an A-label. The default reads the handshake session's
     * {@link javax.net.ssl.ExtendedSSLSession#getRequestedServerNames()}.
     */
    default Optional<String> requestedServerName(SSLEngine engine) {
        return dev.tlskit.internal.ServerNameReader.fromSession(engine.getHandshakeSession());
    }

    /**
     * Hook: what tlskit's key manager answers from {@code chooseEngineServerAlias} to make a server engine fail the
     * handshake with {@code handshake_failure} (an SNI callback's refusal). JSSE's contract is no alias
     * ({@code null}), the default; a backend that would go on without a certificate (BoringSSL fails without any
     * alert) throws an unchecked exception here instead, if that is what makes it send the alert.
     */
    default String refuseServerCertificate(SSLEngine engine) {
        return null;
    }

    /**
     * Hook for {@link Capability#CHANNEL_BINDING_TLS_UNIQUE}: on an engine whose TLS 1.2 handshake is complete, the
     * first Finished message (RFC 5929 {@code tls-unique}). Only called when the provider declares the capability.
     */
    default Optional<byte[]> tlsUnique(SSLEngine engine) {
        return Optional.empty();
    }

    /**
     * Hook for {@link Capability#KEYING_MATERIAL_EXPORT}: RFC 5705 / RFC 8446 section 7.5 keying material from an
     * engine whose handshake is complete; {@code context} {@code null} means no context (not an empty one). Only
     * called when the provider declares the capability.
     *
     * @throws SSLException when the backend refuses (e.g. a label it reserves)
     */
    default byte[] exportKeyingMaterial(SSLEngine engine, String label, byte[] context, int length)
            throws SSLException {
        throw new SSLException("keying-material export is not implemented by " + name());
    }

    /** Hook: the negotiated ALPN protocol, or empty. */
    default Optional<String> selectedAlpnProtocol(SSLEngine engine) {
        String p = engine.getApplicationProtocol();
        return p == null || p.isEmpty() ? Optional.empty() : Optional.of(p);
    }

    /**
     * Hook: turn a backend exception into a typed {@link TlsException}. The default understands the JSSE message
     * conventions and tlskit's own verifier; backends with other messages refine it.
     */
    default TlsException translateFailure(SSLException failure, boolean handshaking) {
        return FailureTranslator.translate(failure, handshaking);
    }
}
