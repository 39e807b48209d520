package dev.tlskit.jsse;

import dev.tlskit.Capability;
import dev.tlskit.Method;
import dev.tlskit.Protocol;
import dev.tlskit.TlsContext;
import dev.tlskit.TlsException;
import dev.tlskit.UnsupportedFeatureException;
import dev.tlskit.internal.ContextSnapshot;
import dev.tlskit.internal.HandshakeHooks;
import dev.tlskit.internal.Hostnames;
import java.io.UncheckedIOException;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One {@link TlsContext}, at one moment, as the standard JSSE types: what {@link TlsContext#toSslContext()},
 * {@link TlsContext#toSslSocketFactory()}, {@link TlsContext#toSslServerSocketFactory()},
 * {@link TlsContext#newSslEngine(String, int)}, {@link TlsContext#trustManager()} and {@link TlsContext#keyManager()}
 * return. See the {@link dev.tlskit.jsse package documentation} for what the bridges carry and what they cannot.
 *
 * <pre>{@code
 * TlsContext ctx = Tls.createDefaultContext(Purpose.SERVER_AUTH);
 * OkHttpClient client = new OkHttpClient.Builder()
 *         .sslSocketFactory(ctx.toSslSocketFactory(), ctx.trustManager())
 *         .build();
 * }</pre>
 *
 * <p>Every engine and socket made here is configured from the context's snapshot by the same code that configures
 * tlskit's own connections, so versions, cipher suites, ALPN, SNI, client-certificate requests, session settings and
 * the one tlskit trust manager (with the seed's host-name rules and verify codes) are the same on every backend.
 */
public final class JsseBridge {
    private final TlsContext context;
    private final ContextSnapshot snapshot;
    private final boolean allowsClient;
    private final boolean allowsServer;

    private JsseBridge(TlsContext context, ContextSnapshot snapshot) {
        this.context = context;
        this.snapshot = snapshot;
        Protocol protocol = context.protocol().orElse(null);
        Method method = context.method().orElse(null);
        this.allowsClient = protocol != null ? !protocol.isServerOnly() : method != Method.TLS_SERVER_METHOD;
        this.allowsServer = protocol != null ? !protocol.isClientOnly() : method != Method.TLS_CLIENT_METHOD;
    }

    /**
     * <b>Not API</b>: called by {@link TlsContext}'s bridge methods with the context's current snapshot.
     *
     * @throws UnsupportedFeatureException for a setting no JSSE object made from this context could honour
     */
    public static JsseBridge create(TlsContext context, ContextSnapshot snapshot) throws TlsException {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(snapshot, "snapshot");
        String provider = snapshot.provider().name();
        if (snapshot.handshake().alpnSelect() != null
                && !snapshot.provider().capabilities().contains(Capability.ALPN_SELECT_ALERT)) {
            // tlskit's own connections enforce a refusal in the engine driver; a library's engine loop cannot
            throw new UnsupportedFeatureException("the ALPN select callback on a JSSE bridge", provider,
                    "this backend cannot fail the handshake when the callback refuses (no ALPN_SELECT_ALERT), and a "
                    + "library driving the engine would go on without ALPN; use setAlpnProtocols, or tlskit's own "
                    + "connections");
        }
        snapshot.providerContext(); // fail now, with the provider's reason, rather than inside a library
        return new JsseBridge(context, snapshot);
    }

    /** The snapshot's settings as an {@link SSLContext}; see {@link TlsContext#toSslContext()}. */
    public SSLContext sslContext() throws TlsException {
        SSLContext delegate = snapshot.providerContext();
        return new BridgeSslContext(new BridgeSslContext.Spi(this, delegate), delegate.getProvider());
    }

    /** See {@link TlsContext#toSslSocketFactory()}. */
    public SSLSocketFactory socketFactory() throws TlsException {
        return new BridgeSocketFactory(this, snapshot.providerContext().getSocketFactory());
    }

    /** See {@link TlsContext#toSslServerSocketFactory()}. */
    public SSLServerSocketFactory serverSocketFactory() throws TlsException {
        String provider = snapshot.provider().name();
        if (snapshot.handshake().sni() != null) {
            throw new UnsupportedFeatureException("the SNI callback on an SSLServerSocketFactory", provider,
                    "a server socket hands the same settings to every accepted socket, so the callback could not run "
                    + "once per connection; use toSslContext().createSSLEngine() (Netty, Ktor) or wrapSocket");
        }
        if (snapshot.handshake().alpnSelect() != null) {
            throw new UnsupportedFeatureException("the ALPN select callback on an SSLServerSocketFactory", provider,
                    "SSLServerSocket has no application-protocol selector; use toSslContext().createSSLEngine()");
        }
        return new BridgeServerSocketFactory(this, snapshot.providerContext().getSocketFactory());
    }

    /** See {@link TlsContext#trustManager()}. */
    public X509ExtendedTrustManager trustManager() throws TlsException {
        return snapshot.trustManager();
    }

    /** See {@link TlsContext#keyManager()}. */
    public X509ExtendedKeyManager keyManager() throws TlsException {
        return snapshot.keyManager();
    }

    /**
     * A configured engine: client mode when the context can be a client and {@code peerHost} is given (or the context
     * is client-only), server mode otherwise — what {@code SSLContext.createSSLEngine} callers expect.
     */
    public SSLEngine newEngine(String peerHost, int peerPort) throws TlsException {
        boolean serverSide = peerHost == null ? allowsServer : !allowsClient;
        if (serverSide) {
            return snapshot.newEngine(true, null, hooks(), 0);
        }
        String host = Hostnames.normalize(peerHost);
        return snapshot.newEngine(false, host, hooks(), peerPort > 0 ? peerPort : snapshot.newCacheKey());
    }

    /** {@link #newEngine} for the {@link SSLContext} SPI, which cannot throw checked exceptions. */
    SSLEngine engineUnchecked(String peerHost, int peerPort) {
        try {
            return newEngine(peerHost, peerPort);
        } catch (TlsException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * The parameters a socket gets: those of an engine configured for the same side and peer, so sockets and engines
     * share one configuration path. The template engine is discarded.
     */
    SSLParameters socketParameters(boolean serverSide, String peerHost, int peerPort) throws TlsException {
        SSLEngine template = serverSide ? snapshot.newEngine(true, null, hooks(), 0)
                : snapshot.newEngine(false, Hostnames.normalize(peerHost), hooks(),
                peerPort > 0 ? peerPort : snapshot.newCacheKey());
        return template.getSSLParameters();
    }

    boolean clientByDefault() {
        return allowsClient;
    }

    private HandshakeHooks hooks() {
        // no TlsConnection: the library owns the engine; callbacks see a null connection (package documentation)
        return new HandshakeHooks(null, context);
    }

    @Override
    public String toString() {
        return "JsseBridge[" + context + "]";
    }
}
