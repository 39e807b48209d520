package dev.tlskit;

/**
 * The transport failed under TLS (reset, broken pipe): the seed's {@code ssl.SSLSyscallError} and pyOpenSSL's {@code SysCallError}. The cause holds the I/O error.
 */
public final class TlsSyscallException extends TlsException {
    private static final long serialVersionUID = 1L;

    public TlsSyscallException(String message) {
        super(SslErrorNumber.SSL_ERROR_SYSCALL, null, message, null);
    }

    public TlsSyscallException(String message, Throwable cause) {
        super(SslErrorNumber.SSL_ERROR_SYSCALL, null, message, cause);
    }
}
