/**
 * tlskit's API: contexts, connections, constants, errors, PKI, the provider SPI, and (optional, needing
 * {@code kotlin-stdlib} and {@code kotlinx-coroutines-core}) the Kotlin DSL and the coroutine transport. Backends are
 * found with {@link java.util.ServiceLoader} through {@code provides dev.tlskit.spi.TlsProvider}.
 */
module dev.tlskit {
    requires java.logging;
    requires java.naming;
    requires static kotlin.stdlib;
    requires static kotlinx.coroutines.core;

    exports dev.tlskit;
    exports dev.tlskit.ciphers;
    exports dev.tlskit.pki;
    exports dev.tlskit.spi;
    exports dev.tlskit.kotlin;
    exports dev.tlskit.async;
    exports dev.tlskit.jsse;
    // the failure translation shared with the Conscrypt backend; not API
    exports dev.tlskit.internal to dev.tlskit.conscrypt;

    uses dev.tlskit.spi.TlsProvider;
}
