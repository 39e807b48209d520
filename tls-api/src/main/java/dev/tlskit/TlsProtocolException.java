package dev.tlskit;

/**
 * The peers could not agree or the peer broke the protocol: no shared version or cipher, a malformed record, an
 * unexpected message. The seed reports these as {@code SSLError} with reasons such as {@code "WRONG_VERSION_NUMBER"},
 * {@code "NO_SHARED_CIPHER"} or {@code "UNSUPPORTED_PROTOCOL"}.
 */
public final class TlsProtocolException extends TlsException {
    private static final long serialVersionUID = 1L;

    public TlsProtocolException(String reason, String message, Throwable cause) {
        super(SslErrorNumber.SSL_ERROR_SSL, reason, message, cause);
    }
}
