package dev.tlskit;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Session-cache behaviour: the seed's pyOpenSSL {@code SESS_CACHE_*} (the argument of
 * {@code Context.set_session_cache_mode}), a flag family. Values equal pyOpenSSL's (OpenSSL's
 * {@code SSL_SESS_CACHE_*}).
 *
 * <h2>Seed</h2>
 * pyOpenSSL {@code SESS_CACHE_OFF} ... {@code SESS_CACHE_NO_INTERNAL}.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * int mode = SessionCacheMode.toBits(EnumSet.of(SESS_CACHE_BOTH, SESS_CACHE_NO_AUTO_CLEAR));   // 0x83
 * SessionCacheMode.fromBits(mode)   // [SESS_CACHE_CLIENT, SESS_CACHE_SERVER, SESS_CACHE_NO_AUTO_CLEAR]
 * }</pre>
 *
 * <h2>Sets and bits</h2>
 * {@link #toBits(Set)} ORs the codes (composites included). {@link #fromBits(int)} decomposes a mask into single-bit
 * members only: it never returns {@link #SESS_CACHE_OFF} (0) or the composites {@link #SESS_CACHE_BOTH} and
 * {@link #SESS_CACHE_NO_INTERNAL}, which appear as their parts; unknown bits are ignored.
 */
public enum SessionCacheMode {
    /** No session caching (0, the empty set). Never returned by {@link #fromBits(int)}. */
    SESS_CACHE_OFF(0),
    /** Cache client sessions. */
    SESS_CACHE_CLIENT(0x1),
    /** Cache server sessions (OpenSSL's default for a server). */
    SESS_CACHE_SERVER(0x2),
    /** Composite: {@link #SESS_CACHE_CLIENT} and {@link #SESS_CACHE_SERVER}. Never returned by {@link #fromBits(int)}. */
    SESS_CACHE_BOTH(0x3),
    /** Do not flush expired sessions automatically every 255 connections. */
    SESS_CACHE_NO_AUTO_CLEAR(0x80),
    /** Do not look sessions up in the internal cache (only through the external callback). */
    SESS_CACHE_NO_INTERNAL_LOOKUP(0x100),
    /** Do not store sessions in the internal cache. */
    SESS_CACHE_NO_INTERNAL_STORE(0x200),
    /**
     * Composite: {@link #SESS_CACHE_NO_INTERNAL_LOOKUP} and {@link #SESS_CACHE_NO_INTERNAL_STORE}. Never returned by
     * {@link #fromBits(int)}.
     */
    SESS_CACHE_NO_INTERNAL(0x300);

    private static final Map<Integer, SessionCacheMode> BY_CODE =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(SessionCacheMode::code, Function.identity()));

    private final int code;

    SessionCacheMode(int code) {
        this.code = code;
    }

    /** pyOpenSSL's numeric value (for a composite, several bits). */
    public int code() {
        return code;
    }

    /** The constant with exactly this value, if any ({@code fromCode(3)} is {@link #SESS_CACHE_BOTH}). */
    public static Optional<SessionCacheMode> fromCode(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** The OR of the members' codes; {@code 0} for an empty set. */
    public static int toBits(Set<SessionCacheMode> modes) {
        int bits = 0;
        for (SessionCacheMode m : modes) {
            bits |= m.code;
        }
        return bits;
    }

    /** The single-bit members set in {@code bits}; never a zero-valued or composite member; unknown bits are ignored. */
    public static EnumSet<SessionCacheMode> fromBits(int bits) {
        EnumSet<SessionCacheMode> set = EnumSet.noneOf(SessionCacheMode.class);
        for (SessionCacheMode m : values()) {
            if (Integer.bitCount(m.code) == 1 && (bits & m.code) != 0) {
                set.add(m);
            }
        }
        return set;
    }
}
