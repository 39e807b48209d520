package dev.tlskit.internal;

import dev.tlskit.spi.TlsProvider;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/** {@link TlsProvider#supportedCipherSuites()}, asked once per provider instance. */
public final class ProviderCipherSuites {
    private static final Map<TlsProvider, Set<String>> CACHE = Collections.synchronizedMap(new WeakHashMap<>());

    private ProviderCipherSuites() {
    }

    /** The Java names of the suites {@code provider} implements; empty if it cannot say. */
    public static Set<String> of(TlsProvider provider) {
        return CACHE.computeIfAbsent(provider, p -> {
            try {
                return Set.copyOf(p.supportedCipherSuites());
            } catch (RuntimeException e) {
                return Set.of();
            }
        });
    }
}
