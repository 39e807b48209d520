package dev.tlskit;

/**
 * More TLS bytes must arrive before the operation can go on: the seed's {@code ssl.SSLWantReadError} and pyOpenSSL's {@code WantReadError}.
 * For a {@link TlsConnection} over {@link MemoryBio}s: feed the peer's bytes with {@code bioWrite} (or the incoming BIO), send
 * what {@code bioRead} gives, and call again.
 */
public final class TlsWantReadException extends TlsException {
    private static final long serialVersionUID = 1L;

    public TlsWantReadException(String message) {
        super(SslErrorNumber.SSL_ERROR_WANT_READ, null, message, null);
    }

    public TlsWantReadException(String message, Throwable cause) {
        super(SslErrorNumber.SSL_ERROR_WANT_READ, null, message, cause);
    }
}
