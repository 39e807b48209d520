package dev.tlskit;

/**
 * pyOpenSSL {@code Context.set_ocsp_server_callback(callback, data)}: a server returns the DER OCSP response to staple
 * for one connection ({@code b""} / an empty array: staple nothing).
 *
 * <pre>{@code
 * serverCtx.setOcspServerCallback((conn, data) -> Files.readAllBytes(ocspDer), null);
 * }</pre>
 *
 * Needs {@link Capability#OCSP_STAPLING_SERVER}; no current backend has it.
 */
@FunctionalInterface
public interface OcspServerCallback {
    /** The DER OCSPResponse for {@code connection}; {@code data} is the object given at registration. */
    byte[] staple(TlsConnection connection, Object data) throws Exception;
}
