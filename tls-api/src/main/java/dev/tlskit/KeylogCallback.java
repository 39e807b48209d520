package dev.tlskit;

/**
 * pyOpenSSL's {@code set_keylog_callback} callback: {@code callback(connection, line)} with one NSS key-log line
 * (e.g. {@code CLIENT_RANDOM ...}). No current backend reports TLS secrets, so {@link TlsContext#setKeylogCallback}
 * throws {@link UnsupportedFeatureException} (see {@link Capability#KEYLOG}).
 *
 * <pre>{@code ctx.setKeylogCallback((conn, line) -> log.write(line));}</pre>
 */
@FunctionalInterface
public interface KeylogCallback {
    /** One key-log line, without its newline. */
    void onKeylog(TlsConnection connection, byte[] line);
}
