package dev.tlskit;

/**
 * Seed {@code SSLContext.set_psk_server_callback(callback, identity_hint)}: a server returns the key for the identity
 * the client sent (an empty array refuses it).
 *
 * <pre>{@code
 * serverCtx.setPskServerCallback((conn, identity) -> keys.getOrDefault(identity, new byte[0]), "hint");
 * }</pre>
 *
 * Needs {@link Capability#HAS_PSK}; no current backend has it.
 */
@FunctionalInterface
public interface PskServerCallback {
    /** The pre-shared key for {@code identity}. */
    byte[] psk(TlsConnection connection, String identity);
}
