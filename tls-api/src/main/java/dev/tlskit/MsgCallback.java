package dev.tlskit;

/**
 * Seed {@code SSLContext._msg_callback}: called for each TLS record header and handshake message read or written,
 * e.g. {@code ("read", TLSv1_2, HANDSHAKE, SERVER_KEY_EXCHANGE)}.
 *
 * <pre>{@code
 * ctx.setMsgCallback((conn, direction, version, type, msg, data) -> log.debug("{} {} {}", direction, type, msg));
 * }</pre>
 *
 * Needs {@link Capability#MSG_CALLBACK}; no current backend has it.
 */
@FunctionalInterface
public interface MsgCallback {
    /** {@code direction} is {@code "read"} or {@code "write"}, as in the seed. */
    void onMessage(TlsConnection connection, String direction, TlsVersion version, TlsContentType contentType,
                   TlsMessageType messageType, byte[] data);
}
