package dev.tlskit;

/**
 * The transport ended without a close_notify (a ragged EOF, or EOF in the middle of the handshake): the seed's {@code ssl.SSLEOFError}
 * ({@code "EOF occurred in violation of protocol"}).
 */
public final class TlsEofException extends TlsException {
    private static final long serialVersionUID = 1L;

    public TlsEofException(String message) {
        super(SslErrorNumber.SSL_ERROR_EOF, "SSL", "UNEXPECTED_EOF_WHILE_READING", message, null);
    }

    public TlsEofException(String message, Throwable cause) {
        super(SslErrorNumber.SSL_ERROR_EOF, "SSL", "UNEXPECTED_EOF_WHILE_READING", message, cause);
    }
}
