package dev.tlskit.pki;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * Why {@link TlsTrustManager} rejected a chain, with OpenSSL's verify code: thrown from the trust manager inside the
 * JSSE handshake, then found by the engine driver with {@link #find(Throwable)} in the {@code SSLException} cause
 * chain and reported as {@link dev.tlskit.CertificateVerificationException}.
 *
 * <pre>{@code
 * catch (SSLHandshakeException e) {
 *     VerificationFailure f = VerificationFailure.find(e);
 *     if (f != null) System.err.println(f.verifyCode() + " " + f.verifyMessage() + " at depth " + f.depth());
 * }
 * }</pre>
 */
public final class VerificationFailure extends CertificateException {
    private static final long serialVersionUID = 1L;

    private final int verifyCode;
    private final String verifyMessage;
    private final int depth;
    private final transient X509Certificate certificate;

    public VerificationFailure(int verifyCode, String verifyMessage, int depth, X509Certificate certificate, Throwable cause) {
        super("certificate verify failed: " + verifyMessage + describe(depth, certificate),
                alertCarrier(verifyCode, verifyMessage, typed(verifyCode, verifyMessage, depth, cause)));
        this.verifyCode = verifyCode;
        this.verifyMessage = verifyMessage;
        this.depth = depth;
        this.certificate = certificate;
    }

    /** A failure whose message is OpenSSL's text for {@code verifyCode}. */
    public static VerificationFailure of(int verifyCode, int depth, X509Certificate certificate, Throwable cause) {
        return new VerificationFailure(verifyCode, VerifyCodes.message(verifyCode), depth, certificate, cause);
    }

    /**
     * The TLS alert the peer should get, in the only form JSSE reads (CertificateMessage.getCertificateAlert looks at
     * the reason of a {@link CertPathValidatorException} cause): OpenSSL's {@code ssl_x509err2alert} table mapped onto
     * what JSSE can send. certificate_expired (10, 12), certificate_revoked (23), unsupported_certificate (26),
     * bad_certificate (9, 11, 7, 8, host/IP mismatch, weak keys and digests, ...); the codes OpenSSL answers with
     * unknown_ca (2, 18, 19, 20, 21, 24, 25, 79) have no JSSE form and go out as certificate_unknown. The original
     * cause is kept as this carrier's cause.
     */
    private static Throwable alertCarrier(int code, String message, Throwable cause) {
        CertPathValidatorException.Reason reason = switch (code) {
            case VerifyCodes.CERT_HAS_EXPIRED, VerifyCodes.CRL_HAS_EXPIRED -> BasicReason.EXPIRED;
            case VerifyCodes.CERT_REVOKED -> BasicReason.REVOKED;
            case VerifyCodes.INVALID_PURPOSE -> BasicReason.ALGORITHM_CONSTRAINED;
            case VerifyCodes.CERT_SIGNATURE_FAILURE, VerifyCodes.CRL_SIGNATURE_FAILURE -> BasicReason.INVALID_SIGNATURE;
            case VerifyCodes.CERT_NOT_YET_VALID, VerifyCodes.CRL_NOT_YET_VALID, 4, 5, 6, 13, 14, 15, 16,
                    VerifyCodes.CERT_UNTRUSTED, VerifyCodes.CERT_REJECTED, VerifyCodes.HOSTNAME_MISMATCH,
                    VerifyCodes.EMAIL_MISMATCH, VerifyCodes.IP_ADDRESS_MISMATCH, 65, VerifyCodes.EE_KEY_TOO_SMALL,
                    VerifyCodes.CA_KEY_TOO_SMALL, VerifyCodes.CA_MD_TOO_WEAK -> BasicReason.NOT_YET_VALID;
            default -> BasicReason.UNSPECIFIED;
        };
        return new CertPathValidatorException(message, cause, null, -1, reason);
    }

    /**
     * The typed form of this failure, carried in the cause chain so that a library driving a bridge engine or socket
     * itself ({@code TlsContext.toSslContext()}) finds tlskit's {@link dev.tlskit.CertificateVerificationException}
     * with the verify code under its {@code SSLHandshakeException}, as tlskit's own connections report it.
     */
    private static Throwable typed(int code, String message, int depth, Throwable cause) {
        return new dev.tlskit.CertificateVerificationException(code, message,
                "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: " + message + " (depth " + depth + ")",
                cause);
    }

    private static String describe(int depth, X509Certificate c) {
        return c == null ? "" : " (depth " + depth + ", subject '" + c.getSubjectX500Principal().getName() + "')";
    }

    /** OpenSSL's {@code X509_V_ERR_*} code (the seed's {@code verify_code}). */
    public int verifyCode() {
        return verifyCode;
    }

    /**
     * The seed's {@code verify_message}: OpenSSL's text, except for 62/64 where CPython says
     * {@code "Hostname mismatch, certificate is not valid for 'HOST'."} /
     * {@code "IP address mismatch, certificate is not valid for 'IP'."}.
     */
    public String verifyMessage() {
        return verifyMessage;
    }

    /** Depth of the offending certificate: 0 for the peer's own. */
    public int depth() {
        return depth;
    }

    /** The offending certificate, or {@code null} if unknown. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The first {@code VerificationFailure} in {@code t}'s cause chain (suppressed ones included), or {@code null}. */
    public static VerificationFailure find(Throwable t) {
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
        if (t != null) {
            todo.add(t);
        }
        while (!todo.isEmpty()) {
            Throwable x = todo.poll();
            if (!seen.add(x)) {
                continue;
            }
            if (x instanceof VerificationFailure f) {
                return f;
            }
            if (x.getCause() != null) {
                todo.add(x.getCause());
            }
            todo.addAll(java.util.List.of(x.getSuppressed()));
        }
        return null;
    }
}
