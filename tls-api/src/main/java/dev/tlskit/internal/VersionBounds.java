package dev.tlskit.internal;

import dev.tlskit.TlsVersion;
import java.util.Objects;

/** <b>Not API.</b> The seed's rules for {@code minimum_version}/{@code maximum_version} and pyOpenSSL's codes. */
public final class VersionBounds {
    private VersionBounds() {
    }

    /**
     * Checks a pair of bounds before a context takes it.
     *
     * @param fixed whether the context's protocol fixes one version (then neither bound may change)
     * @throws IllegalArgumentException on a fixed-version context
     */
    public static void check(TlsVersion min, TlsVersion max, boolean fixed) {
        Objects.requireNonNull(min, "version");
        Objects.requireNonNull(max, "version");
        if (fixed) {
            throw new IllegalArgumentException(
                    "The context's protocol doesn't support modification of highest and lowest version.");
        }
        // No ordering check: OpenSSL (and so the seed) accepts a minimum above the maximum; a connection from such a
        // context fails at wrap time with NO_PROTOCOLS_AVAILABLE (ContextSnapshot).
    }

    /**
     * The value the seed stores for a bound (CPython's {@code set_min_max_proto_version}): {@code MINIMUM_SUPPORTED}
     * as a maximum becomes the lowest version tlskit knows ({@code TLSv1}), {@code MAXIMUM_SUPPORTED} as a minimum
     * the highest ({@code TLSv1_3}); every other value is kept.
     */
    public static TlsVersion resolve(TlsVersion v, boolean minimum) {
        if (minimum && v == TlsVersion.MAXIMUM_SUPPORTED) {
            return TlsVersion.TLSv1_3;
        }
        if (!minimum && v == TlsVersion.MINIMUM_SUPPORTED) {
            return TlsVersion.TLSv1;
        }
        return v;
    }

    /** pyOpenSSL's {@code set_min_proto_version}/{@code set_max_proto_version} argument: {@code 0} means no bound. */
    public static TlsVersion fromProtoVersion(int code, TlsVersion unbounded) {
        if (code == 0) {
            return unbounded;
        }
        return TlsVersion.fromCode(code).orElseThrow(() ->
                new IllegalArgumentException("unknown protocol version 0x" + Integer.toHexString(code)));
    }
}
