package dev.tlskit;

/**
 * The peer's certificate chain failed verification: the seed's {@code ssl.SSLCertVerificationError}
 * ({@code reason == "CERTIFICATE_VERIFY_FAILED"}).
 *
 * <p>{@link #verifyCode()} and {@link #verifyMessage()} are OpenSSL's {@code X509_V_ERR_*} number and text, as the
 * seed reports them in {@code verify_code} / {@code verify_message}: 10 {@code "certificate has expired"},
 * 18 {@code "self-signed certificate"}, 19 {@code "self-signed certificate in certificate chain"},
 * 20 {@code "unable to get local issuer certificate"}, 62 {@code "Hostname mismatch"}, 64 {@code "IP address mismatch"}, ...
 *
 * <pre>{@code
 * catch (CertificateVerificationException e) {
 *     if (e.verifyCode() == 62) System.err.println("wrong host: " + e.verifyMessage());
 * }
 * }</pre>
 */
public final class CertificateVerificationException extends TlsException {
    private static final long serialVersionUID = 1L;

    private final int verifyCode;
    private final String verifyMessage;

    public CertificateVerificationException(int verifyCode, String verifyMessage, String message, Throwable cause) {
        super(SslErrorNumber.SSL_ERROR_SSL, "CERTIFICATE_VERIFY_FAILED", message, cause);
        this.verifyCode = verifyCode;
        this.verifyMessage = verifyMessage;
    }

    /** OpenSSL's {@code X509_V_ERR_*} code (the seed's {@code verify_code}). */
    public int verifyCode() {
        return verifyCode;
    }

    /** OpenSSL's text for {@link #verifyCode()} (the seed's {@code verify_message}). */
    public String verifyMessage() {
        return verifyMessage;
    }
}
