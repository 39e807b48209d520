package dev.tlskit.pki;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The one certificate verifier every tlskit backend installs: OpenSSL's chain verification as the seeds expose it,
 * on the JDK's PKIX machinery.
 *
 * <h2>What it checks</h2>
 * Chain building from the peer's certificates and the {@link TrustSnapshot} (trusted issuers first), CA flags,
 * purpose (a server's chain needs the serverAuth EKU when EKU is present, a client's clientAuth), path length, the
 * host name or IP address ({@link HostnameMatcher}) when {@link TrustConfig#checkHostname()} and the engine knows the
 * peer host, CRLs when the CRL flags are set, signatures and validity dates, then the JDK's
 * {@code CertPathValidator("PKIX")} for name constraints, critical extensions and policies.
 *
 * <h2>Failures</h2>
 * A {@link VerificationFailure} with OpenSSL's code and text: 2, 18, 19, 20, 21 (trust), 79 invalid CA,
 * 26 purpose, 25 path length, 62 host name, 64 IP address, 3/23 CRL, 7 signature, 9/10 dates. A
 * {@link ChainCallback} sees every problem first and may override it.
 *
 * <h2>Security</h2>
 * With {@code verifyPeer == false} any chain is accepted and the callback is not called (the seed's
 * {@code CERT_NONE}). The plain overloads (no engine or socket) check no host name; a client engine or socket without a
 * peer host fails with code 62 while host names are checked.
 *
 * <pre>{@code
 * TlsTrustManager tm = new TlsTrustManager(TrustConfig.builder(store.snapshot()).build());
 * sslContext.init(keyManagers, new TrustManager[] {tm}, null);
 * }</pre>
 */
public final class TlsTrustManager extends X509ExtendedTrustManager {
    private final TrustConfig config;
    private final ClientCaList clientCas;
    private final BiConsumer<SSLEngine, List<X509Certificate>> onVerified;
    private final ServerCheck afterServer;

    /** A check run on the client after the server's certificate has been checked (or not, with CERT_NONE). */
    @FunctionalInterface
    public interface ServerCheck {
        /** Fails the handshake by throwing. */
        void check(SSLEngine engine) throws CertificateException;
    }

    /** A verifier whose {@link #getAcceptedIssuers()} are the trusted CAs (the usual {@code X509TrustManager} answer). */
    public TlsTrustManager(TrustConfig config) {
        this(config, null, null);
    }

    /**
     * A verifier for a TLS server or client engine.
     *
     * @param clientCas  the CA names a server sends in its certificate request ({@link #getAcceptedIssuers()}),
     *                   {@code null} for the trusted CAs; {@link ClientCaList#empty()} sends none, as OpenSSL does
     * @param onVerified told the chain the verifier built (leaf first, pyOpenSSL's {@code get_verified_chain}) each
     *                   time a chain is accepted, with the engine it was verified for; or {@code null}
     */
    public TlsTrustManager(TrustConfig config, ClientCaList clientCas,
                           BiConsumer<SSLEngine, List<X509Certificate>> onVerified) {
        this(config, clientCas, onVerified, null);
    }

    /** As above, with {@code afterServer} run on an engine's server chain once it passed (e.g. OCSP stapling). */
    public TlsTrustManager(TrustConfig config, ClientCaList clientCas,
                           BiConsumer<SSLEngine, List<X509Certificate>> onVerified, ServerCheck afterServer) {
        this.config = Objects.requireNonNull(config, "config");
        this.clientCas = clientCas;
        this.onVerified = onVerified;
        this.afterServer = afterServer;
    }

    public TrustConfig config() {
        return config;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        String host = engine == null ? null : engine.getPeerHost();
        if (engine != null) {
            requireHost(host, "engine");
        }
        verify(chain, ChainVerifier.Peer.SERVER, engine, host);
        if (afterServer != null && engine != null) {
            afterServer.check(engine);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        String host = peerHost(socket);
        if (socket != null) {
            requireHost(host, "socket");
        }
        verify(chain, ChainVerifier.Peer.SERVER, null, host);
    }

    /**
     * A client engine or socket that checks host names but has no peer host would skip the check silently (the seed
     * refuses such a connection: "check_hostname requires server_hostname"); it fails with verify code 62 instead.
     * Happens only when a library creates engines without a host ({@code SSLContext.createSSLEngine()}) from a tlskit
     * bridge or with this trust manager.
     */
    private void requireHost(String host, String what) throws VerificationFailure {
        if (config.verifyPeer() && config.checkHostname() && (host == null || host.isEmpty())) {
            throw new VerificationFailure(VerifyCodes.HOSTNAME_MISMATCH, "Hostname mismatch, the client " + what
                    + " has no peer host to check the certificate against (check_hostname requires server_hostname: "
                    + "create the engine or socket with the server's host name)", 0, null, null);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain, ChainVerifier.Peer.SERVER, null, null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        verify(chain, ChainVerifier.Peer.CLIENT, engine, null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        verify(chain, ChainVerifier.Peer.CLIENT, null, null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain, ChainVerifier.Peer.CLIENT, null, null);
    }

    /**
     * What a server names in its CertificateRequest (TLS 1.2) or {@code certificate_authorities} extension (TLS 1.3):
     * the client CA list given to the constructor, else the trusted certificates that are CAs.
     */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        if (clientCas != null) {
            return clientCas.asAcceptedIssuers();
        }
        return config.trust().certificates().stream().filter(X509Checks::isCa).toArray(X509Certificate[]::new);
    }

    /**
     * Verifies a server chain against an explicit host (DNS name or IP literal; {@code null} for none), outside any
     * handshake.
     */
    public void verifyServer(X509Certificate[] chain, String host) throws VerificationFailure {
        try {
            verify(chain, ChainVerifier.Peer.SERVER, null, host);
        } catch (VerificationFailure f) {
            throw f;
        } catch (CertificateException e) {
            throw VerificationFailure.of(VerifyCodes.UNSPECIFIED, 0, null, e);
        }
    }

    private void verify(X509Certificate[] chain, ChainVerifier.Peer peer, SSLEngine engine, String host)
            throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new IllegalArgumentException("the peer's certificate chain is null or empty");
        }
        if (!config.verifyPeer()) {
            return;
        }
        String checked = config.checkHostname() && host != null && !host.isEmpty() ? host : null;
        ChainVerifier verifier = new ChainVerifier(config, engine);
        verifier.verify(chain, peer, checked);
        if (onVerified != null) {
            onVerified.accept(engine, verifier.chain());
        }
    }

    private static String peerHost(Socket socket) {
        if (socket instanceof SSLSocket s) {
            SSLSession session = s.getHandshakeSession();
            return session == null ? null : session.getPeerHost();
        }
        return null;
    }
}
