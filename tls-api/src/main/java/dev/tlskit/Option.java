package dev.tlskit;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Context options: the seed's {@code ssl.Options} ({@code OP_*}, {@code SSLContext.options}) together with every
 * {@code OP_*} of pyOpenSSL's {@code OpenSSL.SSL} ({@code Context.set_options}), a 64-bit flag family. Values equal
 * CPython's and pyOpenSSL's on OpenSSL 3 (they are OpenSSL's {@code SSL_OP_*} bits).
 *
 * <h2>Seed</h2>
 * Python {@code ssl} constants {@code OP_*} and pyOpenSSL {@code OP_*} (parity lines CONST-02, CONST-05). The two
 * seeds agree on every shared name except {@link #OP_ALL} (see there).
 *
 * <h2>Example</h2>
 * <pre>{@code
 * long bits = Option.toBits(EnumSet.of(OP_NO_COMPRESSION, OP_NO_TLSv1, OP_NO_TLSv1_1));
 * Option.fromBits(bits)     // [OP_NO_COMPRESSION, OP_NO_TLSv1, OP_NO_TLSv1_1]
 * }</pre>
 *
 * <h2>Bits are unsigned</h2>
 * OpenSSL's options are an unsigned 64-bit mask, and the seed never sign-extends them ({@code OP_ALL} is
 * 2147483728, not negative). {@link #code()} is a {@code long} that holds that mask; every value defined today is
 * below 2<sup>63</sup> and so also non-negative as a signed {@code long}. Print masks with
 * {@link Long#toUnsignedString(long)} or {@code 0x%x}.
 *
 * <h2>Sets and bits</h2>
 * {@link #toBits(Set)} ORs the codes (composite {@link #OP_ALL} included). {@link #fromBits(long)} decomposes a mask
 * into single-bit members only: it never returns {@link #OP_ALL} or a zero-valued member, and bits that no single-bit
 * member names (such as {@code OP_ALL}'s bug-workaround bits {@code 0x80000050}) are dropped. Keep the {@code long}
 * when you need the mask unchanged.
 *
 * <h2>Aliases</h2>
 * On OpenSSL 3 many options are retired and have the value 0. CPython makes {@code OP_SINGLE_DH_USE} and
 * {@code OP_SINGLE_ECDH_USE} aliases of {@code OP_NO_SSLv2} (the first zero-valued name); this enum does the same for
 * every zero-valued name of both seeds: each is a {@code public static final} field that <em>is</em>
 * {@link #OP_NO_SSLv2}, so it contributes nothing to a mask, as in the seeds.
 */
public enum Option {
    // --- Python ssl (and pyOpenSSL) ---

    /**
     * A set of OpenSSL bug workarounds (composite, never returned by {@link #fromBits(long)}). The seeds differ here:
     * CPython's {@code ssl.OP_ALL} is OpenSSL's {@code SSL_OP_ALL} without {@link #OP_DONT_INSERT_EMPTY_FRAGMENTS}
     * ({@code 0x80000050}, the value used here), while pyOpenSSL's {@code OpenSSL.SSL.OP_ALL} is {@code SSL_OP_ALL}
     * itself ({@code 0x80000850}). pyOpenSSL's mask is therefore
     * {@code toBits(EnumSet.of(OP_ALL, OP_DONT_INSERT_EMPTY_FRAGMENTS))}.
     */
    OP_ALL(0x80000050L),
    /**
     * Disable SSL 2.0. Zero on OpenSSL 3, which has no SSL 2.0; the canonical zero-valued member, of which the retired
     * options below are aliases. Never returned by {@link #fromBits(long)}.
     */
    OP_NO_SSLv2(0L),
    /** Disable SSL 3.0. */
    OP_NO_SSLv3(0x02000000L),
    /** Disable TLS 1.0. Deprecated by the seed in favour of a minimum {@link TlsVersion}. */
    OP_NO_TLSv1(0x04000000L),
    /** Disable TLS 1.1. Deprecated by the seed in favour of a minimum {@link TlsVersion}. */
    OP_NO_TLSv1_1(0x10000000L),
    /** Disable TLS 1.2. Deprecated by the seed in favour of a maximum {@link TlsVersion}. */
    OP_NO_TLSv1_2(0x08000000L),
    /** Disable TLS 1.3. Deprecated by the seed in favour of a maximum {@link TlsVersion}. */
    OP_NO_TLSv1_3(0x20000000L),
    /** Server: choose the cipher suite by the server's preference order, not the client's. */
    OP_CIPHER_SERVER_PREFERENCE(0x00400000L),
    /** Disable TLS-level compression (CRIME). */
    OP_NO_COMPRESSION(0x00020000L),
    /** Disable stateless session tickets (RFC 5077). */
    OP_NO_TICKET(0x00004000L),
    /** Disable all renegotiation (TLS 1.2 and below). */
    OP_NO_RENEGOTIATION(0x40000000L),
    /** Send dummy change-cipher-spec messages in TLS 1.3 so that middleboxes see a TLS 1.2-like handshake. */
    OP_ENABLE_MIDDLEBOX_COMPAT(0x00100000L),
    /** Treat an EOF without close_notify as a normal end of stream (the seed's ragged EOF). */
    OP_IGNORE_UNEXPECTED_EOF(0x80L),
    /**
     * Client: allow the initial handshake with a server that lacks RFC 5746 secure renegotiation (CPython 3.12+
     * {@code ssl.OP_LEGACY_SERVER_CONNECT}; off by default, as on OpenSSL 3). tlskit's backends never renegotiate
     * insecurely, so they accept the option either way ({@link dev.tlskit.spi.TlsProvider.OptionSupport#NOT_NEEDED}).
     */
    OP_LEGACY_SERVER_CONNECT(0x4L),

    // --- pyOpenSSL only ---

    /** pyOpenSSL only: DTLS cookie exchange (RFC 6347 HelloVerifyRequest). */
    OP_COOKIE_EXCHANGE(0x2000L),
    /**
     * pyOpenSSL only: do not insert empty fragments (the CBC/BEAST countermeasure of TLS 1.0). Part of pyOpenSSL's
     * {@code OP_ALL} but not of CPython's (see {@link #OP_ALL}).
     */
    OP_DONT_INSERT_EMPTY_FRAGMENTS(0x800L),
    /** pyOpenSSL only: DTLS, do not query the path MTU. */
    OP_NO_QUERY_MTU(0x1000L),
    /** pyOpenSSL only: tolerate a wrong version in the RSA premaster secret (a client bug workaround). */
    OP_TLS_ROLLBACK_BUG(0x00800000L);

    // --- Aliases: zero-valued names (retired options on OpenSSL 3); each is OP_NO_SSLv2, as in CPython ---

    /** Alias of {@link #OP_NO_SSLv2} (0): always on since OpenSSL 1.1.0. Python {@code ssl} and pyOpenSSL. */
    public static final Option OP_SINGLE_DH_USE = OP_NO_SSLv2;
    /** Alias of {@link #OP_NO_SSLv2} (0): always on since OpenSSL 1.1.0. Python {@code ssl} and pyOpenSSL. */
    public static final Option OP_SINGLE_ECDH_USE = OP_NO_SSLv2;
    /** Alias of {@link #OP_NO_SSLv2} (0): retired. pyOpenSSL only. */
    public static final Option OP_EPHEMERAL_RSA = OP_NO_SSLv2;
    /** Alias of {@link #OP_NO_SSLv2} (0): retired. pyOpenSSL only. */
    public static final Option OP_MICROSOFT_BIG_SSLV3_BUFFER = OP_NO_SSLv2;
    /** Alias of {@link #OP_NO_SSLv2} (0): retired. pyOpenSSL only. */
    public static final Option OP_MICROSOFT_SESS_ID_BUG = OP_NO_SSLv2;
    /** Alias of {@link #OP_NO_SSLv2} (0): retired. pyOpenSSL only. */
    public static final Option OP_MSIE_SSLV2_RSA_PADDING = OP_NO_SSLv2;
    /** Alias of {@link #OP_NO_SSLv2} (0): retired. pyOpenSSL only. */
    public static final Option OP_NETSCAPE_CA_DN_BUG = OP_NO_SSLv2;
    /** Alias of {@link #OP_NO_SSLv2} (0): retired. pyOpenSSL only. */
    public static final Option OP_NETSCAPE_CHALLENGE_BUG = OP_NO_SSLv2;
    /** Alias of {@link #OP_NO_SSLv2} (0): retired. pyOpenSSL only. */
    public static final Option OP_NETSCAPE_DEMO_CIPHER_CHANGE_BUG = OP_NO_SSLv2;
    /** Alias of {@link #OP_NO_SSLv2} (0): retired. pyOpenSSL only. */
    public static final Option OP_NETSCAPE_REUSE_CIPHER_CHANGE_BUG = OP_NO_SSLv2;
    /** Alias of {@link #OP_NO_SSLv2} (0): retired. pyOpenSSL only. */
    public static final Option OP_PKCS1_CHECK_1 = OP_NO_SSLv2;
    /** Alias of {@link #OP_NO_SSLv2} (0): retired. pyOpenSSL only. */
    public static final Option OP_PKCS1_CHECK_2 = OP_NO_SSLv2;
    /** Alias of {@link #OP_NO_SSLv2} (0): retired. pyOpenSSL only. */
    public static final Option OP_SSLEAY_080_CLIENT_DH_BUG = OP_NO_SSLv2;
    /** Alias of {@link #OP_NO_SSLv2} (0): retired. pyOpenSSL only. */
    public static final Option OP_SSLREF2_REUSE_CERT_TYPE_BUG = OP_NO_SSLv2;
    /** Alias of {@link #OP_NO_SSLv2} (0): retired. pyOpenSSL only. */
    public static final Option OP_TLS_BLOCK_PADDING_BUG = OP_NO_SSLv2;
    /** Alias of {@link #OP_NO_SSLv2} (0): retired. pyOpenSSL only. */
    public static final Option OP_TLS_D5_BUG = OP_NO_SSLv2;

    private static final Map<Long, Option> BY_CODE =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(Option::code, Function.identity()));

    private final long code;

    Option(long code) {
        this.code = code;
    }

    /** The seed's value as an unsigned 64-bit mask (see the class documentation). */
    public long code() {
        return code;
    }

    /**
     * The constant with exactly this value, if any: {@code fromCode(0)} is {@link #OP_NO_SSLv2} (as CPython's
     * {@code ssl.Options(0)}), and {@code fromCode(0x80000050L)} is {@link #OP_ALL}.
     */
    public static Optional<Option> fromCode(long code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** The OR of the options' codes; {@code 0} for an empty set. */
    public static long toBits(Set<Option> options) {
        long bits = 0;
        for (Option o : options) {
            bits |= o.code;
        }
        return bits;
    }

    /**
     * The single-bit members set in {@code bits}: never {@link #OP_ALL}, never a zero-valued member; other bits are
     * ignored (see the class documentation).
     */
    public static EnumSet<Option> fromBits(long bits) {
        EnumSet<Option> set = EnumSet.noneOf(Option.class);
        for (Option o : values()) {
            if (Long.bitCount(o.code) == 1 && (bits & o.code) != 0) {
                set.add(o);
            }
        }
        return set;
    }
}
