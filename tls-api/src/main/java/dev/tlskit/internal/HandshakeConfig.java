package dev.tlskit.internal;

import dev.tlskit.AlpnSelectCallback;
import dev.tlskit.SniCallback;
import dev.tlskit.pki.ClientCaList;
import java.util.Objects;

/**
 * <b>Not API.</b> The handshake callbacks of a context at one moment, carried into its {@link ContextSnapshot} as one
 * value (the place for further handshake settings, so the snapshot's constructor does not grow).
 *
 * @param alpnSelect the server's ALPN select callback, or {@code null} for OpenSSL's rule
 * @param sni        the server's SNI callback, or {@code null}
 * @param clientCas  the CA names a server sends when it asks for a client certificate (empty: none, as OpenSSL)
 * @param verifyDepth pyOpenSSL's verify depth, negative for OpenSSL's default
 * @param sessionTimeout the session lifetime in seconds (pyOpenSSL {@code set_timeout})
 */
public record HandshakeConfig(AlpnSelectCallback alpnSelect, SniCallback sni, ClientCaList clientCas,
                              int verifyDepth, long sessionTimeout) {
    public HandshakeConfig {
        Objects.requireNonNull(clientCas, "clientCas");
    }

    /** The callbacks with no client CA names, the default verify depth and OpenSSL's default session timeout. */
    public HandshakeConfig(AlpnSelectCallback alpnSelect, SniCallback sni) {
        this(alpnSelect, sni, ClientCaList.empty(), -1, SessionSettings.DEFAULT_TIMEOUT);
    }
}
