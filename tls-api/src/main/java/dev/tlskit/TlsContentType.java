package dev.tlskit;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * TLS record content types as CPython's message callback reports them: the seed's {@code ssl._TLSContentType}.
 * Values equal CPython's: the record-layer {@code ContentType} (RFC 8446 §5.1) plus two OpenSSL pseudo types.
 *
 * <h2>Seed</h2>
 * Python {@code ssl._TLSContentType}. The seed names it with a leading underscore: it is private in CPython (used by the
 * {@code SSLContext._msg_callback} debugging hook), but its members and values are tested there (parity line
 * CONST-04), so they are public here with CPython's exact names and values.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * TlsContentType.fromCode(22)   // Optional[HANDSHAKE]
 * }</pre>
 */
public enum TlsContentType {
    /** Record content type 20 (RFC 8446 §5.1). */
    CHANGE_CIPHER_SPEC(20),
    /** Record content type 21 (RFC 8446 §5.1). */
    ALERT(21),
    /** Record content type 22 (RFC 8446 §5.1). */
    HANDSHAKE(22),
    /** Record content type 23 (RFC 8446 §5.1). */
    APPLICATION_DATA(23),
    /** OpenSSL pseudo type (0x100): the 5-byte record header. */
    HEADER(0x0100),
    /** OpenSSL pseudo type (0x101): the inner content type of a TLS 1.3 record. */
    INNER_CONTENT_TYPE(0x0101);

    private static final Map<Integer, TlsContentType> BY_CODE =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(TlsContentType::code, Function.identity()));

    private final int code;

    TlsContentType(int code) {
        this.code = code;
    }

    /** The seed's numeric value. */
    public int code() {
        return code;
    }

    /** The constant with this numeric value, if any; values a peer sends that are not listed give empty. */
    public static Optional<TlsContentType> fromCode(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }
}
