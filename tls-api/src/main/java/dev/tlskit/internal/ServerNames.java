package dev.tlskit.internal;

import dev.tlskit.AlertDescription;
import dev.tlskit.Capability;
import dev.tlskit.SniCallback;
import dev.tlskit.TlsAlertException;
import dev.tlskit.TlsConnection;
import dev.tlskit.TlsContext;
import dev.tlskit.pki.Identity;
import dev.tlskit.spi.TlsProvider;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.StandardConstants;

/**
 * The server-name step of one context snapshot: runs the application's {@link SniCallback} once per handshake, at the
 * first of the two places a JSSE-style engine consults the application after the ClientHello, and turns its answer into
 * what the engine can act on.
 * <ol>
 *   <li>An {@link SNIMatcher} (only when the client sent SNI): returning {@code false} makes the engine send
 *       {@code unrecognized_name}.</li>
 *   <li>The key manager's {@code chooseEngineServerAlias} (every full handshake, SNI or not): the certificate of the
 *       context the callback switched to, or for any alert {@link TlsProvider#refuseServerCertificate}, which makes the
 *       engine send {@code handshake_failure}.</li>
 * </ol>
 * Which alert the peer then really receives is the provider's business; {@link Capability#SNI_CALLBACK_ALERTS} says
 * whether it is exactly the one asked for.
 */
final class ServerNames {
    private final SniCallback callback;
    private final TlsProvider provider;
    private final Function<SSLEngine, HandshakeHooks> hooks;

    ServerNames(SniCallback callback, TlsProvider provider, Function<SSLEngine, HandshakeHooks> hooks) {
        this.callback = callback;
        this.provider = provider;
        this.hooks = hooks;
    }

    boolean hasCallback() {
        return callback != null;
    }

    /** A matcher for one server engine: accepts every name unless the callback asked for {@code unrecognized_name}. */
    SNIMatcher matcher(HandshakeHooks h) {
        return new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
            @Override
            public boolean matches(SNIServerName name) {
                String host = name instanceof SNIHostName sni ? sni.getAsciiName()
                        : new SNIHostName(name.getEncoded()).getAsciiName();
                decide(h, host);
                // any refusal: the engine's unrecognized_name comes before any key is in use, so the driver can
                // put the alert asked for in its place (a later refusal may already be encrypted at TLS 1.3)
                return h.serverName().alert() == null;
            }
        };
    }

    /**
     * The identities to offer on {@code engine}: the switched context's, or {@code own}; {@code null} to refuse with
     * {@code handshake_failure}.
     *
     * @throws IllegalStateException to abort the handshake for any other alert
     */
    List<Identity> identitiesFor(SSLEngine engine, List<Identity> own) {
        HandshakeHooks h = engine == null ? null : hooks.apply(engine);
        if (h == null) {
            return own;
        }
        decide(h, provider.requestedServerName(engine).orElse(null));
        AlertDescription alert = h.serverName().alert();
        return alert == null ? h.serverName().chosen(own) : null;
    }

    /** What the key manager answers to fail the handshake with {@code handshake_failure} (may throw). */
    String refuse(SSLEngine engine) {
        return provider.refuseServerCertificate(engine);
    }

    private void decide(HandshakeHooks h, String name) {
        ServerNameState state = h.serverName();
        state.requested(name);
        if (callback == null || !state.decide()) {
            return;
        }
        TlsConnection conn = h.connection();
        AlertDescription alert;
        Exception error = null;
        try {
            alert = callback.onServerName(conn, name, h.originalContext());
        } catch (Exception e) {
            alert = AlertDescription.ALERT_DESCRIPTION_HANDSHAKE_FAILURE;
            error = e;
        }
        if (alert == null) {
            return;
        }
        // a refusal travels through the SNI matcher (unrecognized_name) when the client sent SNI, else through the key
        // manager (handshake_failure); the driver rewrites the plain-text alert to the one asked for
        boolean viaMatcher = name != null;
        state.alert(viaMatcher ? AlertDescription.ALERT_DESCRIPTION_UNRECOGNIZED_NAME
                : AlertDescription.ALERT_DESCRIPTION_HANDSHAKE_FAILURE);
        state.wireAlert(alert);
        AlertDescription sent = alert;
        String what = error != null ? "the SNI callback failed for server name '" + name + "': " + error
                : "the SNI callback refused server name '" + name + "' with " + alert.ianaName();
        if (!provider.capabilities().contains(Capability.SNI_CALLBACK_ALERTS)) {
            what += "; the '" + provider.name() + "' provider chooses which alert the client receives";
        }
        h.callbackFailed(new TlsAlertException(sent.code(), false, sent.openSslReason(),
                "[SSL: " + sent.openSslReason() + "] " + what, error), false);
    }
}
