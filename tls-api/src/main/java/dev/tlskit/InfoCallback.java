package dev.tlskit;

/**
 * pyOpenSSL's {@code set_info_callback} callback: {@code callback(connection, where, ret)} with OpenSSL's
 * {@code SSL_CB_*} event bits in {@code where}. No current backend reports these events, so
 * {@link TlsContext#setInfoCallback} and {@link TlsConnection#setInfoCallback} throw
 * {@link UnsupportedFeatureException} (see {@link Capability#INFO_CALLBACK}).
 *
 * <pre>{@code ctx.setInfoCallback((conn, where, ret) -> System.out.println(conn.getStateString()));}</pre>
 */
@FunctionalInterface
public interface InfoCallback {
    /** One state-machine event of {@code connection}. */
    void onInfo(TlsConnection connection, int where, int ret);
}
