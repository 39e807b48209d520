package dev.tlskit;

import dev.tlskit.internal.Providers;
import dev.tlskit.spi.TlsProvider;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

/**
 * Module-level functions of the seeds: secure default contexts and the installed providers.
 *
 * <pre>{@code
 * TlsContext client = Tls.createDefaultContext(Purpose.SERVER_AUTH);   // verify servers against system CAs
 * TlsContext server = Tls.createDefaultContext(Purpose.CLIENT_AUTH);   // a server context
 * server.loadCertChain(Path.of("cert.pem"), Path.of("key.pem"), null);
 * }</pre>
 */
public final class Tls {
    private Tls() {
    }

    /**
     * Seed {@code ssl.create_default_context(purpose)}: {@link Purpose#SERVER_AUTH} gives a {@code PROTOCOL_TLS_CLIENT}
     * context (CERT_REQUIRED, hostname checking, system CAs), {@link Purpose#CLIENT_AUTH} a {@code PROTOCOL_TLS_SERVER}
     * one. Both use TLS 1.2 minimum and add {@code VERIFY_X509_PARTIAL_CHAIN} and {@code VERIFY_X509_STRICT} as
     * CPython 3.13 does (2026-11: tlskit 0.1 defaults). {@code SSLKEYLOGFILE} sets {@code keylogFilename} where the
     * provider has {@link Capability#KEYLOG}; elsewhere (every current backend) the context is made without key
     * logging and a warning is logged once per provider ({@code dev.tlskit.internal.KeylogEnvironment}).
     */
    public static TlsContext createDefaultContext(Purpose purpose) throws TlsException {
        return createDefaultContext(purpose, null, null, (String) null);
    }

    /** Seed {@code create_default_context(purpose, cafile, capath, cadata)} with PEM {@code cadata}. */
    public static TlsContext createDefaultContext(Purpose purpose, Path cafile, Path capath, String cadata)
            throws TlsException {
        return createDefault(purpose, cafile, capath, cadata);
    }

    /** Seed {@code create_default_context(purpose, cafile, capath, cadata)} with DER {@code cadata}. */
    public static TlsContext createDefaultContext(Purpose purpose, Path cafile, Path capath, byte[] cadata)
            throws TlsException {
        return createDefault(purpose, cafile, capath, cadata);
    }

    private static TlsContext createDefault(Purpose purpose, Path cafile, Path capath, Object cadata)
            throws TlsException {
        TlsContext ctx = base(purpose);
        dev.tlskit.internal.KeylogEnvironment.apply(ctx);
        if (cafile != null || capath != null || cadata != null) {
            ctx.loadLocations(cafile, capath, cadata);
        } else if (ctx.verifyMode() != VerifyMode.CERT_NONE) {
            ctx.loadDefaultCerts(purpose);
        }
        return ctx;
    }

    private static TlsContext base(Purpose purpose) throws TlsException {
        TlsContext ctx = TlsContext.create(purpose == Purpose.SERVER_AUTH
                ? Protocol.PROTOCOL_TLS_CLIENT : Protocol.PROTOCOL_TLS_SERVER);
        EnumSet<VerifyFlag> flags = ctx.verifyFlags();
        flags.add(VerifyFlag.VERIFY_X509_PARTIAL_CHAIN);
        flags.add(VerifyFlag.VERIFY_X509_STRICT);
        ctx.setVerifyFlags(flags);
        return ctx;
    }

    /** Every provider on the class path, highest priority first, usable or not. */
    public static List<TlsProvider> providers() {
        return Providers.all();
    }

    /** The provider a context created without a name would use now. */
    public static TlsProvider defaultProvider() throws ProviderUnavailableException {
        return Providers.select(null);
    }

    /**
     * Seed {@code ssl.get_default_verify_paths()}: where {@code setDefaultVerifyPaths()} and {@code loadDefaultCerts}
     * look for trusted CAs — the JDK trust store unless {@code SSL_CERT_FILE}/{@code SSL_CERT_DIR} say otherwise.
     *
     * <pre>{@code
     * Tls.getDefaultVerifyPaths().cafile();   // ".../lib/security/cacerts", or $SSL_CERT_FILE when set
     * }</pre>
     */
    public static dev.tlskit.pki.DefaultVerifyPaths getDefaultVerifyPaths() {
        return dev.tlskit.pki.DefaultVerifyPaths.current();
    }

    /**
     * Seed {@code ssl.get_server_certificate((host, port), ca_certs=caCerts)} on the default provider: see
     * {@link #getServerCertificate(String, int, Path, java.time.Duration, String)}.
     */
    public static String getServerCertificate(String host, int port, Path caCerts) throws java.io.IOException {
        return getServerCertificate(host, port, caCerts, null, null);
    }

    /**
     * Seed {@code ssl.get_server_certificate((host, port), ca_certs=caCerts, timeout=timeout)}: connects, sends
     * {@code host} as SNI, and returns the server's certificate as PEM ({@link dev.tlskit.pki.PemCertificate}). Without
     * {@code caCerts} nothing is verified; with it the chain must verify against those CAs (the host name is not
     * checked, as in the seed). The socket is always closed.
     *
     * <pre>{@code
     * String pem = Tls.getServerCertificate("example.org", 443, null, Duration.ofSeconds(5), null);
     * }</pre>
     *
     * @param timeout  connect and read timeout, {@code null} for none
     * @param provider provider name, {@code null} for the default one
     * @throws CertificateVerificationException when {@code caCerts} is given and the chain does not verify
     * @throws java.net.SocketTimeoutException  when {@code timeout} passes (the seed's {@code socket.timeout})
     */
    public static String getServerCertificate(String host, int port, Path caCerts, java.time.Duration timeout,
                                              String provider) throws java.io.IOException {
        java.util.Objects.requireNonNull(host, "host");
        TlsContext ctx = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider);
        ctx.setCheckHostname(false);
        if (caCerts != null) {
            ctx.loadVerifyLocations(caCerts);
        } else {
            ctx.setVerifyMode(VerifyMode.CERT_NONE);
        }
        int millis = timeout == null ? 0 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        java.net.Socket sock = new java.net.Socket();
        try (sock) {
            sock.setSoTimeout(millis);
            sock.connect(new java.net.InetSocketAddress(host, port), millis);
            try (TlsSocket tls = ctx.wrapSocket(sock, WrapOptions.client(host))) {
                byte[] der = tls.connection().getPeerCertDer().orElseThrow(
                        () -> new TlsException("the server at " + host + ":" + port + " sent no certificate"));
                return dev.tlskit.pki.PemCertificate.derToPem(der);
            }
        }
    }
}
