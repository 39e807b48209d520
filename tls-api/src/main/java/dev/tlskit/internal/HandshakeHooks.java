package dev.tlskit.internal;

import dev.tlskit.TlsConnection;
import dev.tlskit.TlsContext;
import dev.tlskit.TlsException;
import java.lang.ref.WeakReference;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * <b>Not API.</b> What the engine's callbacks (verify, ALPN selection, server name, certificate choice) need to know
 * about the one connection they run for, found through {@link ContextSnapshot#hooks}. An application callback that
 * fails the handshake records its error here, and the {@link EngineDriver} reports that error instead of whatever the
 * engine says afterwards, so the caller sees the callback's exception as the cause (pyOpenSSL re-raises it).
 */
public final class HandshakeHooks {
    /** Weak: the engine registry that maps to this object lives as long as the context snapshot. */
    private final WeakReference<TlsConnection> connection;
    private volatile TlsException callbackFailure;
    private volatile boolean enforce;
    private final TlsContext originalContext;
    private final ServerNameState serverName = new ServerNameState();
    private volatile List<X509Certificate> verifiedChain = List.of();
    private volatile List<X500Principal> peerCaNames = List.of();
    private volatile OcspClientState ocsp = new OcspClientState(null, null);

    public HandshakeHooks(TlsConnection connection, TlsContext originalContext) {
        this.connection = new WeakReference<>(connection);
        this.originalContext = originalContext;
    }

    /** The context the connection was made from (the SNI callback's third argument). */
    public TlsContext originalContext() {
        return originalContext;
    }

    /** The connection, or {@code null} once it has been collected. */
    public TlsConnection connection() {
        return connection.get();
    }

    /**
     * Records the first callback failure; the driver reports it when the handshake fails.
     *
     * @param enforce {@code true} when the engine will go on regardless (it could not be told to fail), so the driver
     *                must abort the handshake itself; {@code false} when the engine fails on its own, sending its alert
     */
    public void callbackFailed(TlsException error, boolean enforce) {
        if (callbackFailure == null) {
            callbackFailure = error;
            this.enforce = enforce;
        }
    }

    /** A recorded failure the engine will not act on, which the driver must enforce; else {@code null}. */
    public TlsException failureToEnforce() {
        return enforce ? callbackFailure : null;
    }

    /** The failure an application callback recorded, or {@code null}. */
    public TlsException callbackFailure() {
        return callbackFailure;
    }

    /** Records the chain the verifier built for the peer (leaf first); pyOpenSSL's {@code get_verified_chain}. */
    public void verifiedChain(List<X509Certificate> chain) {
        verifiedChain = List.copyOf(chain);
    }

    /** The chain the verifier built, empty when the peer was not verified. */
    public List<X509Certificate> verifiedChain() {
        return verifiedChain;
    }

    /** Records the CA names a server sent with its certificate request (client side). */
    public void peerCaNames(List<X500Principal> names) {
        peerCaNames = List.copyOf(names);
    }

    /** The CA names the server sent, empty when it sent none or asked for no certificate. */
    public List<X500Principal> peerCaNames() {
        return peerCaNames;
    }

    /** The server-name (SNI) callback's progress on this connection. */
    public ServerNameState serverName() {
        return serverName;
    }

    /** The OCSP stapling state of this (client) connection. */
    public OcspClientState ocsp() {
        return ocsp;
    }

    /** Sets the OCSP client callback the context had when the connection started. */
    public void ocsp(OcspClientState state) {
        ocsp = state;
    }
}
