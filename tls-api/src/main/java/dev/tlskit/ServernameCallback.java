package dev.tlskit;

/**
 * pyOpenSSL's {@code Context.set_tlsext_servername_callback(callback)}: called with the server connection when a
 * ClientHello arrives; {@link TlsConnection#getServername()} tells the requested name and
 * {@link TlsConnection#setContext} switches the certificate. It is {@link SniCallback} without a result: an exception
 * fails the handshake with {@code handshake_failure}.
 *
 * <pre>{@code
 * ctx.setTlsextServernameCallback(conn -> {
 *     if (conn.getServername().orElse("").equals("b.example")) conn.setContext(contextForB);
 * });
 * }</pre>
 */
@FunctionalInterface
public interface ServernameCallback {
    void onServername(TlsConnection connection) throws Exception;
}
