package dev.tlskit;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Whether and how a context verifies the peer's certificate: the seed's {@code ssl.VerifyMode} ({@code CERT_*},
 * {@code SSLContext.verify_mode}). Values equal CPython's.
 *
 * <h2>Seed</h2>
 * Python {@code ssl} constants {@code CERT_NONE}, {@code CERT_OPTIONAL}, {@code CERT_REQUIRED}. The pyOpenSSL
 * counterpart (a bit set passed to {@code Context.set_verify}) is {@link PeerVerify}.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * VerifyMode.fromCode(2)   // Optional[CERT_REQUIRED]
 * }</pre>
 *
 * <h2>Security</h2>
 * {@link #CERT_NONE} on a client accepts any certificate, so any active attacker can read the traffic.
 */
public enum VerifyMode {
    /**
     * <b>Insecure</b> on a client: no certificate is requested or checked. On a server: no client certificate is
     * requested (the seed's server default).
     */
    CERT_NONE(0),
    /** A certificate is checked if the peer sends one; a server asks for one but does not insist. */
    CERT_OPTIONAL(1),
    /** The peer must send a certificate that verifies; the handshake fails otherwise. */
    CERT_REQUIRED(2);

    private static final Map<Integer, VerifyMode> BY_CODE =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(VerifyMode::code, Function.identity()));

    private final int code;

    VerifyMode(int code) {
        this.code = code;
    }

    /** The seed's numeric value. */
    public int code() {
        return code;
    }

    /** The constant with this numeric value, if any. */
    public static Optional<VerifyMode> fromCode(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }
}
