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
     * @throws IllegalArgumentException on a fixed-version context, or when {@code min} is above {@code max}
     */
    public static void check(TlsVersion min, TlsVersion max, boolean fixed) {
        Objects.requireNonNull(min, "version");
        Objects.requireNonNull(max, "version");
        if (fixed) {
            throw new IllegalArgumentException(
                    "The context's protocol doesn't support modification of highest and lowest version.");
        }
        if (rank(min) > rank(max)) {
            throw new IllegalArgumentException("minimum_version " + min.name() + " is above maximum_version "
                    + max.name() + ": no protocol version would be left; change the other bound first");
        }
    }

    /** pyOpenSSL's {@code set_min_proto_version}/{@code set_max_proto_version} argument: {@code 0} means no bound. */
    public static TlsVersion fromProtoVersion(int code, TlsVersion unbounded) {
        if (code == 0) {
            return unbounded;
        }
        return TlsVersion.fromCode(code).orElseThrow(() ->
                new IllegalArgumentException("unknown protocol version 0x" + Integer.toHexString(code)));
    }

    private static int rank(TlsVersion v) {
        return switch (v) {
            case MINIMUM_SUPPORTED -> Integer.MIN_VALUE;
            case MAXIMUM_SUPPORTED -> Integer.MAX_VALUE;
            default -> v.code();
        };
    }
}
