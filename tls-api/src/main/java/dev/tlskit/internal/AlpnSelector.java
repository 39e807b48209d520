package dev.tlskit.internal;

import dev.tlskit.AlertDescription;
import dev.tlskit.AlpnSelectCallback;
import dev.tlskit.AlpnSelection;
import dev.tlskit.Capability;
import dev.tlskit.TlsAlertException;
import dev.tlskit.TlsConnection;
import dev.tlskit.spi.TlsProvider;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.net.ssl.SSLEngine;

/**
 * The server's ALPN choice as a JSSE handshake application-protocol selector (which Conscrypt honours too): either
 * OpenSSL's rule (the server's first protocol the client also offers; no overlap continues without ALPN, as CPython
 * does) or the application's {@link AlpnSelectCallback}. A JSSE selector returns {@code ""} for "no ALPN" and
 * {@code null} for "fail with {@code no_application_protocol}"; a backend without
 * {@link Capability#ALPN_SELECT_ALERT} treats {@code null} like {@code ""}, so there the refusal is recorded in the
 * connection's {@link HandshakeHooks} and the driver aborts the handshake itself.
 */
final class AlpnSelector implements BiFunction<SSLEngine, List<String>, String> {
    private static final int NO_APPLICATION_PROTOCOL = AlertDescription.ALERT_DESCRIPTION_NO_APPLICATION_PROTOCOL.code();

    private final List<String> serverProtocols;
    private final AlpnSelectCallback callback;
    private final TlsProvider provider;
    private final Function<SSLEngine, HandshakeHooks> hooks;

    AlpnSelector(List<String> serverProtocols, AlpnSelectCallback callback, TlsProvider provider,
                 Function<SSLEngine, HandshakeHooks> hooks) {
        this.serverProtocols = List.copyOf(serverProtocols);
        this.callback = callback;
        this.provider = provider;
        this.hooks = hooks;
    }

    @Override
    public String apply(SSLEngine engine, List<String> offered) {
        if (callback == null) {
            for (String mine : serverProtocols) {
                if (offered.contains(mine)) {
                    return mine;
                }
            }
            return "";
        }
        HandshakeHooks h = hooks.apply(engine);
        TlsConnection conn = h == null ? null : h.connection();
        AlpnSelection choice;
        Exception error = null;
        try {
            choice = callback.select(conn, List.copyOf(offered));
        } catch (Exception e) {
            choice = null;
            error = e;
        }
        if (choice == AlpnSelection.NO_OVERLAPPING_PROTOCOLS) {
            return "";
        }
        String why;
        if (choice != null && choice.protocol().isPresent()) {
            String p = choice.protocol().get();
            if (offered.contains(p)) {
                return p;
            }
            why = "the ALPN select callback chose '" + p + "', which the client did not offer " + offered
                    + " (RFC 7301 section 3.2); return one of them or NO_OVERLAPPING_PROTOCOLS";
        } else if (choice != null) {
            why = "the ALPN select callback refused every protocol the client offered " + offered;
        } else if (error != null) {
            why = "the ALPN select callback failed: " + error;
        } else {
            why = "the ALPN select callback returned null; return an AlpnSelection";
        }
        TlsAlertException failure = new TlsAlertException(NO_APPLICATION_PROTOCOL, false, "NO_APPLICATION_PROTOCOL",
                "[SSL: NO_APPLICATION_PROTOCOL] no application protocol: " + why, error);
        boolean engineRefuses = provider.capabilities().contains(Capability.ALPN_SELECT_ALERT);
        if (h != null) {
            h.callbackFailed(failure, !engineRefuses);
        }
        return engineRefuses ? null : "";
    }
}
