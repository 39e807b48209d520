package dev.tlskit.internal;

import dev.tlskit.AlpnSelectCallback;
import dev.tlskit.SniCallback;

/**
 * <b>Not API.</b> The handshake callbacks of a context at one moment, carried into its {@link ContextSnapshot} as one
 * value (the place for further handshake settings, so the snapshot's constructor does not grow).
 *
 * @param alpnSelect the server's ALPN select callback, or {@code null} for OpenSSL's rule
 * @param sni        the server's SNI callback, or {@code null}
 * @param sessionTimeout the session lifetime in seconds (pyOpenSSL {@code set_timeout})
 */
public record HandshakeConfig(AlpnSelectCallback alpnSelect, SniCallback sni, long sessionTimeout) {
    /** Callbacks with OpenSSL's default session timeout. */
    public HandshakeConfig(AlpnSelectCallback alpnSelect, SniCallback sni) {
        this(alpnSelect, sni, SessionSettings.DEFAULT_TIMEOUT);
    }
}
