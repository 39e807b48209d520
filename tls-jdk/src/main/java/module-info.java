/** tlskit's JDK (SunJSSE) backend, found by {@code dev.tlskit} through the {@code TlsProvider} service. */
module dev.tlskit.jdk {
    requires dev.tlskit;

    provides dev.tlskit.spi.TlsProvider with dev.tlskit.jdk.JdkTlsProvider;
}
