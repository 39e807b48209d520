package dev.tlskit.spi;

import java.util.List;

/**
 * The provider's library version: the seed's {@code OPENSSL_VERSION} ({@link #versionString()}),
 * {@code OPENSSL_VERSION_NUMBER} ({@link #versionNumber()}) and {@code OPENSSL_VERSION_INFO} ({@link #versionInfo()},
 * a 5-tuple {@code (major, minor, fix, patch, status)}).
 *
 * <pre>{@code
 * VersionInfo v = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT).provider().versionInfo();
 * System.out.println(v.versionString());   // "SunJSSE (Java 17.0.15)" or "BoringSSL (Conscrypt 2.5.2)"
 * }</pre>
 *
 * <h2>Honest labels</h2>
 * Neither backend is OpenSSL, and neither string starts with "OpenSSL". BoringSSL has no releases or version numbers
 * of its own, so the Conscrypt backend reports Conscrypt's version (the numbers of the library that pins the BoringSSL
 * revision it was built with); SunJSSE ships inside the JDK, so the JDK backend reports the Java version. Both pack
 * their numbers with {@link #of} (status {@code 0xf}, "release"), so {@code versionNumber()} compares like
 * {@code OPENSSL_VERSION_NUMBER} within one backend, never across backends.
 *
 * @param libraryName   e.g. "SunJSSE" or "BoringSSL (Conscrypt)"
 * @param versionString human-readable version, like {@code ssl.OPENSSL_VERSION}
 * @param versionNumber packed like OpenSSL's {@code 0xMNNFFPPS}
 * @param versionInfo   five integers, like {@code ssl.OPENSSL_VERSION_INFO}
 */
public record VersionInfo(String libraryName, String versionString, long versionNumber, List<Integer> versionInfo) {
    /** Validates {@code versionInfo} (five elements) and copies it. */
    public VersionInfo {
        versionInfo = List.copyOf(versionInfo);
        if (versionInfo.size() != 5) {
            throw new IllegalArgumentException("versionInfo must have 5 elements (major, minor, fix, patch, status)");
        }
    }

    /**
     * {@link #versionNumber()} in hex as Python prints {@code hex(ssl.OPENSSL_VERSION_NUMBER)}: {@code "0x2050200f"} for
     * Conscrypt 2.5.2, {@code "0x11000f00f"} for Java 17.0.15 (nine digits: see {@link #of}).
     */
    public String versionNumberHex() {
        return String.format(java.util.Locale.ROOT, "0x%08x", versionNumber);
    }

    /**
     * Packs {@code major.minor.fix.patch} the way OpenSSL 1.x packs {@code OPENSSL_VERSION_NUMBER}
     * ({@code 0xMNNFFPPS}, status {@code 0xf} = release). A major version above 15 keeps all its bits above bit 28
     * (Java 17.0.15 is {@code 0x11000f00f}) instead of being cut to four, so numbers of one backend always compare in
     * version order.
     */
    public static VersionInfo of(String libraryName, String versionString, int major, int minor, int fix, int patch) {
        long number = ((long) major << 28) | ((long) (minor & 0xff) << 20) | ((long) (fix & 0xff) << 12)
                | ((long) (patch & 0xff) << 4) | 0xf;
        return new VersionInfo(libraryName, versionString, number, List.of(major, minor, fix, patch, 15));
    }
}
