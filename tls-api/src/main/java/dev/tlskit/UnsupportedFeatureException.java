package dev.tlskit;

/**
 * The selected provider cannot honour a setting or feature. tlskit never silently ignores such a request; it fails
 * when the setting is made or, at the latest, when a connection is created.
 *
 * <pre>{@code
 * if (!ctx.provider().capabilities().contains(Capability.HAS_NPN)) { ... }  // ask first, or:
 * catch (UnsupportedFeatureException e) { log(e.feature() + " not on " + e.provider()); }
 * }</pre>
 */
public final class UnsupportedFeatureException extends TlsException {
    private static final long serialVersionUID = 1L;

    private final String feature;
    private final String provider;

    public UnsupportedFeatureException(String feature, String provider, String detail) {
        super(SslErrorNumber.SSL_ERROR_SSL, "UNSUPPORTED_FEATURE",
                feature + " is not supported by the '" + provider + "' provider"
                        + (detail == null || detail.isEmpty() ? "" : ": " + detail), null);
        this.feature = feature;
        this.provider = provider;
    }

    /** The feature or setting that was asked for, e.g. {@code "OP_NO_TICKET"} or {@code "NPN"}. */
    public String feature() {
        return feature;
    }

    /** The name of the provider that cannot honour it. */
    public String provider() {
        return provider;
    }
}
