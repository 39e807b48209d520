package dev.tlskit.internal;

import dev.tlskit.Capability;
import dev.tlskit.TlsContext;
import dev.tlskit.UnsupportedFeatureException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CPython's {@code create_default_context()} sets {@code keylog_filename} from {@code SSLKEYLOGFILE}, and skips it
 * silently when its OpenSSL has no key logging. tlskit does the same where the provider has {@link Capability#KEYLOG};
 * where it lacks it, failing every default context would break programs whenever a developer's shell exports
 * {@code SSLKEYLOGFILE} for a browser, so tlskit goes on without key logging but says so: one {@code WARNING} per
 * provider through {@link System.Logger} {@code dev.tlskit}, naming the variable and the provider.
 */
public final class KeylogEnvironment {
    /** The variable CPython, NSS, curl and browsers read. */
    public static final String VARIABLE = "SSLKEYLOGFILE";

    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private KeylogEnvironment() {
    }

    /** Applies {@code SSLKEYLOGFILE} to a context made by {@code createDefaultContext}. */
    public static void apply(TlsContext ctx) throws UnsupportedFeatureException {
        String file = System.getenv(VARIABLE);
        if (file == null || file.isEmpty()) {
            return;
        }
        if (ctx.provider().capabilities().contains(Capability.KEYLOG)) {
            ctx.setKeylogFilename(Path.of(file));
        } else if (WARNED.add(ctx.provider().name())) {
            System.getLogger("dev.tlskit").log(System.Logger.Level.WARNING, "tlskit: " + VARIABLE + "=" + file
                    + " is set, but the '" + ctx.provider().name() + "' provider cannot log TLS secrets (no KEYLOG "
                    + "capability): contexts from createDefaultContext do not write key-log lines");
        }
    }
}
