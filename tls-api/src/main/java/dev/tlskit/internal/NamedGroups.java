package dev.tlskit.internal;

import java.util.Map;
import java.util.Optional;

/**
 * Names of the TLS key-exchange groups (IANA "TLS Supported Groups"), spelled as OpenSSL 3's
 * {@code SSL_get0_group_name} does, for pyOpenSSL's {@code get_group_name()}. Unknown codes keep their number
 * ({@code "0x1234"}), so a new group never fails a caller.
 */
public final class NamedGroups {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0x0017, "secp256r1"), Map.entry(0x0018, "secp384r1"), Map.entry(0x0019, "secp521r1"),
            Map.entry(0x001a, "brainpoolP256r1"), Map.entry(0x001b, "brainpoolP384r1"),
            Map.entry(0x001c, "brainpoolP512r1"), Map.entry(0x001d, "x25519"), Map.entry(0x001e, "x448"),
            Map.entry(0x001f, "brainpoolP256r1tls13"), Map.entry(0x0020, "brainpoolP384r1tls13"),
            Map.entry(0x0021, "brainpoolP512r1tls13"), Map.entry(0x0100, "ffdhe2048"), Map.entry(0x0101, "ffdhe3072"),
            Map.entry(0x0102, "ffdhe4096"), Map.entry(0x0103, "ffdhe6144"), Map.entry(0x0104, "ffdhe8192"),
            Map.entry(0x11eb, "SecP256r1MLKEM768"), Map.entry(0x11ec, "X25519MLKEM768"),
            Map.entry(0x11ed, "SecP384r1MLKEM1024"), Map.entry(0x6399, "X25519Kyber768Draft00"));

    private NamedGroups() {
    }

    /** The group's name, or empty for -1 (no group seen). */
    public static Optional<String> name(int code) {
        if (code < 0) {
            return Optional.empty();
        }
        String n = NAMES.get(code);
        return Optional.of(n != null ? n : String.format("0x%04x", code));
    }
}
