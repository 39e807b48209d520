package dev.tlskit;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The protocol a context is created for: the seed's {@code ssl._SSLMethod} ({@code PROTOCOL_*}, the argument of
 * {@code ssl.SSLContext(protocol)}). Values equal CPython's.
 *
 * <h2>Seed</h2>
 * Python {@code ssl} constants {@code PROTOCOL_*} (parity lines CONST-02, CONST-05). {@code PROTOCOL_SSLv23} is the
 * seed's alias of {@code PROTOCOL_TLS}: here the field {@link #PROTOCOL_SSLv23}, the same object.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * Protocol.PROTOCOL_TLS_CLIENT.isClientOnly()         // true
 * Protocol.PROTOCOL_TLSv1_2.fixedVersion()            // Optional[TLSv1_2]
 * Protocol.fromCode(2)                                // Optional[PROTOCOL_TLS]
 * }</pre>
 *
 * <h2>Security</h2>
 * Use {@link #PROTOCOL_TLS_CLIENT} or {@link #PROTOCOL_TLS_SERVER} and set a minimum {@link TlsVersion}; the seed
 * deprecates every other member since Python 3.10.
 */
public enum Protocol {
    /**
     * SSL 2.0 only. Documented by the seed but absent from CPython built against OpenSSL 3 (OpenSSL 3 has no SSLv2), so
     * {@code ssl.PROTOCOL_SSLv2} does not exist there; kept so that the seed's name and value (0) have a twin.
     * {@link #fixedVersion()} is empty because {@link TlsVersion} has no SSL 2.0.
     */
    PROTOCOL_SSLv2(0, null, false, false),
    /**
     * SSL 3.0 only. Documented by the seed but absent from CPython built against this OpenSSL 3 (built without SSLv3
     * methods), so {@code ssl.PROTOCOL_SSLv3} does not exist there; kept so that the seed's name and value (1) have a
     * twin.
     */
    PROTOCOL_SSLv3(1, TlsVersion.SSLv3, false, false),
    /**
     * Client or server, highest version both sides support. Deprecated by the seed since 3.10:
     * {@code TlsContext.create} logs the seed's warning; use
     * {@link #PROTOCOL_TLS_CLIENT} or {@link #PROTOCOL_TLS_SERVER}.
     */
    @Deprecated
    PROTOCOL_TLS(2, null, false, false),
    /**
     * TLS 1.0 only. Deprecated by the seed since 3.6: {@code TlsContext.create} logs the seed's warning; use
     * {@link #PROTOCOL_TLS_CLIENT} or {@link #PROTOCOL_TLS_SERVER}.
     */
    @Deprecated
    PROTOCOL_TLSv1(3, TlsVersion.TLSv1, false, false),
    /**
     * TLS 1.1 only. Deprecated by the seed since 3.6: {@code TlsContext.create} logs the seed's warning; use
     * {@link #PROTOCOL_TLS_CLIENT} or {@link #PROTOCOL_TLS_SERVER}.
     */
    @Deprecated
    PROTOCOL_TLSv1_1(4, TlsVersion.TLSv1_1, false, false),
    /**
     * TLS 1.2 only. Deprecated by the seed since 3.6: {@code TlsContext.create} logs the seed's warning; use
     * {@link #PROTOCOL_TLS_CLIENT} or {@link #PROTOCOL_TLS_SERVER}.
     */
    @Deprecated
    PROTOCOL_TLSv1_2(5, TlsVersion.TLSv1_2, false, false),
    /** Client side, highest shared version; the seed turns on {@code CERT_REQUIRED} and hostname checking. */
    PROTOCOL_TLS_CLIENT(16, null, true, false),
    /** Server side, highest shared version. */
    PROTOCOL_TLS_SERVER(17, null, false, true);

    /**
     * The seed's alias of {@link #PROTOCOL_TLS} (same value, 2): {@code PROTOCOL_TLS == PROTOCOL_SSLv23}. It is the
     * same object, so it prints as {@code PROTOCOL_TLS}, as CPython's enum does. Deprecated by the seed.
     */
    @Deprecated
    public static final Protocol PROTOCOL_SSLv23 = PROTOCOL_TLS;

    private static final Map<Integer, Protocol> BY_CODE =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(Protocol::code, Function.identity()));

    private final int code;
    private final TlsVersion fixedVersion;
    private final boolean clientOnly;
    private final boolean serverOnly;

    Protocol(int code, TlsVersion fixedVersion, boolean clientOnly, boolean serverOnly) {
        this.code = code;
        this.fixedVersion = fixedVersion;
        this.clientOnly = clientOnly;
        this.serverOnly = serverOnly;
    }

    /** The seed's numeric value. */
    public int code() {
        return code;
    }

    /** True only for {@link #PROTOCOL_TLS_CLIENT}: a context that can only make client connections. */
    public boolean isClientOnly() {
        return clientOnly;
    }

    /** True only for {@link #PROTOCOL_TLS_SERVER}: a context that can only accept server connections. */
    public boolean isServerOnly() {
        return serverOnly;
    }

    /**
     * The one version this protocol pins ({@link #PROTOCOL_TLSv1_2} gives {@link TlsVersion#TLSv1_2}); empty for the
     * version-flexible {@code PROTOCOL_TLS*} members and for {@link #PROTOCOL_SSLv2}.
     */
    public Optional<TlsVersion> fixedVersion() {
        return Optional.ofNullable(fixedVersion);
    }

    /** The constant with this numeric value, if any ({@code fromCode(2)} is {@link #PROTOCOL_TLS}). */
    public static Optional<Protocol> fromCode(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }
}
