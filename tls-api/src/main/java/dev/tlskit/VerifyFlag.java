package dev.tlskit;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Certificate-verification flags: the seed's {@code ssl.VerifyFlags} ({@code VERIFY_*},
 * {@code SSLContext.verify_flags}), a flag family. Values equal CPython's on OpenSSL 3 (they are OpenSSL's
 * {@code X509_V_FLAG_*} bits).
 *
 * <h2>Seed</h2>
 * Python {@code ssl} constants {@code VERIFY_*}. Not to be confused with pyOpenSSL's {@code VERIFY_*}
 * ({@code VERIFY_PEER}, ...), which are {@link PeerVerify}.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * int bits = VerifyFlag.toBits(EnumSet.of(VERIFY_X509_STRICT, VERIFY_X509_TRUSTED_FIRST));   // 0x8020
 * VerifyFlag.fromBits(bits)                                                                  // [VERIFY_X509_STRICT, VERIFY_X509_TRUSTED_FIRST]
 * }</pre>
 *
 * <h2>Sets and bits</h2>
 * {@link #toBits(Set)} ORs the codes. {@link #fromBits(int)} returns every member whose bits are all set, except
 * zero-valued members ({@link #VERIFY_DEFAULT} never appears) and members contained in another returned member
 * ({@code 12} gives {@link #VERIFY_CRL_CHECK_CHAIN} alone, not also {@link #VERIFY_CRL_CHECK_LEAF}). Bits that no
 * member covers are ignored, so keep the {@code int} if you need it unchanged.
 */
public enum VerifyFlag {
    /** No flags (0): the empty set. Never returned by {@link #fromBits(int)}. */
    VERIFY_DEFAULT(0),
    /** Check the leaf certificate against a CRL; a CRL for its issuer must be loaded. */
    VERIFY_CRL_CHECK_LEAF(0x4),
    /**
     * Check every certificate in the chain against CRLs. Composite: {@link #VERIFY_CRL_CHECK_LEAF} plus OpenSSL's
     * {@code X509_V_FLAG_CRL_CHECK_ALL} (0x8), which has no seed name of its own.
     */
    VERIFY_CRL_CHECK_CHAIN(0xc),
    /**
     * Disable workarounds for broken X.509 certificates. In a tlskit handshake this also turns on the WebPKI profile
     * rules (RFC 5280 / CA/Browser Forum: serial numbers, key identifiers, critical basicConstraints, weak keys,
     * CA certificates as leaves, ...), which {@code CertificateVerifier} applies by default;
     * {@code Tls.createDefaultContext} sets this flag, as CPython 3.13's {@code create_default_context} does.
     */
    VERIFY_X509_STRICT(0x20),
    /**
     * Allow proxy certificates (RFC 3820). Refused by {@code TlsContext.setVerifyFlags} with
     * {@link UnsupportedFeatureException}: tlskit's verifier has no proxy-certificate path validation.
     */
    VERIFY_ALLOW_PROXY_CERTS(0x40),
    /** Prefer trusted certificates when building the chain (OpenSSL's default since 1.1.0). */
    VERIFY_X509_TRUSTED_FIRST(0x8000),
    /** Accept a chain that ends at a trusted intermediate, not a self-signed root. */
    VERIFY_X509_PARTIAL_CHAIN(0x80000);

    private static final Map<Integer, VerifyFlag> BY_CODE =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(VerifyFlag::code, Function.identity()));

    private final int code;

    VerifyFlag(int code) {
        this.code = code;
    }

    /** The seed's numeric value (for {@link #VERIFY_CRL_CHECK_CHAIN}, two bits). */
    public int code() {
        return code;
    }

    /** The constant with exactly this value, if any ({@code fromCode(0)} is {@link #VERIFY_DEFAULT}). */
    public static Optional<VerifyFlag> fromCode(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** The OR of the flags' codes; {@code 0} for an empty set. */
    public static int toBits(Set<VerifyFlag> flags) {
        int bits = 0;
        for (VerifyFlag f : flags) {
            bits |= f.code;
        }
        return bits;
    }

    /**
     * The members whose bits are all set in {@code bits}: never a zero-valued member, never a member contained in
     * another returned member; unknown bits are ignored (see the class documentation).
     */
    public static EnumSet<VerifyFlag> fromBits(int bits) {
        EnumSet<VerifyFlag> set = EnumSet.noneOf(VerifyFlag.class);
        for (VerifyFlag f : values()) {
            if (f.code != 0 && (bits & f.code) == f.code) {
                set.add(f);
            }
        }
        // copy: the containment test must see every matched member, not the shrinking set
        EnumSet<VerifyFlag> matched = EnumSet.copyOf(set);
        set.removeIf(f -> matched.stream().anyMatch(g -> g != f && (g.code & f.code) == f.code));
        return set;
    }
}
