package dev.tlskit;

/**
 * The transport failed under TLS (reset, broken pipe): the seed's {@code ssl.SSLSyscallError} and pyOpenSSL's
 * {@code SysCallError}. The cause holds the I/O error; {@link #errno()} is pyOpenSSL's {@code args[0]}.
 *
 * <pre>{@code
 * catch (TlsSyscallException e) { if (e.errno() == 32) log("peer went away (EPIPE)"); }
 * }</pre>
 */
public final class TlsSyscallException extends TlsException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    public TlsSyscallException(String message) {
        this(-1, message, null);
    }

    /** The error number is read from {@code cause} ({@link #errno()}). */
    public TlsSyscallException(String message, Throwable cause) {
        this(dev.tlskit.internal.Errnos.of(cause), message, cause);
    }

    public TlsSyscallException(int errno, String message, Throwable cause) {
        super(SslErrorNumber.SSL_ERROR_SYSCALL, null, message, cause);
        this.errno = errno;
    }

    /**
     * pyOpenSSL {@code SysCallError.args[0]}: the OS error number, in Linux numbering ({@code EPIPE} 32 when writing to
     * a transport that was shut down, {@code ECONNRESET} 104, {@code ECONNREFUSED} 111), or {@code -1} when the JVM
     * does not say which error it was.
     */
    public int errno() {
        return errno;
    }
}
