package dev.tlskit;

import java.util.Optional;

/**
 * The handshake or connection failed with a TLS alert, either received from the peer or sent to it. The seed reports
 * these as {@code SSLError} with reasons such as {@code "SSLV3_ALERT_HANDSHAKE_FAILURE"} or
 * {@code "TLSV1_ALERT_UNKNOWN_CA"}.
 *
 * <pre>{@code
 * catch (TlsAlertException e) {
 *     if (e.received() && e.alert().orElse(null) == AlertDescription.ALERT_DESCRIPTION_UNKNOWN_CA) { ... }
 * }
 * }</pre>
 */
public final class TlsAlertException extends TlsException {
    private static final long serialVersionUID = 1L;

    private final int alertCode;
    private final boolean received;

    public TlsAlertException(int alertCode, boolean received, String reason, String message, Throwable cause) {
        super(SslErrorNumber.SSL_ERROR_SSL, reason, message, cause);
        this.alertCode = alertCode;
        this.received = received;
    }

    /** The alert's wire code (RFC 8446 section 6); unknown codes are kept as numbers. */
    public int alertCode() {
        return alertCode;
    }

    /** The alert as a typed constant, if tlskit knows the code. */
    public Optional<AlertDescription> alert() {
        return AlertDescription.fromCode(alertCode);
    }

    /** {@code true} when the peer sent the alert, {@code false} when this side sent it. */
    public boolean received() {
        return received;
    }
}
