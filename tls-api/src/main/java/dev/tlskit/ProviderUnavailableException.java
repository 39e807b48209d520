package dev.tlskit;

/**
 * No usable provider matched the request: the named one is missing or unusable, or none is installed. The message
 * lists every provider found and why each unusable one is unusable, and says how to select another.
 */
public final class ProviderUnavailableException extends TlsException {
    private static final long serialVersionUID = 1L;

    public ProviderUnavailableException(String message, Throwable cause) {
        super(SslErrorNumber.SSL_ERROR_SSL, "NO_PROVIDER", message, cause);
    }
}
