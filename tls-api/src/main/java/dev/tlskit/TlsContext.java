package dev.tlskit;

import dev.tlskit.internal.CertificateDicts;
import dev.tlskit.internal.ContextSnapshot;
import dev.tlskit.internal.HandshakeConfig;
import dev.tlskit.internal.PendingIdentity;
import dev.tlskit.internal.Hostnames;
import dev.tlskit.internal.Providers;
import dev.tlskit.pki.Certificates;
import dev.tlskit.pki.Identity;
import dev.tlskit.pki.PasswordSource;
import dev.tlskit.pki.PrivateKeys;
import dev.tlskit.pki.TrustStore;
import dev.tlskit.spi.TlsProvider;
import java.net.Socket;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;


/**
 * TLS settings shared by many connections: the seed's {@code ssl.SSLContext} and pyOpenSSL's {@code Context} in one
 * mutable, thread-safe class.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * TlsContext ctx = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT);     // CERT_REQUIRED, check_hostname on
 * ctx.loadVerifyLocations(Path.of("ca.pem"));
 * ctx.setAlpnProtocols(List.of("h2", "http/1.1"));
 * try (TlsSocket s = ctx.wrapSocket(new Socket("example.org", 443), WrapOptions.client("example.org"))) {
 *     s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes());
 * }
 * }</pre>
 *
 * <h2>Rules (the seed's)</h2>
 * <ul>
 *   <li>{@code PROTOCOL_TLS_CLIENT}: {@code CERT_REQUIRED} and hostname checking on; {@code PROTOCOL_TLS_SERVER} and
 *       {@code PROTOCOL_TLS}: {@code CERT_NONE}, hostname checking off. Every context starts at TLS 1.2 minimum.</li>
 *   <li>{@code setCheckHostname(true)} raises {@code CERT_NONE} to {@code CERT_REQUIRED}; {@code CERT_NONE} is refused
 *       while hostname checking is on.</li>
 *   <li>Each connection takes an immutable snapshot: later changes never touch a live connection.</li>
 *   <li>Anything the provider cannot honour is refused with {@link UnsupportedFeatureException}.</li>
 * </ul>
 *
 * <h2>Security</h2>
 * Prefer {@link Tls#createDefaultContext(Purpose)}; settings that weaken verification say <b>Insecure:</b> in their
 * documentation.
 */
public final class TlsContext extends ContextNegotiation {
    private final TrustStore trust = new TrustStore();
    private final Map<String, Identity> identities = new LinkedHashMap<>();
    private final PendingIdentity pending = new PendingIdentity();

    private TlsContext(Protocol protocol, Method method, TlsProvider provider) {
        super(protocol, method, provider);
    }

    // ------------------------------------------------------------------ creation

    /** Seed {@code ssl.SSLContext(protocol)} on the default provider. */
    public static TlsContext create(Protocol protocol) throws TlsException {
        return create(protocol, null);
    }

    /**
     * Seed {@code ssl.SSLContext(protocol)} on the named provider ({@code null}: {@code tlskit.provider}, then
     * {@code TLSKIT_PROVIDER}, then the highest-priority available one).
     *
     * @throws UnsupportedFeatureException when the protocol is one the provider cannot speak (e.g. {@code PROTOCOL_SSLv3})
     * @throws ProviderUnavailableException when the provider is missing or unusable
     */
    public static TlsContext create(Protocol protocol, String providerName) throws TlsException {
        Objects.requireNonNull(protocol, "protocol");
        TlsProvider p = Providers.select(providerName);
        checkFixed(protocol.fixedVersion().orElse(null), protocol.name(), p);
        dev.tlskit.internal.Deprecations.protocol(protocol);
        return new TlsContext(protocol, null, p);
    }

    /** pyOpenSSL {@code Context(method)} on the default provider. */
    public static TlsContext create(Method method) throws TlsException {
        return create(method, null);
    }

    /** pyOpenSSL {@code Context(method)} on the named provider. DTLS methods are refused (no backend has DTLS). */
    public static TlsContext create(Method method, String providerName) throws TlsException {
        Objects.requireNonNull(method, "method");
        TlsProvider p = Providers.select(providerName);
        if (method.isDatagram()) {
            throw new UnsupportedFeatureException(method.name() + " (DTLS)", p.name(), "tlskit has no DTLS transport");
        }
        checkFixed(method.fixedVersion().orElse(null), method.name(), p);
        return new TlsContext(null, method, p);
    }

    private static void checkFixed(TlsVersion fixed, String what, TlsProvider p) throws UnsupportedFeatureException {
        if (fixed != null && !p.supportedVersions().contains(fixed)) {
            throw new UnsupportedFeatureException(what, p.name(), fixed.name()
                    + " is not usable on this platform; use PROTOCOL_TLS_CLIENT/PROTOCOL_TLS_SERVER with version bounds");
        }
    }

    // ------------------------------------------------------------------ credentials

    /**
     * Seed {@code SSLContext.load_cert_chain(certfile, keyfile, password)}: this side's certificate chain and key. A
     * second call with a key of another type (RSA, EC, EdDSA) adds an identity where the provider has
     * {@link Capability#MULTIPLE_IDENTITIES} (otherwise it is refused); the same type replaces it.
     *
     * @param keyfile  {@code null} when the key is in {@code certfile}
     * @param password {@code null} for an unencrypted key; consulted only when the key is encrypted
     * @throws TlsCredentialException for a missing or malformed file, a wrong password, or a key that does not match
     */
    public void loadCertChain(Path certfile, Path keyfile, PasswordSource password) throws TlsException {
        requireMutable();
        useIdentity(Identity.load(Objects.requireNonNull(certfile, "certfile"), keyfile, password));
    }

    /** Seed {@code load_cert_chain(certfile)}: chain and unencrypted key in one file. */
    public void loadCertChain(Path certfile) throws TlsException {
        requireMutable();
        loadCertChain(certfile, null, null);
    }

    /**
     * This side's key and chain from a PKCS#12 file ({@link Identity#loadPkcs12}); a convenience the seeds lack.
     *
     * @throws TlsCredentialException for a missing or malformed file, a wrong password, or no key inside
     */
    public void loadPkcs12(Path file, PasswordSource password) throws TlsException {
        requireMutable();
        useIdentity(Identity.loadPkcs12(Objects.requireNonNull(file, "file"), password));
    }

    /**
     * Adds an identity built in code (chain leaf first); one of another key type than those loaded is kept beside them
     * (see {@link #loadCertChain(Path, Path, PasswordSource)}).
     *
     * @throws UnsupportedFeatureException for a second key type without {@link Capability#MULTIPLE_IDENTITIES}
     */
    public synchronized void useIdentity(Identity identity) throws UnsupportedFeatureException {
        requireMutable();
        Objects.requireNonNull(identity, "identity");
        if (!identities.isEmpty() && !identities.containsKey(identity.keyType())
                && !provider.capabilities().contains(Capability.MULTIPLE_IDENTITIES)) {
            throw new UnsupportedFeatureException("load_cert_chain with a second key type (" + identity.keyType()
                    + " beside " + String.join(", ", identities.keySet()) + ")", provider.name(),
                    "the backend serves one certificate chain (no MULTIPLE_IDENTITIES); use one context per key type");
        }
        identities.put(identity.keyType(), identity);
        changed();
    }

    /** pyOpenSSL {@code use_certificate_file(path, filetype)}: this side's certificate (pair it with a key). */
    public void useCertificateFile(Path certfile, FileType type) throws TlsException {
        requireMutable();
        List<X509Certificate> certs = Certificates.read(certfile, type);
        setPending(List.of(certs.get(0)), null);
    }

    /** pyOpenSSL {@code use_certificate_chain_file(path)}: leaf followed by its intermediates, PEM. */
    public void useCertificateChainFile(Path chainfile) throws TlsException {
        requireMutable();
        setPending(Certificates.read(chainfile), null);
    }

    /** pyOpenSSL {@code use_privatekey_file(path, filetype)}: this side's private key (unencrypted). */
    public void usePrivateKeyFile(Path keyfile, FileType type) throws TlsException {
        requireMutable();
        PasswdCallback cb = passwdCb;
        setPending(null, PrivateKeys.read(keyfile, type, cb == null ? null : PasswordSource.callback(() -> {
            byte[] pw = cb.password(PasswordSource.MAX_LENGTH, false);
            return pw == null || pw.length <= PasswordSource.MAX_LENGTH ? pw : java.util.Arrays.copyOf(pw,
                    PasswordSource.MAX_LENGTH); // pyOpenSSL truncates to maxlen
        })));
    }

    private volatile PasswdCallback passwdCb;

    /** pyOpenSSL {@code set_passwd_cb(callback)}: the password source of {@link #usePrivateKeyFile}; see {@link PasswdCallback}. */
    public void setPasswdCb(PasswdCallback callback) {
        requireMutable();
        passwdCb = Objects.requireNonNull(callback, "callback");
    }

    private void setPending(List<X509Certificate> chain, PrivateKey key) throws TlsException {
        Identity complete = pending.offer(chain, key);
        if (complete != null) {
            useIdentity(complete);
        }
    }

    /**
     * pyOpenSSL {@code check_privatekey()}: the key and certificate given with {@code use_*} belong together.
     *
     * @throws TlsCredentialException ({@code KEY_MISMATCH}) when they do not
     * @throws TlsException           when either is missing
     */
    public void checkPrivateKey() throws TlsException {
        boolean have;
        synchronized (this) {
            have = !identities.isEmpty();
        }
        pending.check(have);
    }

    /** Loaded identities, one per key type. */
    public synchronized List<Identity> identities() {
        return List.copyOf(identities.values());
    }

    // ------------------------------------------------------------------ trust

    /** Seed {@code load_verify_locations(cafile)}: trust the certificates (and CRLs) in a PEM or DER file. */
    public void loadVerifyLocations(Path cafile) throws TlsException {
        requireMutable();
        loadVerifyLocations(cafile, null, (String) null);
    }

    /**
     * Seed {@code load_verify_locations(cafile, capath, cadata)} with {@code cadata} as PEM text.
     *
     * @throws IllegalArgumentException when all three are {@code null}
     */
    public void loadVerifyLocations(Path cafile, Path capath, String cadata) throws TlsException {
        requireMutable();
        loadLocations(cafile, capath, cadata);
    }

    /** Seed {@code load_verify_locations(cafile, capath, cadata)} with {@code cadata} as DER bytes (concatenation allowed). */
    public void loadVerifyLocations(Path cafile, Path capath, byte[] cadata) throws TlsException {
        requireMutable();
        loadLocations(cafile, capath, cadata);
    }

    /** {@code cadata} is PEM text ({@code String}), DER bytes ({@code byte[]}) or {@code null}. */
    void loadLocations(Path cafile, Path capath, Object cadata) throws TlsException {
        trust.addLocations(cafile, capath, cadata);
        changed();
    }

    /**
     * Seed {@code load_default_certs(purpose)}: the platform's trusted CAs. As CPython does on every platform but
     * Windows, this is {@link #setDefaultVerifyPaths()}: the JDK's {@code cacerts} (OpenSSL's default CA file), or
     * {@code SSL_CERT_FILE}/{@code SSL_CERT_DIR} from the environment when set. The purpose is accepted for the seed's
     * signature; JDK trust stores carry no per-purpose trust bits.
     *
     * <pre>{@code
     * ctx.loadDefaultCerts(Purpose.SERVER_AUTH);
     * ctx.certStoreStats();   // {x509=1xx, x509_ca=1xx, crl=0}
     * }</pre>
     */
    public void loadDefaultCerts(Purpose purpose) throws TlsException {
        requireMutable();
        Objects.requireNonNull(purpose, "purpose");
        setDefaultVerifyPaths();
    }

    /**
     * Seed {@code set_default_verify_paths()}, like OpenSSL's {@code X509_STORE_set_default_paths}: the CA file is
     * {@code SSL_CERT_FILE} if set, else the JDK's {@code cacerts} (loaded now); the CA directory is
     * {@code SSL_CERT_DIR} if set (a path-separator list, loaded lazily: its certificates count in
     * {@link #certStoreStats()} once a verification used them), else none. Missing locations are ignored.
     */
    public void setDefaultVerifyPaths() throws TlsException {
        requireMutable();
        trust.setDefaultVerifyPaths();
        changed();
    }

    /** The trusted CA certificates loaded so far (the seed's {@code get_ca_certs()}, as certificate objects). */
    public List<X509Certificate> caCertificates() {
        return trust.caCertificates();
    }

    /** Seed {@code get_ca_certs(binary_form=False)}: each CA as the seed's dictionary shape. */
    public List<Map<String, Object>> getCaCerts() {
        return CertificateDicts.toDicts(trust.caCertificates());
    }

    /** Seed {@code get_ca_certs(binary_form=True)}: each CA as DER bytes. */
    public List<byte[]> getCaCertsDer() {
        return CertificateDicts.ders(trust.caCertificates());
    }

    /** Seed {@code cert_store_stats()}: {@code {"x509": n, "x509_ca": n, "crl": n}}. */
    public Map<String, Integer> certStoreStats() {
        return trust.stats();
    }

    // ------------------------------------------------------------------ connections

    /**
     * Seed {@code SSLContext.wrap_bio(incoming, outgoing, server_side, server_hostname)}: a connection driven through
     * memory buffers (the seed's {@code SSLObject}).
     *
     * @throws IllegalArgumentException for a bad {@code serverHostname}, a host name on the server side, or hostname
     *                                  checking without a host name
     * @throws TlsException             when the context cannot act on this side (e.g. a server connection from a
     *                                  {@code PROTOCOL_TLS_CLIENT} context)
     */
    public TlsConnection wrapBio(MemoryBio incoming, MemoryBio outgoing, boolean serverSide, String serverHostname)
            throws TlsException {
        Objects.requireNonNull(incoming, "incoming");
        Objects.requireNonNull(outgoing, "outgoing");
        String host = checkSide(serverSide, serverHostname);
        markUsed();
        return TlsConnection.create(this, snapshot(), incoming, outgoing, serverSide, host, true);
    }

    /**
     * Seed {@code SSLContext.wrap_bio(incoming, outgoing, server_side, server_hostname, session)}: as
     * {@link #wrapBio(MemoryBio, MemoryBio, boolean, String)}, resuming {@code session} (see {@link TlsSession}).
     *
     * <pre>{@code
     * TlsConnection again = ctx.wrapBio(new MemoryBio(), new MemoryBio(), false, "example.org", first.session().get());
     * }</pre>
     *
     * @throws IllegalArgumentException also when {@code session} comes from another context
     * @throws IllegalStateException    when a session is given for the server side
     */
    public TlsConnection wrapBio(MemoryBio incoming, MemoryBio outgoing, boolean serverSide, String serverHostname,
                                 TlsSession session) throws TlsException {
        Objects.requireNonNull(incoming, "incoming");
        Objects.requireNonNull(outgoing, "outgoing");
        String host = checkSide(serverSide, serverHostname);
        markUsed();
        return TlsConnection.create(this, snapshot(), incoming, outgoing, serverSide, host, session);
    }

    /**
     * pyOpenSSL {@code Connection(context, None)}: a memory connection whose side is set later with
     * {@link TlsConnection#setConnectState()} or {@link TlsConnection#setAcceptState()}.
     */
    public TlsConnection newConnection() {
        markUsed();
        return TlsConnection.createUnset(this, new MemoryBio(), new MemoryBio());
    }

    /**
     * Seed {@code SSLContext.wrap_socket(sock, ...)} / pyOpenSSL {@code Connection(context, sock)}: TLS over a socket,
     * connected already or later with {@link TlsSocket#connect} / {@link TlsSocket#connectEx}.
     *
     * @throws TlsException when the handshake fails ({@code doHandshakeOnConnect}) — the socket is closed then
     * @throws java.net.SocketTimeoutException when the socket's timeout passes during that handshake
     */
    public TlsSocket wrapSocket(Socket socket, WrapOptions wrap) throws java.io.IOException {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(wrap, "options");
        String host = checkSide(wrap.serverSide(), wrap.serverHostname());
        markUsed();
        return TlsSocket.create(this, snapshot(), socket, wrap, host);
    }

    /**
     * {@link #wrapSocket(Socket, WrapOptions)} for a {@link java.nio.channels.SocketChannel}'s socket, which can also
     * run non-blocking ({@link TlsSocket#setBlocking(boolean)}; the seed's {@code setblocking(False)}).
     * <pre>{@code
     * TlsSocket tls = ctx.wrapSocket(SocketChannel.open(), WrapOptions.client("example.org"));
     * tls.connect(new InetSocketAddress("example.org", 443));
     * }</pre>
     */
    public TlsSocket wrapSocket(java.nio.channels.SocketChannel channel, WrapOptions wrap) throws java.io.IOException {
        Objects.requireNonNull(channel, "channel");
        return wrapSocket(channel.socket(), wrap);
    }

    /**
     * Seed {@code SSLContext.wrap_socket(listening_sock, server_side=True)} / pyOpenSSL
     * {@code Connection(context, listening_sock)}: a listening socket whose {@link TlsServerSocket#accept()} returns
     * server {@link TlsSocket}s of this context, made with {@code wrap} (handshaken there when
     * {@code doHandshakeOnConnect}).
     * <pre>{@code
     * ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
     * try (TlsServerSocket server = ctx.wrapServerSocket(listener, WrapOptions.server())) {
     *     TlsSocket client = server.accept();
     * }
     * }</pre>
     *
     * @throws IllegalArgumentException when {@code wrap} is not server-side
     */
    public TlsServerSocket wrapServerSocket(java.net.ServerSocket listening, WrapOptions wrap) {
        Objects.requireNonNull(listening, "listening");
        Objects.requireNonNull(wrap, "options");
        if (!wrap.serverSide()) {
            throw new IllegalArgumentException("a listening socket accepts server-side connections: pass "
                    + "WrapOptions.server()");
        }
        return new TlsServerSocket(this, listening, wrap);
    }

    // ------------------------------------------------------------------ JSSE bridges (dev.tlskit.jsse)

    /**
     * This context as an initialised {@link javax.net.ssl.SSLContext} of its provider, for libraries that take one
     * (Netty's {@code JdkSslContext}, gRPC, JDBC drivers). Its engines and sockets apply this context's settings as
     * they are now (a snapshot) on every connection; see {@link dev.tlskit.jsse} for what JSSE types cannot carry.
     * No seed equivalent (the seed's {@code SSLContext} is this object).
     *
     * <pre>{@code
     * SslContext netty = new JdkSslContext(ctx.toSslContext(), false, ClientAuth.NONE);   // a Netty server
     * }</pre>
     *
     * @throws UnsupportedFeatureException for a setting the bridge cannot honour (listed in {@link dev.tlskit.jsse})
     */
    public javax.net.ssl.SSLContext toSslContext() throws TlsException {
        return dev.tlskit.jsse.JsseBridge.create(this, snapshot()).sslContext();
    }

    /**
     * This context's client sockets as an {@link javax.net.ssl.SSLSocketFactory}, e.g. for OkHttp:
     * {@code builder.sslSocketFactory(ctx.toSslSocketFactory(), ctx.trustManager())}.
     *
     * @throws UnsupportedFeatureException for a setting the bridge cannot honour (listed in {@link dev.tlskit.jsse})
     */
    public javax.net.ssl.SSLSocketFactory toSslSocketFactory() throws TlsException {
        return dev.tlskit.jsse.JsseBridge.create(this, snapshot()).socketFactory();
    }

    /**
     * This context's server sockets as an {@link javax.net.ssl.SSLServerSocketFactory}.
     *
     * <pre>{@code
     * ServerSocket listener = ctx.toSslServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
     * }</pre>
     *
     * @throws UnsupportedFeatureException with an SNI callback or an ALPN select callback (they run per connection)
     */
    public javax.net.ssl.SSLServerSocketFactory toSslServerSocketFactory() throws TlsException {
        return dev.tlskit.jsse.JsseBridge.create(this, snapshot()).serverSocketFactory();
    }

    /**
     * A configured {@link javax.net.ssl.SSLEngine} of this context's provider for a library that drives engines
     * itself: client mode when this context can be a client and {@code peerHost} is given (SNI and host checks use
     * it), server mode otherwise. Same as {@code toSslContext().createSSLEngine(peerHost, peerPort)}.
     *
     * <pre>{@code
     * SSLEngine engine = ctx.newSslEngine("example.org", 443);
     * }</pre>
     *
     * @param peerHost the server's host name or IP literal (client side), or {@code null}
     * @param peerPort the server's port, used to find a session to resume; {@code -1} for none
     */
    public javax.net.ssl.SSLEngine newSslEngine(String peerHost, int peerPort) throws TlsException {
        return dev.tlskit.jsse.JsseBridge.create(this, snapshot()).newEngine(peerHost, peerPort);
    }

    /**
     * The one tlskit trust manager of this context (chain, CRL and host-name checks with OpenSSL's verify codes), for
     * libraries that take a trust manager beside a socket factory or build their own {@code SSLContext}. Host names are
     * checked when the library passes an engine or socket with a peer host; failures are
     * {@link dev.tlskit.pki.VerificationFailure}s whose cause chain holds a {@link CertificateVerificationException}.
     *
     * <pre>{@code
     * SslContext netty = SslContextBuilder.forClient().trustManager(ctx.trustManager()).build();
     * }</pre>
     */
    public javax.net.ssl.X509ExtendedTrustManager trustManager() throws TlsException {
        return dev.tlskit.jsse.JsseBridge.create(this, snapshot()).trustManager();
    }

    /**
     * The one tlskit key manager of this context: the identities loaded with {@link #loadCertChain}, offered the way
     * OpenSSL does (whatever CA names the peer lists).
     *
     * <pre>{@code
     * SslContext netty = SslContextBuilder.forServer(ctx.keyManager()).build();
     * }</pre>
     */
    public javax.net.ssl.X509ExtendedKeyManager keyManager() throws TlsException {
        return dev.tlskit.jsse.JsseBridge.create(this, snapshot()).keyManager();
    }

    String checkSide(boolean serverSide, String serverHostname) throws TlsException {
        if (serverSide && serverHostname != null) {
            throw new IllegalArgumentException("server_hostname can only be specified in client mode");
        }
        if (serverSide ? !allowsServer() : !allowsClient()) {
            throw new TlsException(SslErrorNumber.SSL_ERROR_SSL, "CALLED_A_FUNCTION_YOU_SHOULD_NOT_CALL", "Cannot create a "
                    + (serverSide ? "server" : "client") + " socket with a " + sideName() + " context", null);
        }
        String host = Hostnames.normalize(serverHostname);
        synchronized (this) {
            if (!serverSide && checkHostname && host == null) {
                throw new IllegalArgumentException("check_hostname requires server_hostname");
            }
        }
        return host;
    }

    /** The immutable settings a new connection uses; cached until the next change. */
    ContextSnapshot snapshot() {
        ContextSnapshot s = snapshot;
        if (s == null) {
            synchronized (this) {
                s = snapshot;
                if (s == null) {
                    s = new ContextSnapshot(provider, fixedVersion().orElse(null), minimumVersion, maximumVersion,
                            optionBits, verifyBits, verifyCallback, checkHostname, hostnameChecksCommonName,
                            verifyFlags, alpnProtocols, List.copyOf(identities.values()), trust.snapshot(),
                            ciphers.javaNames(), ciphers.securityLevel(),
                            new HandshakeConfig(alpnSelect, sniCallback, clientCas, verifyDepth, sessions.timeout()));
                    snapshot = s;
                }
            }
        }
        return s;
    }

    @Override
    public synchronized String toString() {
        return "TlsContext[" + sideName() + ", provider=" + provider.name() + ", verify=" + verifyMode()
                + ", check_hostname=" + checkHostname + "]";
    }
}
