package dev.tlskit;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Protocol versions for {@code minimumVersion}/{@code maximumVersion}: the seed's {@code ssl.TLSVersion}. Values equal
 * CPython's (and {@code _ssl.PROTO_*}): the wire version for real versions, and two sentinels.
 *
 * <h2>Seed</h2>
 * Python {@code ssl.TLSVersion} members {@code MINIMUM_SUPPORTED}, {@code SSLv3}, {@code TLSv1}, {@code TLSv1_1},
 * {@code TLSv1_2}, {@code TLSv1_3}, {@code MAXIMUM_SUPPORTED} (parity line CONST-03).
 *
 * <h2>Example</h2>
 * <pre>{@code
 * TlsVersion.fromJavaName(sslSession.getProtocol())   // Optional[TLSv1_3] for "TLSv1.3"
 * TlsVersion.TLSv1_2.code()                           // 0x0303
 * }</pre>
 *
 * <h2>Security</h2>
 * {@link #SSLv3}, {@link #TLSv1} and {@link #TLSv1_1} are broken or deprecated (RFC 8996); they are listed so that
 * a peer's value can be named, not to be enabled.
 */
public enum TlsVersion {
    /** Sentinel (-2): the lowest version the backend supports. Not a wire value. */
    MINIMUM_SUPPORTED(-2, null),
    /** SSL 3.0 (RFC 6101), prohibited by RFC 7568. */
    SSLv3(0x300, "SSLv3"),
    /** TLS 1.0 (RFC 2246), deprecated by RFC 8996. */
    TLSv1(0x301, "TLSv1"),
    /** TLS 1.1 (RFC 4346), deprecated by RFC 8996. */
    TLSv1_1(0x302, "TLSv1.1"),
    /** TLS 1.2 (RFC 5246). */
    TLSv1_2(0x303, "TLSv1.2"),
    /** TLS 1.3 (RFC 8446). */
    TLSv1_3(0x304, "TLSv1.3"),
    /** Sentinel (-1): the highest version the backend supports. Not a wire value. */
    MAXIMUM_SUPPORTED(-1, null);

    private static final Map<Integer, TlsVersion> BY_CODE =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(TlsVersion::code, Function.identity()));
    private static final Map<String, TlsVersion> BY_JAVA_NAME = Stream.of(values())
            .filter(TlsVersion::isConcrete)
            .collect(Collectors.toUnmodifiableMap(v -> v.javaName, Function.identity()));

    private final int code;
    private final String javaName;

    TlsVersion(int code, String javaName) {
        this.code = code;
        this.javaName = javaName;
    }

    /** The seed's numeric value: the wire version ({@code 0x0303} for TLS 1.2), or -2/-1 for the sentinels. */
    public int code() {
        return code;
    }

    /**
     * The JSSE protocol name ({@code SSLSession.getProtocol()}, {@code SSLParameters.setProtocols}), e.g.
     * {@code "TLSv1.2"}; empty for {@link #MINIMUM_SUPPORTED} and {@link #MAXIMUM_SUPPORTED}.
     */
    public Optional<String> javaName() {
        return Optional.ofNullable(javaName);
    }

    /**
     * The name as the seed's {@code SSLSocket.version()} prints it ({@code "TLSv1.2"}, {@code "TLSv1.3"}): OpenSSL's
     * and JSSE's spellings agree for every real version. The two sentinels, which {@code version()} never returns,
     * give their member name ({@code "MINIMUM_SUPPORTED"}).
     */
    public String seedName() {
        return javaName != null ? javaName : name();
    }

    /** True for a real protocol version, false for {@link #MINIMUM_SUPPORTED} and {@link #MAXIMUM_SUPPORTED}. */
    public boolean isConcrete() {
        return javaName != null;
    }

    /** The constant with this numeric value, if any. */
    public static Optional<TlsVersion> fromCode(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** The concrete version with this JSSE name (exact, case-sensitive, e.g. {@code "TLSv1.3"}), if any. */
    public static Optional<TlsVersion> fromJavaName(String javaName) {
        return Optional.ofNullable(javaName == null ? null : BY_JAVA_NAME.get(javaName));
    }
}
