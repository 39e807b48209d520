package dev.tlskit.spi;

import java.util.List;

/**
 * The provider's library version: the seed's {@code OPENSSL_VERSION} ({@link #versionString()}),
 * {@code OPENSSL_VERSION_NUMBER} ({@link #versionNumber()}) and {@code OPENSSL_VERSION_INFO} ({@link #versionInfo()},
 * a 5-tuple {@code (major, minor, fix, patch, status)}).
 *
 * <pre>{@code
 * VersionInfo v = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT).provider().versionInfo();
 * System.out.println(v.versionString());   // e.g. "SunJSSE 17.0.15"
 * }</pre>
 *
 * @param libraryName   e.g. "SunJSSE" or "BoringSSL (Conscrypt)"
 * @param versionString human-readable version, like {@code ssl.OPENSSL_VERSION}
 * @param versionNumber packed like OpenSSL's {@code 0xMNNFFPPS}
 * @param versionInfo   five integers, like {@code ssl.OPENSSL_VERSION_INFO}
 */
public record VersionInfo(String libraryName, String versionString, long versionNumber, List<Integer> versionInfo) {
    public VersionInfo {
        versionInfo = List.copyOf(versionInfo);
        if (versionInfo.size() != 5) {
            throw new IllegalArgumentException("versionInfo must have 5 elements (major, minor, fix, patch, status)");
        }
    }

    /** Packs {@code major.minor.fix} the way OpenSSL packs {@code OPENSSL_VERSION_NUMBER} (status 0xf = release). */
    public static VersionInfo of(String libraryName, String versionString, int major, int minor, int fix, int patch) {
        long number = ((long) (major & 0xf) << 28) | ((long) (minor & 0xff) << 20) | ((long) (fix & 0xff) << 12)
                | ((long) (patch & 0xff) << 4) | 0xf;
        return new VersionInfo(libraryName, versionString, number, List.of(major, minor, fix, patch, 15));
    }
}
