package dev.tlskit;

/**
 * pyOpenSSL {@code Context.set_ocsp_client_callback(callback, data)}: a client that called
 * {@link TlsConnection#requestOcsp()} sees the stapled response (empty when the server stapled none) and returns
 * whether the handshake may go on.
 *
 * <pre>{@code
 * clientCtx.setOcspClientCallback((conn, staple, data) -> staple.length > 0, null);
 * }</pre>
 *
 * Needs {@link Capability#OCSP_STAPLING_CLIENT}; no current backend has it.
 */
@FunctionalInterface
public interface OcspClientCallback {
    /** {@code false} fails the handshake; {@code data} is the object given at registration. */
    boolean verify(TlsConnection connection, byte[] staple, Object data) throws Exception;
}
