package dev.tlskit;

import java.io.IOException;
import java.util.Optional;

/**
 * Base of every error tlskit reports: the seed's {@code ssl.SSLError} and pyOpenSSL's
 * {@code OpenSSL.SSL.Error}.
 *
 * <h2>Mapping from the seeds</h2>
 * <ul>
 *   <li>{@code ssl.SSLError} / {@code OpenSSL.SSL.Error} → {@code TlsException} or one of its subclasses;</li>
 *   <li>{@code SSLWantReadError} → {@link TlsWantReadException}, {@code SSLWantWriteError} → {@link TlsWantWriteException},
 *       {@code SSLZeroReturnError} → {@link TlsZeroReturnException}, {@code SSLSyscallError} → {@link TlsSyscallException},
 *       {@code SSLEOFError} → {@link TlsEofException}, {@code SSLCertVerificationError} → {@link CertificateVerificationException};</li>
 *   <li>{@code ValueError}/{@code TypeError} → {@link IllegalArgumentException} (API misuse), or
 *       {@link IllegalStateException} for a call in the wrong state.</li>
 * </ul>
 * The hierarchy is deliberately not sealed: new subtypes never break a Kotlin {@code when}.
 *
 * <p>Example:
 * <pre>{@code
 * try { conn.doHandshake(); }
 * catch (CertificateVerificationException e) { log(e.verifyCode() + " " + e.verifyMessage()); }
 * catch (TlsException e) { log(e.reason().orElse("?") + ": " + e.getMessage()); }
 * }</pre>
 */
public class TlsException extends IOException {
    private static final long serialVersionUID = 1L;

    private final SslErrorNumber errorNumber;
    private final String reason;

    public TlsException(String message) {
        this(SslErrorNumber.SSL_ERROR_SSL, null, message, null);
    }

    public TlsException(String message, Throwable cause) {
        this(SslErrorNumber.SSL_ERROR_SSL, null, message, cause);
    }

    /**
     * @param errorNumber the seed's {@code SSLError.errno} family
     * @param reason      OpenSSL-style reason mnemonic (the seed's {@code SSLError.reason}), e.g.
     *                    {@code "CERTIFICATE_VERIFY_FAILED"}, or {@code null}
     */
    public TlsException(SslErrorNumber errorNumber, String reason, String message, Throwable cause) {
        super(message, cause);
        this.errorNumber = errorNumber == null ? SslErrorNumber.SSL_ERROR_SSL : errorNumber;
        this.reason = reason;
    }

    /** The seed's {@code SSLError.errno}: which {@link SslErrorNumber} this error belongs to. */
    public SslErrorNumber errorNumber() {
        return errorNumber;
    }

    /** The seed's {@code SSLError.reason}: an OpenSSL-style mnemonic such as {@code "WRONG_VERSION_NUMBER"}. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }
}
