package dev.tlskit.internal;

import dev.tlskit.AlertDescription;
import dev.tlskit.CertificateVerificationException;
import dev.tlskit.TlsAlertException;
import dev.tlskit.TlsException;
import dev.tlskit.TlsProtocolException;
import dev.tlskit.pki.VerificationFailure;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Turns engine exceptions into tlskit's typed errors with the seed's reason mnemonics and an OpenSSL-style message
 * ({@code "[SSL: REASON] text"}). Knows tlskit's own verifier and the JSSE message conventions; providers refine it
 * through {@link dev.tlskit.spi.TlsProvider#translateFailure}.
 */
public final class FailureTranslator {
    private static final String RECEIVED = "Received fatal alert: ";

    private FailureTranslator() {
    }

    public static TlsException translate(SSLException e, boolean handshaking) {
        VerificationFailure vf = VerificationFailure.find(e);
        if (vf != null) {
            return new CertificateVerificationException(vf.verifyCode(), vf.verifyMessage(),
                    "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: " + vf.verifyMessage()
                            + " (depth " + vf.depth() + ")", e);
        }
        String msg = String.valueOf(e.getMessage());
        int at = msg.indexOf(RECEIVED);
        if (at >= 0) {
            String name = msg.substring(at + RECEIVED.length()).trim();
            int space = name.indexOf(' ');
            if (space > 0) {
                name = name.substring(0, space);
            }
            return alert(name, true, e);
        }
        String lower = msg.toLowerCase(Locale.ROOT);
        if (lower.contains("no appropriate protocol") || lower.contains("protocol is disabled")) {
            return protocol("NO_PROTOCOLS_AVAILABLE", "no protocols available (" + msg + ")", e);
        }
        if (lower.contains("client requested protocol") || lower.contains("not supported or enabled")
                || lower.contains("the server selected protocol version")
                || lower.contains("not accepted by server preferences")) { // JSSE server: no common version offered
            return protocol("UNSUPPORTED_PROTOCOL", "unsupported protocol (" + msg + ")", e);
        }
        if (lower.contains("unsupported or unrecognized ssl message") || lower.contains("plaintext connection")) {
            return protocol("WRONG_VERSION_NUMBER", "wrong version number (" + msg + ")", e);
        }
        if (lower.contains("no cipher suites in common") || lower.contains("no negotiable cipher suite")) {
            return protocol("NO_SHARED_CIPHER", "no shared cipher (" + msg + ")", e);
        }
        if (lower.contains("empty client certificate chain") || lower.contains("empty certificate chain")
                || lower.contains("certificate required")) {
            return protocol("PEER_DID_NOT_RETURN_A_CERTIFICATE", "peer did not return a certificate (" + msg + ")", e);
        }
        if (lower.contains("no application protocol")) {
            return new TlsAlertException(AlertDescription.ALERT_DESCRIPTION_NO_APPLICATION_PROTOCOL.code(), false,
                    "NO_APPLICATION_PROTOCOL", "[SSL: NO_APPLICATION_PROTOCOL] no application protocol (" + msg + ")",
                    e);
        }
        if (lower.contains("tag mismatch") || lower.contains("bad record mac") || lower.contains("bad_record_mac")) {
            return protocol("DECRYPTION_FAILED_OR_BAD_RECORD_MAC", "decryption failed or bad record mac (" + msg + ")",
                    e);
        }
        return protocol(handshaking ? "HANDSHAKE_FAILURE" : "PROTOCOL_ERROR",
                (handshaking ? "handshake failed: " : "TLS failure: ") + msg, e);
    }

    /** An alert by its IANA name ({@code "handshake_failure"}); unknown names keep the text. */
    public static TlsException alert(String ianaName, boolean received, Throwable cause) {
        return AlertDescription.fromIanaName(ianaName)
                .<TlsException>map(a -> new TlsAlertException(a.code(), received, a.openSslReason(),
                        "[SSL: " + a.openSslReason() + "] " + (received ? "received" : "sent") + " alert "
                                + ianaName.replace('_', ' ') + " (alert number " + a.code() + ")", cause))
                .orElseGet(() -> new TlsAlertException(-1, received, "UNKNOWN_ALERT",
                        "[SSL: UNKNOWN_ALERT] " + (received ? "received" : "sent") + " alert " + ianaName, cause));
    }

    private static TlsException protocol(String reason, String text, Throwable cause) {
        return new TlsProtocolException(reason, "[SSL: " + reason + "] " + text, cause);
    }
}
