package dev.tlskit;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * TLS alert descriptions as CPython's message callback reports them: the seed's {@code ssl._TLSAlertType}. Values
 * equal CPython's (the IANA TLS Alerts registry, RFC 8446 §6). For errors and logs prefer {@link AlertDescription},
 * which has the public {@code ALERT_DESCRIPTION_*} names; this enum exists for parity with the seed's message
 * callback.
 *
 * <h2>Seed</h2>
 * Python {@code ssl._TLSAlertType}. The seed names it with a leading underscore: it is private in CPython (used by the
 * {@code SSLContext._msg_callback} debugging hook), but its members and values are tested there (parity line
 * CONST-04), so they are public here with CPython's exact names and values.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * TlsAlertType.fromCode(116)   // Optional[CERTIFICATE_REQUIRED]
 * }</pre>
 */
public enum TlsAlertType {
    /** Alert {@code close_notify} (0). */
    CLOSE_NOTIFY(0),
    /** Alert {@code unexpected_message} (10). */
    UNEXPECTED_MESSAGE(10),
    /** Alert {@code bad_record_mac} (20). */
    BAD_RECORD_MAC(20),
    /** Alert {@code decryption_failed} (21). */
    DECRYPTION_FAILED(21),
    /** Alert {@code record_overflow} (22). */
    RECORD_OVERFLOW(22),
    /** Alert {@code decompression_failure} (30). */
    DECOMPRESSION_FAILURE(30),
    /** Alert {@code handshake_failure} (40). */
    HANDSHAKE_FAILURE(40),
    /** Alert {@code no_certificate} (41). */
    NO_CERTIFICATE(41),
    /** Alert {@code bad_certificate} (42). */
    BAD_CERTIFICATE(42),
    /** Alert {@code unsupported_certificate} (43). */
    UNSUPPORTED_CERTIFICATE(43),
    /** Alert {@code certificate_revoked} (44). */
    CERTIFICATE_REVOKED(44),
    /** Alert {@code certificate_expired} (45). */
    CERTIFICATE_EXPIRED(45),
    /** Alert {@code certificate_unknown} (46). */
    CERTIFICATE_UNKNOWN(46),
    /** Alert {@code illegal_parameter} (47). */
    ILLEGAL_PARAMETER(47),
    /** Alert {@code unknown_ca} (48). */
    UNKNOWN_CA(48),
    /** Alert {@code access_denied} (49). */
    ACCESS_DENIED(49),
    /** Alert {@code decode_error} (50). */
    DECODE_ERROR(50),
    /** Alert {@code decrypt_error} (51). */
    DECRYPT_ERROR(51),
    /** Alert {@code export_restriction} (60). */
    EXPORT_RESTRICTION(60),
    /** Alert {@code protocol_version} (70). */
    PROTOCOL_VERSION(70),
    /** Alert {@code insufficient_security} (71). */
    INSUFFICIENT_SECURITY(71),
    /** Alert {@code internal_error} (80). */
    INTERNAL_ERROR(80),
    /** Alert {@code inappropriate_fallback} (86). */
    INAPPROPRIATE_FALLBACK(86),
    /** Alert {@code user_canceled} (90). */
    USER_CANCELED(90),
    /** Alert {@code no_renegotiation} (100). */
    NO_RENEGOTIATION(100),
    /** Alert {@code missing_extension} (109). */
    MISSING_EXTENSION(109),
    /** Alert {@code unsupported_extension} (110). */
    UNSUPPORTED_EXTENSION(110),
    /** Alert {@code certificate_unobtainable} (111). */
    CERTIFICATE_UNOBTAINABLE(111),
    /** Alert {@code unrecognized_name} (112). */
    UNRECOGNIZED_NAME(112),
    /** Alert {@code bad_certificate_status_response} (113). */
    BAD_CERTIFICATE_STATUS_RESPONSE(113),
    /** Alert {@code bad_certificate_hash_value} (114). */
    BAD_CERTIFICATE_HASH_VALUE(114),
    /** Alert {@code unknown_psk_identity} (115). */
    UNKNOWN_PSK_IDENTITY(115),
    /** Alert {@code certificate_required} (116). */
    CERTIFICATE_REQUIRED(116),
    /** Alert {@code no_application_protocol} (120). */
    NO_APPLICATION_PROTOCOL(120);

    private static final Map<Integer, TlsAlertType> BY_CODE =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(TlsAlertType::code, Function.identity()));

    private final int code;

    TlsAlertType(int code) {
        this.code = code;
    }

    /** The seed's numeric value. */
    public int code() {
        return code;
    }

    /** The constant with this numeric value, if any; values a peer sends that are not listed give empty. */
    public static Optional<TlsAlertType> fromCode(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }
}
