package dev.tlskit.conscrypt;

import dev.tlskit.AlertDescription;
import dev.tlskit.TlsException;
import dev.tlskit.TlsProtocolException;
import dev.tlskit.internal.FailureTranslator;
import dev.tlskit.pki.VerificationFailure;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Turns Conscrypt's exceptions into the same typed errors the JDK path gives. Conscrypt reports BoringSSL's error queue
 * in the message, e.g. {@code "error:10000416:SSL routines:OPENSSL_internal:SSLV3_ALERT_CERTIFICATE_UNKNOWN
 * (external/boringssl/src/ssl/tls_record.cc:592 ...)"}: the packed code's low 12 bits are the reason, and reasons
 * {@code 1000 + n} mean "received alert {@code n}" ({@code SSL_AD_REASON_OFFSET}), so alerts are read from the number,
 * not guessed from text. Other reasons ({@code NO_SHARED_CIPHER}, {@code WRONG_VERSION_NUMBER}, ...) already are
 * OpenSSL's mnemonics and are kept as they are. A failure of tlskit's own verifier is found in the cause chain first.
 */
final class BoringSslFailures {
    /** BoringSSL's {@code ERR_error_string_n} format: {@code error:PACKED:LIB:FUNC:REASON}. */
    private static final Pattern ERROR = Pattern.compile("error:([0-9a-fA-F]{8}):[^:]*:[^:]*:([A-Z0-9_]+)( \\([^ )]*)?");
    /** Conscrypt's own record parser ({@code SSLUtils}) says this for bytes that are no TLS record header. */
    private static final String NOT_A_RECORD = "Unable to parse TLS packet header";
    private static final int LIB_SSL = 0x10;
    /** BoringSSL's {@code ERR_LIB_CIPHER}: its {@code BAD_DECRYPT} is an AEAD tag that did not verify. */
    private static final int LIB_CIPHER = 0x1e;
    private static final int SSL_AD_REASON_OFFSET = 1000;

    private BoringSslFailures() {
    }

    static TlsException translate(SSLException e, boolean handshaking) {
        if (VerificationFailure.find(e) != null) {
            return FailureTranslator.translate(e, handshaking);
        }
        if (NOT_A_RECORD.equals(e.getMessage())) {
            return new TlsProtocolException("WRONG_VERSION_NUMBER", "[SSL: WRONG_VERSION_NUMBER] wrong version number ("
                    + NOT_A_RECORD + ": the peer does not speak TLS)", e);
        }
        Optional<TlsException> boring = fromErrorQueue(e);
        return boring.orElseGet(() -> FailureTranslator.translate(e, handshaking));
    }

    private static Optional<TlsException> fromErrorQueue(SSLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            Matcher m = ERROR.matcher(String.valueOf(t.getMessage()));
            if (!m.find()) {
                continue;
            }
            long packed = Long.parseLong(m.group(1), 16);
            int lib = (int) (packed >>> 24) & 0xff;
            int reasonCode = (int) packed & 0xfff;
            String reason = m.group(2);
            if (lib == LIB_CIPHER && reason.equals("BAD_DECRYPT")) {
                // a record whose AEAD tag failed: Conscrypt reports only the first queued error (the cipher's), where
                // OpenSSL's record layer reports DECRYPTION_FAILED_OR_BAD_RECORD_MAC (and sends bad_record_mac), as
                // the JDK path does
                reason = "DECRYPTION_FAILED_OR_BAD_RECORD_MAC";
                return Optional.of(new TlsProtocolException(reason, "[SSL: " + reason + "] decryption failed or bad "
                        + "record mac (BoringSSL " + m.group(0) + (m.group(3) == null ? "" : ")") + ")", e));
            }
            if (lib == LIB_SSL && reasonCode >= SSL_AD_REASON_OFFSET && reasonCode < SSL_AD_REASON_OFFSET + 256) {
                int alert = reasonCode - SSL_AD_REASON_OFFSET;
                String name = AlertDescription.fromCode(alert).map(AlertDescription::ianaName)
                        .orElse(reason.toLowerCase(Locale.ROOT));
                return Optional.of(FailureTranslator.alert(name, true, e));
            }
            return Optional.of(new TlsProtocolException(reason, "[SSL: " + reason + "] "
                    + reason.toLowerCase(Locale.ROOT).replace('_', ' ') + " (BoringSSL " + m.group(0)
                    + (m.group(3) == null ? "" : ")") + ")", e));
        }
        return Optional.empty();
    }
}
