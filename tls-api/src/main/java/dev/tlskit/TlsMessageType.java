package dev.tlskit;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * TLS handshake message types as CPython's message callback reports them: the seed's {@code ssl._TLSMessageType}.
 * Values equal CPython's: the {@code HandshakeType} registry (RFC 8446 §4) plus OpenSSL's pseudo type for
 * change_cipher_spec.
 *
 * <h2>Seed</h2>
 * Python {@code ssl._TLSMessageType}. The seed names it with a leading underscore: it is private in CPython (used by the
 * {@code SSLContext._msg_callback} debugging hook), but its members and values are tested there (parity line
 * CONST-04), so they are public here with CPython's exact names and values.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * TlsMessageType.fromCode(1)   // Optional[CLIENT_HELLO]
 * }</pre>
 */
public enum TlsMessageType {
    /** Handshake message {@code hello_request} (0). */
    HELLO_REQUEST(0),
    /** Handshake message {@code client_hello} (1). */
    CLIENT_HELLO(1),
    /** Handshake message {@code server_hello} (2). */
    SERVER_HELLO(2),
    /** Handshake message {@code hello_verify_request} (3). */
    HELLO_VERIFY_REQUEST(3),
    /** Handshake message {@code newsession_ticket} (4). */
    NEWSESSION_TICKET(4),
    /** Handshake message {@code end_of_early_data} (5). */
    END_OF_EARLY_DATA(5),
    /** Handshake message {@code hello_retry_request} (6). */
    HELLO_RETRY_REQUEST(6),
    /** Handshake message {@code encrypted_extensions} (8). */
    ENCRYPTED_EXTENSIONS(8),
    /** Handshake message {@code certificate} (11). */
    CERTIFICATE(11),
    /** Handshake message {@code server_key_exchange} (12). */
    SERVER_KEY_EXCHANGE(12),
    /** Handshake message {@code certificate_request} (13). */
    CERTIFICATE_REQUEST(13),
    /** Handshake message {@code server_done} (14). */
    SERVER_DONE(14),
    /** Handshake message {@code certificate_verify} (15). */
    CERTIFICATE_VERIFY(15),
    /** Handshake message {@code client_key_exchange} (16). */
    CLIENT_KEY_EXCHANGE(16),
    /** Handshake message {@code finished} (20). */
    FINISHED(20),
    /** Handshake message {@code certificate_url} (21). */
    CERTIFICATE_URL(21),
    /** Handshake message {@code certificate_status} (22). */
    CERTIFICATE_STATUS(22),
    /** Handshake message {@code supplemental_data} (23). */
    SUPPLEMENTAL_DATA(23),
    /** Handshake message {@code key_update} (24). */
    KEY_UPDATE(24),
    /** NPN's next_protocol message (67), never sent by this library (no NPN). */
    NEXT_PROTO(67),
    /** The synthetic message_hash (254) of a TLS 1.3 HelloRetryRequest transcript. */
    MESSAGE_HASH(254),
    /** OpenSSL pseudo type (0x0101): a change_cipher_spec record, not a handshake message. */
    CHANGE_CIPHER_SPEC(0x0101);

    private static final Map<Integer, TlsMessageType> BY_CODE =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(TlsMessageType::code, Function.identity()));

    private final int code;

    TlsMessageType(int code) {
        this.code = code;
    }

    /** The seed's numeric value. */
    public int code() {
        return code;
    }

    /** The constant with this numeric value, if any; values a peer sends that are not listed give empty. */
    public static Optional<TlsMessageType> fromCode(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }
}
