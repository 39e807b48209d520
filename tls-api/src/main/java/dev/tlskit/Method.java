package dev.tlskit;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The method a pyOpenSSL context is created for: the seed's {@code OpenSSL.SSL.*_METHOD} (the argument of
 * {@code OpenSSL.SSL.Context(method)}). Values equal pyOpenSSL's; they are pyOpenSSL's own numbering, not OpenSSL's.
 *
 * <h2>Seed</h2>
 * pyOpenSSL {@code SSLv2_METHOD} ... {@code DTLS_CLIENT_METHOD}. The Python {@code ssl} counterpart is
 * {@link Protocol}.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * Method.TLSv1_2_METHOD.fixedVersion()   // Optional[TLSv1_2]
 * Method.DTLS_METHOD.isDatagram()        // true
 * }</pre>
 *
 * <h2>Security</h2>
 * Prefer {@link #TLS_METHOD}, {@link #TLS_CLIENT_METHOD} or {@link #TLS_SERVER_METHOD} with a minimum version;
 * pyOpenSSL deprecates the version-pinned methods.
 */
public enum Method {
    /**
     * SSL 2.0. Documented by the seed with pyOpenSSL's historical value 1, but removed from pyOpenSSL (and OpenSSL 3
     * has no SSLv2): kept so that the seed's name has a twin. {@link #fixedVersion()} is empty because
     * {@link TlsVersion} has no SSL 2.0.
     */
    SSLv2_METHOD(1, null, false),
    /**
     * SSL 3.0. Documented by the seed with pyOpenSSL's historical value 2, but removed from pyOpenSSL: kept so that the
     * seed's name has a twin.
     */
    SSLv3_METHOD(2, TlsVersion.SSLv3, false),
    /** Any TLS version, client or server (pyOpenSSL maps it to OpenSSL's {@code TLS_method}). Deprecated. */
    SSLv23_METHOD(3, null, false),
    /** TLS 1.0 only. Deprecated. */
    TLSv1_METHOD(4, TlsVersion.TLSv1, false),
    /** TLS 1.1 only. Deprecated. */
    TLSv1_1_METHOD(5, TlsVersion.TLSv1_1, false),
    /** TLS 1.2 only. Deprecated. */
    TLSv1_2_METHOD(6, TlsVersion.TLSv1_2, false),
    /** Any TLS version, client or server. */
    TLS_METHOD(7, null, false),
    /** Any TLS version, server side. */
    TLS_SERVER_METHOD(8, null, false),
    /** Any TLS version, client side. */
    TLS_CLIENT_METHOD(9, null, false),
    /** DTLS, client or server. */
    DTLS_METHOD(10, null, true),
    /** DTLS, server side. */
    DTLS_SERVER_METHOD(11, null, true),
    /** DTLS, client side. */
    DTLS_CLIENT_METHOD(12, null, true);

    private static final Map<Integer, Method> BY_CODE =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(Method::code, Function.identity()));

    private final int code;
    private final TlsVersion fixedVersion;
    private final boolean datagram;

    Method(int code, TlsVersion fixedVersion, boolean datagram) {
        this.code = code;
        this.fixedVersion = fixedVersion;
        this.datagram = datagram;
    }

    /** pyOpenSSL's numeric value. */
    public int code() {
        return code;
    }

    /**
     * The one version this method pins (pyOpenSSL sets it as both minimum and maximum), e.g. {@link #TLSv1_2_METHOD}
     * gives {@link TlsVersion#TLSv1_2}; empty for version-flexible methods, DTLS methods and {@link #SSLv2_METHOD}.
     */
    public Optional<TlsVersion> fixedVersion() {
        return Optional.ofNullable(fixedVersion);
    }

    /** True for the {@code DTLS_*} methods (datagram TLS, RFC 6347/9147). */
    public boolean isDatagram() {
        return datagram;
    }

    /** The constant with this numeric value, if any. */
    public static Optional<Method> fromCode(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }
}
