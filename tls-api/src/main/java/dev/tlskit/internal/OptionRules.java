package dev.tlskit.internal;

import dev.tlskit.Option;
import dev.tlskit.UnsupportedFeatureException;
import dev.tlskit.spi.TlsProvider;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/** <b>Not API.</b> The validation rules of {@link dev.tlskit.TlsContext}'s option and ALPN setters. */
public final class OptionRules {
    private OptionRules() {
    }

    /**
     * Checks a new option mask: bits of {@link Option#OP_ALL} are accepted; any other bit must be an option the provider
     * honours, and an option always on in the provider cannot be cleared once set.
     */
    public static void check(long bits, long current, TlsProvider provider) throws UnsupportedFeatureException {
        if (bits < 0) {
            throw new IllegalArgumentException(String.format("options must be a non-negative mask, got %d (0x%x): "
                    + "bit 63 is no OpenSSL option", bits, bits));
        }
        for (int i = 0; i < 64; i++) {
            long bit = 1L << i;
            boolean on = (bits & bit) != 0;
            Option o = Option.fromCode(bit).orElse(null);
            if (o == null) {
                if (on && (Option.OP_ALL.code() & bit) == 0) {
                    throw new UnsupportedFeatureException(String.format("option bit 0x%x", bit), provider.name(),
                            "tlskit does not know this OpenSSL option");
                }
                continue;
            }
            TlsProvider.OptionSupport s = provider.optionSupport(o);
            if (on && s == TlsProvider.OptionSupport.UNSUPPORTED) {
                throw new UnsupportedFeatureException(o.name(), provider.name(), "this backend cannot honour it");
            }
            if (!on && s == TlsProvider.OptionSupport.ALWAYS_ON && (current & bit) != 0) {
                throw new UnsupportedFeatureException("clearing " + o.name(), provider.name(),
                        "the behaviour is always on in this backend");
            }
        }
    }

    /**
     * The seed's ALPN list rules: each name 1 to 255 bytes, the encoded list at most 65535 bytes.
     *
     * @throws dev.tlskit.TlsException     for a name of 0 or more than 255 bytes (the seed raises {@code SSLError} there)
     * @throws IllegalArgumentException when the whole list is too long
     */
    public static void checkAlpn(List<String> protocols) throws dev.tlskit.TlsException {
        int total = 0;
        for (String p : protocols) {
            int len = Objects.requireNonNull(p, "protocol name").getBytes(StandardCharsets.UTF_8).length;
            if (len < 1 || len > 255) {
                throw new dev.tlskit.TlsException(dev.tlskit.SslErrorNumber.SSL_ERROR_SSL, null,
                        "ALPN protocols must be 1 to 255 in length (got " + len + " bytes for '" + p + "')", null);
            }
            total += len + 1;
        }
        if (total > 65535) {
            throw new IllegalArgumentException("ALPN protocol list is too long (" + total + " bytes, at most 65535)");
        }
    }
}
