package dev.tlskit;

/**
 * A server's reaction to the host name a client asks for: the seed's {@code SSLContext.sni_callback}, installed with
 * {@link TlsContext#setSniCallback}. pyOpenSSL's {@code set_tlsext_servername_callback(callback(connection))} is the
 * same hook with a one-argument callback ({@link TlsContext#setTlsextServernameCallback}).
 *
 * <h2>Example: a certificate per name</h2>
 * <pre>{@code
 * TlsContext fallback = ..., apiContext = ...;          // server contexts with their own certificates
 * fallback.setSniCallback((conn, serverName, ctx) -> {
 *     if ("api.example.org".equals(serverName)) conn.setContext(apiContext);   // seed: ssl_object.context = other
 *     else if (serverName != null && !serverName.endsWith(".example.org"))
 *         return AlertDescription.ALERT_DESCRIPTION_UNRECOGNIZED_NAME;           // the client receives this alert
 *     return null;                                                               // seed: return None
 * });
 * }</pre>
 *
 * <h2>When and what</h2>
 * Called once per handshake on the server, after the ClientHello, before the certificate is chosen; {@code serverName}
 * is the SNI host name as an A-label, or {@code null} when the client sent none. Switching the connection to another
 * context ({@link TlsConnection#setContext}) takes that context's certificates and keys, as OpenSSL's
 * {@code SSL_set_SSL_CTX} does; verification, ALPN and the other settings stay those of the original context. A
 * resumed session keeps the certificate of the handshake that made it (the backend may not ask again).
 *
 * <h2>Alerts</h2>
 * Return {@code null} to go on, or an {@link AlertDescription} to fail the handshake with that fatal alert. An exception
 * fails it with {@code handshake_failure}, as in the seed. The local side gets a {@link TlsAlertException} for the
 * alert (with the exception as its cause). The client receives exactly the alert returned where the provider has
 * {@link Capability#SNI_CALLBACK_ALERTS} (both tlskit backends: the engine refuses with {@code handshake_failure} or
 * {@code unrecognized_name} and tlskit puts the requested alert on the wire); elsewhere it may receive
 * {@code handshake_failure} instead.
 */
@FunctionalInterface
public interface SniCallback {
    /**
     * @param connection the server connection being negotiated
     * @param serverName the requested host name (A-label), or {@code null} without SNI
     * @param context    the context the connection was made from
     * @return {@code null} to continue, or the fatal alert to send
     */
    AlertDescription onServerName(TlsConnection connection, String serverName, TlsContext context) throws Exception;
}
