package dev.tlskit;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * What a server's {@link AlpnSelectCallback} decided: one protocol the client offered, pyOpenSSL's
 * {@code NO_OVERLAPPING_PROTOCOLS} (go on without ALPN), or a refusal that ends the handshake with the
 * {@code no_application_protocol} alert (RFC 7301 section 3.2), which pyOpenSSL gets by raising in the callback.
 *
 * <pre>{@code
 * ctx.setAlpnSelectCallback((conn, offered) -> offered.contains("h2") ? AlpnSelection.of("h2")
 *         : AlpnSelection.NO_OVERLAPPING_PROTOCOLS);
 * }</pre>
 */
public final class AlpnSelection {
    /** pyOpenSSL {@code NO_OVERLAPPING_PROTOCOLS}: the handshake continues and no protocol is selected. */
    public static final AlpnSelection NO_OVERLAPPING_PROTOCOLS = new AlpnSelection(null, false);
    /** Fail the handshake with the fatal {@code no_application_protocol} alert (pyOpenSSL: raise in the callback). */
    public static final AlpnSelection NO_APPLICATION_PROTOCOL = new AlpnSelection(null, true);

    private final String protocol;
    private final boolean refuse;

    private AlpnSelection(String protocol, boolean refuse) {
        this.protocol = protocol;
        this.refuse = refuse;
    }

    /**
     * Select {@code protocol}, which must be one of the protocols the client offered (else the handshake fails with
     * {@code no_application_protocol}, as RFC 7301 requires).
     *
     * @throws IllegalArgumentException when the name is empty or longer than 255 bytes
     */
    public static AlpnSelection of(String protocol) {
        int len = Objects.requireNonNull(protocol, "protocol").getBytes(StandardCharsets.UTF_8).length;
        if (len < 1 || len > 255) {
            throw new IllegalArgumentException("an ALPN protocol must be 1 to 255 bytes long (got " + len + ")");
        }
        return new AlpnSelection(protocol, false);
    }

    /** The selected protocol; empty for {@link #NO_OVERLAPPING_PROTOCOLS} and {@link #NO_APPLICATION_PROTOCOL}. */
    public Optional<String> protocol() {
        return Optional.ofNullable(protocol);
    }

    /** Whether this fails the handshake ({@link #NO_APPLICATION_PROTOCOL}). */
    public boolean isRefusal() {
        return refuse;
    }

    @Override
    public String toString() {
        return protocol != null ? "AlpnSelection[" + protocol + "]"
                : refuse ? "NO_APPLICATION_PROTOCOL" : "NO_OVERLAPPING_PROTOCOLS";
    }
}
