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
 * catch (TlsException e) { log(e.library().orElse("?") + "/" + e.reason().orElse("?") + ": " + e.getMessage()); }
 * }</pre>
 */
public class TlsException extends IOException {
    private static final long serialVersionUID = 1L;

    private final SslErrorNumber errorNumber;
    private final String reason;
    private final String library;

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
        this(errorNumber, libraryOf(reason, message), reason, message, cause);
    }

    /**
     * @param library OpenSSL library name (the seed's {@code SSLError.library}), e.g. {@code "SSL"}, {@code "PEM"},
     *                {@code "X509"}, or {@code null} when the error did not come from an OpenSSL library
     */
    public TlsException(SslErrorNumber errorNumber, String library, String reason, String message, Throwable cause) {
        super(message, cause);
        this.errorNumber = errorNumber == null ? SslErrorNumber.SSL_ERROR_SSL : errorNumber;
        this.reason = reason;
        this.library = library;
    }

    /**
     * The library a message written the seed's way names: {@code "[PEM: NO_START_LINE] ..."} gives {@code "PEM"} when
     * the reason is {@code NO_START_LINE}; otherwise {@code null}.
     */
    private static String libraryOf(String reason, String message) {
        if (reason == null || message == null || !message.startsWith("[")) {
            return null;
        }
        int colon = message.indexOf(": ");
        int close = message.indexOf(']');
        if (colon < 2 || close < colon || !message.substring(colon + 2, close).equals(reason)) {
            return null;
        }
        String lib = message.substring(1, colon);
        return lib.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') ? lib : null;
    }

    /** The seed's {@code SSLError.errno}: which {@link SslErrorNumber} this error belongs to. */
    public SslErrorNumber errorNumber() {
        return errorNumber;
    }

    /** The seed's {@code SSLError.reason}: an OpenSSL-style mnemonic such as {@code "WRONG_VERSION_NUMBER"}. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /**
     * The seed's {@code SSLError.library}: the OpenSSL library that reported the error ({@code "SSL"}, {@code "PEM"},
     * {@code "X509"}, ...), empty (the seed's {@code None}) when it came from elsewhere, e.g. the transport.
     * <pre>{@code
     * catch (TlsException e) { log(e.library().orElse("-") + ":" + e.reason().orElse("-")); }   // PEM:NO_START_LINE
     * }</pre>
     */
    public Optional<String> library() {
        return Optional.ofNullable(library);
    }
}
