package dev.tlskit;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * pyOpenSSL's verification mode bits: the seed's {@code OpenSSL.SSL.VERIFY_*} (the {@code mode} of
 * {@code Context.set_verify(mode, callback)}), a flag family. Values equal pyOpenSSL's (OpenSSL's
 * {@code SSL_VERIFY_*}).
 *
 * <h2>Seed</h2>
 * pyOpenSSL {@code VERIFY_NONE}, {@code VERIFY_PEER}, {@code VERIFY_FAIL_IF_NO_PEER_CERT},
 * {@code VERIFY_CLIENT_ONCE}. The Python {@code ssl} counterpart is {@link VerifyMode}; Python's own
 * {@code VERIFY_*} names are {@link VerifyFlag}.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * int mode = PeerVerify.toBits(EnumSet.of(VERIFY_PEER, VERIFY_FAIL_IF_NO_PEER_CERT));   // 3
 * PeerVerify.fromBits(3)                                                                // [VERIFY_PEER, VERIFY_FAIL_IF_NO_PEER_CERT]
 * }</pre>
 *
 * <h2>Sets and bits</h2>
 * {@link #toBits(Set)} ORs the codes. {@link #fromBits(int)} returns the single-bit members that are set: never
 * {@link #VERIFY_NONE} (0); unknown bits are ignored. {@link #VERIFY_FAIL_IF_NO_PEER_CERT} and
 * {@link #VERIFY_CLIENT_ONCE} only mean something together with {@link #VERIFY_PEER} on a server.
 *
 * <h2>Security</h2>
 * {@link #VERIFY_NONE} on a client accepts any certificate.
 */
public enum PeerVerify {
    /** <b>Insecure</b> on a client: no verification (0, the empty set). Never returned by {@link #fromBits(int)}. */
    VERIFY_NONE(0),
    /** Verify the peer's certificate; a server also asks the client for one. */
    VERIFY_PEER(1),
    /** Server, with {@link #VERIFY_PEER}: fail the handshake if the client sends no certificate. */
    VERIFY_FAIL_IF_NO_PEER_CERT(2),
    /** Server, with {@link #VERIFY_PEER}: ask for a client certificate only in the first handshake. */
    VERIFY_CLIENT_ONCE(4);

    private static final Map<Integer, PeerVerify> BY_CODE =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(PeerVerify::code, Function.identity()));

    private final int code;

    PeerVerify(int code) {
        this.code = code;
    }

    /** pyOpenSSL's numeric value. */
    public int code() {
        return code;
    }

    /** The constant with exactly this value, if any ({@code fromCode(0)} is {@link #VERIFY_NONE}). */
    public static Optional<PeerVerify> fromCode(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** The OR of the members' codes; {@code 0} for an empty set. */
    public static int toBits(Set<PeerVerify> modes) {
        int bits = 0;
        for (PeerVerify m : modes) {
            bits |= m.code;
        }
        return bits;
    }

    /** The single-bit members set in {@code bits}; never {@link #VERIFY_NONE}; unknown bits are ignored. */
    public static EnumSet<PeerVerify> fromBits(int bits) {
        EnumSet<PeerVerify> set = EnumSet.noneOf(PeerVerify.class);
        for (PeerVerify m : values()) {
            if (Integer.bitCount(m.code) == 1 && (bits & m.code) != 0) {
                set.add(m);
            }
        }
        return set;
    }
}
