/** tlskit's Conscrypt (BoringSSL) backend, found by {@code dev.tlskit} through the {@code TlsProvider} service. */
module dev.tlskit.conscrypt {
    requires dev.tlskit;
    requires org.conscrypt;

    provides dev.tlskit.spi.TlsProvider with dev.tlskit.conscrypt.ConscryptTlsProvider;
}
