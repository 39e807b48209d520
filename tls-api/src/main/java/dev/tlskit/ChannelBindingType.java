package dev.tlskit;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Channel-binding types (RFC 5929): the seed's {@code ssl.CHANNEL_BINDING_TYPES}, the {@code cb_type} of
 * {@code SSLSocket.get_channel_binding(cb_type)}.
 *
 * <h2>Seed</h2>
 * Python {@code ssl.CHANNEL_BINDING_TYPES == ['tls-unique']}. Unlike the other constants this family has no number in
 * any seed: its identity is the string, so it has {@link #seedName()}/{@link #fromSeedName(String)} instead of
 * {@code code()}/{@code fromCode}. Which types a backend can produce is a capability of the provider.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * ChannelBindingType.fromSeedName("tls-unique")   // Optional[TLS_UNIQUE]
 * }</pre>
 *
 * <h2>Security</h2>
 * {@code tls-unique} is not defined for TLS 1.3 (RFC 8446 §C.5) and is unsafe with TLS 1.2 session resumption unless
 * the extended master secret (RFC 7627) is in use.
 */
public enum ChannelBindingType {
    /** The first Finished message of the handshake (RFC 5929 §3). */
    TLS_UNIQUE("tls-unique");

    private static final Map<String, ChannelBindingType> BY_SEED_NAME =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(ChannelBindingType::seedName, Function.identity()));

    private final String seedName;

    ChannelBindingType(String seedName) {
        this.seedName = seedName;
    }

    /** The seed's name, e.g. {@code "tls-unique"}. */
    public String seedName() {
        return seedName;
    }

    /** The constant with this seed name (exact, case-sensitive), if any. */
    public static Optional<ChannelBindingType> fromSeedName(String seedName) {
        return Optional.ofNullable(seedName == null ? null : BY_SEED_NAME.get(seedName));
    }
}
