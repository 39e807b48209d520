package dev.tlskit;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * TLS alert descriptions: the seed's {@code ssl.AlertDescription} ({@code ALERT_DESCRIPTION_*}) plus the rest of the
 * IANA "TLS Alerts" registry, so that an alert a peer sends always has a name. Wire values from a peer that are not
 * listed are kept as numbers ({@link #fromCode(int)} returns empty; print them as {@code 0x%02x}).
 *
 * <pre>{@code
 * AlertDescription.fromCode(112).map(AlertDescription::ianaName)   // Optional["unrecognized_name"]
 * }</pre>
 */
public enum AlertDescription {
    ALERT_DESCRIPTION_CLOSE_NOTIFY(0, "close_notify"),
    ALERT_DESCRIPTION_UNEXPECTED_MESSAGE(10, "unexpected_message"),
    ALERT_DESCRIPTION_BAD_RECORD_MAC(20, "bad_record_mac"),
    /** IANA only (not in the seed): reserved since TLS 1.1. */
    ALERT_DESCRIPTION_DECRYPTION_FAILED(21, "decryption_failed"),
    ALERT_DESCRIPTION_RECORD_OVERFLOW(22, "record_overflow"),
    ALERT_DESCRIPTION_DECOMPRESSION_FAILURE(30, "decompression_failure"),
    ALERT_DESCRIPTION_HANDSHAKE_FAILURE(40, "handshake_failure"),
    /** IANA only (not in the seed): SSLv3's no_certificate, reserved. */
    ALERT_DESCRIPTION_NO_CERTIFICATE(41, "no_certificate"),
    ALERT_DESCRIPTION_BAD_CERTIFICATE(42, "bad_certificate"),
    ALERT_DESCRIPTION_UNSUPPORTED_CERTIFICATE(43, "unsupported_certificate"),
    ALERT_DESCRIPTION_CERTIFICATE_REVOKED(44, "certificate_revoked"),
    ALERT_DESCRIPTION_CERTIFICATE_EXPIRED(45, "certificate_expired"),
    ALERT_DESCRIPTION_CERTIFICATE_UNKNOWN(46, "certificate_unknown"),
    ALERT_DESCRIPTION_ILLEGAL_PARAMETER(47, "illegal_parameter"),
    ALERT_DESCRIPTION_UNKNOWN_CA(48, "unknown_ca"),
    ALERT_DESCRIPTION_ACCESS_DENIED(49, "access_denied"),
    ALERT_DESCRIPTION_DECODE_ERROR(50, "decode_error"),
    ALERT_DESCRIPTION_DECRYPT_ERROR(51, "decrypt_error"),
    /** IANA only (not in the seed): reserved. */
    ALERT_DESCRIPTION_EXPORT_RESTRICTION(60, "export_restriction"),
    ALERT_DESCRIPTION_PROTOCOL_VERSION(70, "protocol_version"),
    ALERT_DESCRIPTION_INSUFFICIENT_SECURITY(71, "insufficient_security"),
    ALERT_DESCRIPTION_INTERNAL_ERROR(80, "internal_error"),
    /** IANA only (not in the seed): RFC 7507. */
    ALERT_DESCRIPTION_INAPPROPRIATE_FALLBACK(86, "inappropriate_fallback"),
    ALERT_DESCRIPTION_USER_CANCELLED(90, "user_canceled"),
    ALERT_DESCRIPTION_NO_RENEGOTIATION(100, "no_renegotiation"),
    /** IANA only (not in the seed): RFC 8446. */
    ALERT_DESCRIPTION_MISSING_EXTENSION(109, "missing_extension"),
    ALERT_DESCRIPTION_UNSUPPORTED_EXTENSION(110, "unsupported_extension"),
    ALERT_DESCRIPTION_CERTIFICATE_UNOBTAINABLE(111, "certificate_unobtainable"),
    ALERT_DESCRIPTION_UNRECOGNIZED_NAME(112, "unrecognized_name"),
    ALERT_DESCRIPTION_BAD_CERTIFICATE_STATUS_RESPONSE(113, "bad_certificate_status_response"),
    ALERT_DESCRIPTION_BAD_CERTIFICATE_HASH_VALUE(114, "bad_certificate_hash_value"),
    ALERT_DESCRIPTION_UNKNOWN_PSK_IDENTITY(115, "unknown_psk_identity"),
    /** IANA only (not in the seed): RFC 8446. */
    ALERT_DESCRIPTION_CERTIFICATE_REQUIRED(116, "certificate_required"),
    /** IANA only (not in the seed): RFC 9149 (TLS flags). */
    ALERT_DESCRIPTION_GENERAL_ERROR(117, "general_error"),
    /** IANA only (not in the seed): RFC 7301 (ALPN). */
    ALERT_DESCRIPTION_NO_APPLICATION_PROTOCOL(120, "no_application_protocol"),
    /** IANA only (not in the seed): RFC 9345 (ECH). */
    ALERT_DESCRIPTION_ECH_REQUIRED(121, "ech_required");

    private static final Map<Integer, AlertDescription> BY_CODE =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(AlertDescription::code, Function.identity()));
    private static final Map<String, AlertDescription> BY_IANA =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(AlertDescription::ianaName, Function.identity()));

    private final int code;
    private final String ianaName;

    AlertDescription(int code, String ianaName) {
        this.code = code;
        this.ianaName = ianaName;
    }

    /** The alert's wire value (the seed's numeric value). */
    public int code() {
        return code;
    }

    /** The registry's name, e.g. {@code "handshake_failure"}: what JSSE prints in its alert messages. */
    public String ianaName() {
        return ianaName;
    }

    /** OpenSSL's reason mnemonic for this alert when received, e.g. {@code "TLSV1_ALERT_UNKNOWN_CA"}. */
    public String openSslReason() {
        String upper = ianaName.toUpperCase(java.util.Locale.ROOT);
        return code < 70 && code != 48 && code != 49 && code != 50 && code != 51 && code != 60 && code != 22 && code != 21
                ? "SSLV3_ALERT_" + upper
                : "TLSV1_ALERT_" + upper;
    }

    /** The constant with this wire value, if any. */
    public static Optional<AlertDescription> fromCode(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** The constant with this IANA name (e.g. {@code "unknown_ca"}), if any. */
    public static Optional<AlertDescription> fromIanaName(String name) {
        return Optional.ofNullable(name == null ? null : BY_IANA.get(name));
    }
}
