package dev.tlskit.conscrypt;

import java.security.Provider;
import javax.net.ssl.SSLEngine;
import org.conscrypt.Conscrypt;

/**
 * Every call into Conscrypt's public facade ({@link Conscrypt}) lives here, so that {@link ConscryptTlsProvider} itself
 * names no Conscrypt type: the provider class loads, and {@link ConscryptTlsProvider#availability()} can report why,
 * even when {@code conscrypt-openjdk-uber} is missing from the class path or its native library cannot load. Nothing
 * here is called before the availability probe has succeeded, except {@link #probe()} and {@link #version()}.
 */
final class ConscryptAccess {
    /** One JCA provider object per class loader, never installed globally (no {@code Security.addProvider}). */
    private static volatile Provider provider;

    private ConscryptAccess() {
    }

    /** Loads the native library; throws what Conscrypt throws (usually an {@link UnsatisfiedLinkError}). */
    static void probe() {
        Conscrypt.checkAvailability();
    }

    /** Conscrypt's own version as {@code [major, minor, patch]}; reads a resource, loads no native code. */
    static int[] version() {
        Conscrypt.Version v = Conscrypt.version();
        return v == null ? new int[] {0, 0, 0} : new int[] {v.major(), v.minor(), v.patch()};
    }

    static Provider provider() {
        Provider p = provider;
        if (p == null) {
            synchronized (ConscryptAccess.class) {
                p = provider;
                if (p == null) {
                    p = Conscrypt.newProvider();
                    provider = p;
                }
            }
        }
        return p;
    }

    /** Session tickets on or off for one engine (Conscrypt turns them off unless told). */
    static void setUseSessionTickets(SSLEngine engine, boolean use) {
        Conscrypt.setUseSessionTickets(engine, use);
    }

    /** BoringSSL's {@code SSL_get_tls_unique}: the first Finished of a TLS 1.2 handshake, {@code null} otherwise. */
    static byte[] tlsUnique(SSLEngine engine) {
        return Conscrypt.getTlsUnique(engine);
    }

    /** BoringSSL's {@code SSL_export_keying_material}; {@code context} {@code null} means no context. */
    static byte[] exportKeyingMaterial(SSLEngine engine, String label, byte[] context, int length)
            throws javax.net.ssl.SSLException {
        return Conscrypt.exportKeyingMaterial(engine, label, context, length);
    }

    static boolean isConscrypt(SSLEngine engine) {
        return Conscrypt.isConscrypt(engine);
    }
}
