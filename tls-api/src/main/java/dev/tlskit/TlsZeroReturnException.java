package dev.tlskit;

/**
 * The peer closed the TLS connection cleanly (close_notify received): the seed's {@code ssl.SSLZeroReturnError} and pyOpenSSL's {@code ZeroReturnError}.
 */
public final class TlsZeroReturnException extends TlsException {
    private static final long serialVersionUID = 1L;

    public TlsZeroReturnException(String message) {
        super(SslErrorNumber.SSL_ERROR_ZERO_RETURN, "ZERO_RETURN", message, null);
    }

    public TlsZeroReturnException(String message, Throwable cause) {
        super(SslErrorNumber.SSL_ERROR_ZERO_RETURN, "ZERO_RETURN", message, cause);
    }
}
