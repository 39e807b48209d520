package dev.tlskit;

/**
 * Seed {@code SSLContext.set_psk_client_callback(callback)}: a client answers the server's identity hint
 * ({@code null} with TLS 1.3) with its identity and key.
 *
 * <pre>{@code
 * clientCtx.setPskClientCallback((conn, hint) -> new PskClientCallback.Psk("client-1", key));
 * }</pre>
 *
 * Needs {@link Capability#HAS_PSK}; no current backend has it.
 */
@FunctionalInterface
public interface PskClientCallback {
    /** The identity ({@code null}: none) and the pre-shared key to use. */
    record Psk(String identity, byte[] key) {
    }

    /** The identity and key for a server that sent {@code identityHint} (may be {@code null}). */
    Psk psk(TlsConnection connection, String identityHint);
}
