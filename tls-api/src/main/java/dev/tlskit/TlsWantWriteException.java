package dev.tlskit;

/**
 * Outgoing TLS bytes must be sent before the operation can go on: the seed's {@code ssl.SSLWantWriteError} and pyOpenSSL's {@code WantWriteError}.
 */
public final class TlsWantWriteException extends TlsException {
    private static final long serialVersionUID = 1L;

    public TlsWantWriteException(String message) {
        super(SslErrorNumber.SSL_ERROR_WANT_WRITE, null, message, null);
    }

    public TlsWantWriteException(String message, Throwable cause) {
        super(SslErrorNumber.SSL_ERROR_WANT_WRITE, null, message, cause);
    }
}
