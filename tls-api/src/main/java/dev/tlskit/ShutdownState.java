package dev.tlskit;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * pyOpenSSL's {@code SENT_SHUTDOWN} and {@code RECEIVED_SHUTDOWN}: which close_notify alerts a connection has sent and
 * received, as {@link TlsConnection#getShutdown()} reports them (OpenSSL's {@code SSL_get_shutdown} bits).
 *
 * <pre>{@code
 * conn.shutdown();                    // false: close_notify sent, the peer's not yet received
 * conn.getShutdown();                 // [SENT_SHUTDOWN]
 * }</pre>
 */
public enum ShutdownState {
    /** pyOpenSSL {@code SENT_SHUTDOWN} (1): this side has sent close_notify. */
    SENT_SHUTDOWN(1),
    /** pyOpenSSL {@code RECEIVED_SHUTDOWN} (2): the peer's close_notify has arrived. */
    RECEIVED_SHUTDOWN(2);

    private final int code;

    ShutdownState(int code) {
        this.code = code;
    }

    /** The seed's number. */
    public int code() {
        return code;
    }

    /** The constant with this number, if any. */
    public static Optional<ShutdownState> fromCode(int code) {
        for (ShutdownState s : values()) {
            if (s.code == code) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The OpenSSL bit mask of a set. */
    public static int toBits(Set<ShutdownState> states) {
        int bits = 0;
        for (ShutdownState s : states) {
            bits |= s.code;
        }
        return bits;
    }

    /** The set a bit mask names; unknown bits are ignored. */
    public static EnumSet<ShutdownState> fromBits(int bits) {
        EnumSet<ShutdownState> set = EnumSet.noneOf(ShutdownState.class);
        for (ShutdownState s : values()) {
            if ((bits & s.code) != 0) {
                set.add(s);
            }
        }
        return set;
    }
}
