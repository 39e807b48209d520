package dev.tlskit;

import dev.tlskit.ciphers.CipherDetails;
import dev.tlskit.internal.CertificateDicts;
import dev.tlskit.internal.ChannelBindings;
import dev.tlskit.internal.CipherConfig;
import dev.tlskit.internal.ContextSnapshot;
import dev.tlskit.internal.HandshakeConfig;
import dev.tlskit.internal.SessionSettings;
import dev.tlskit.internal.OptionRules;
import dev.tlskit.internal.PendingIdentity;
import dev.tlskit.internal.VersionBounds;
import dev.tlskit.internal.Hostnames;
import dev.tlskit.internal.Providers;
import dev.tlskit.pki.Certificates;
import dev.tlskit.pki.ClientCaList;
import dev.tlskit.pki.Identity;
import dev.tlskit.pki.PasswordSource;
import dev.tlskit.pki.PrivateKeys;
import dev.tlskit.pki.TrustStore;
import dev.tlskit.spi.TlsProvider;
import java.net.Socket;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

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
public final class TlsContext {
    private static final long PYTHON_DEFAULT_OPTIONS = 0x82520050L;

    private final Protocol protocol;
    private final Method method;
    private final TlsProvider provider;
    private final TrustStore trust = new TrustStore();

    private int verifyBits;
    private VerifyCallback verifyCallback;
    private int verifyDepth = -1;
    private ClientCaList clientCas = ClientCaList.empty();
    private boolean checkHostname;
    private boolean hostnameChecksCommonName = true;
    private TlsVersion minimumVersion = TlsVersion.TLSv1_2;
    private TlsVersion maximumVersion = TlsVersion.MAXIMUM_SUPPORTED;
    private long optionBits = PYTHON_DEFAULT_OPTIONS;
    private EnumSet<VerifyFlag> verifyFlags = EnumSet.of(VerifyFlag.VERIFY_X509_TRUSTED_FIRST);
    private List<String> alpnProtocols = List.of();
    private AlpnSelectCallback alpnSelect;
    private SniCallback sniCallback;
    private final Map<String, Identity> identities = new LinkedHashMap<>();
    private final PendingIdentity pending = new PendingIdentity();
    private CipherConfig ciphers;
    private dev.tlskit.internal.OcspClientState ocspClient;

    private volatile ContextSnapshot snapshot;
    private final SessionSettings sessions = new SessionSettings();

    private TlsContext(Protocol protocol, Method method, TlsProvider provider) {
        this.protocol = protocol;
        this.method = method;
        this.provider = provider;
        this.ciphers = CipherConfig.defaults(provider);
        if (protocol == Protocol.PROTOCOL_TLS_CLIENT) {
            verifyBits = PeerVerify.toBits(EnumSet.of(PeerVerify.VERIFY_PEER, PeerVerify.VERIFY_FAIL_IF_NO_PEER_CERT));
            checkHostname = true;
        }
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

    // ------------------------------------------------------------------ identity of the context

    /** Seed {@code SSLContext.protocol}; empty for a context created from a pyOpenSSL {@link Method}. */
    public java.util.Optional<Protocol> protocol() {
        return java.util.Optional.ofNullable(protocol);
    }

    /** The pyOpenSSL method this context was created with, if any. */
    public java.util.Optional<Method> method() {
        return java.util.Optional.ofNullable(method);
    }

    /** The backend this context runs on. */
    public TlsProvider provider() {
        return provider;
    }

    private java.util.Optional<TlsVersion> fixedVersion() {
        return protocol != null ? protocol.fixedVersion() : method.fixedVersion();
    }

    boolean allowsClient() {
        return protocol != null ? !protocol.isServerOnly() : method != Method.TLS_SERVER_METHOD;
    }

    boolean allowsServer() {
        return protocol != null ? !protocol.isClientOnly() : method != Method.TLS_CLIENT_METHOD;
    }

    // ------------------------------------------------------------------ verification settings

    /** Seed {@code SSLContext.verify_mode}, derived from the pyOpenSSL verify flags as CPython does. */
    public synchronized VerifyMode verifyMode() {
        if ((verifyBits & PeerVerify.VERIFY_PEER.code()) == 0) {
            return VerifyMode.CERT_NONE;
        }
        return (verifyBits & PeerVerify.VERIFY_FAIL_IF_NO_PEER_CERT.code()) != 0
                ? VerifyMode.CERT_REQUIRED : VerifyMode.CERT_OPTIONAL;
    }

    /**
     * Seed {@code SSLContext.verify_mode = mode}. <b>Insecure:</b> {@code CERT_NONE} on a client accepts any server.
     *
     * @throws IllegalArgumentException for {@code CERT_NONE} while hostname checking is on (the seed's ValueError)
     */
    public synchronized void setVerifyMode(VerifyMode mode) {
        requireMutable();
        Objects.requireNonNull(mode, "verify mode");
        if (mode == VerifyMode.CERT_NONE && checkHostname) {
            throw new IllegalArgumentException("Cannot set verify_mode to CERT_NONE when check_hostname is enabled.");
        }
        verifyBits = switch (mode) {
            case CERT_NONE -> 0;
            case CERT_OPTIONAL -> PeerVerify.VERIFY_PEER.code();
            case CERT_REQUIRED -> PeerVerify.VERIFY_PEER.code() | PeerVerify.VERIFY_FAIL_IF_NO_PEER_CERT.code();
        };
        changed();
    }

    /**
     * pyOpenSSL {@code Context.set_verify(mode, callback)}: the verify flags and an optional per-certificate callback.
     *
     * @throws IllegalArgumentException when {@code VERIFY_NONE} is combined with other flags, or when hostname
     *                                  checking is on and {@code VERIFY_PEER} is missing
     */
    public synchronized void setVerify(Set<PeerVerify> mode, VerifyCallback callback) {
        requireMutable();
        int bits = PeerVerify.toBits(mode);
        if ((bits & PeerVerify.VERIFY_PEER.code()) == 0 && bits != 0) {
            throw new IllegalArgumentException("VERIFY_FAIL_IF_NO_PEER_CERT and VERIFY_CLIENT_ONCE need VERIFY_PEER");
        }
        if (bits == 0 && checkHostname) {
            throw new IllegalArgumentException("Cannot set verify_mode to CERT_NONE when check_hostname is enabled.");
        }
        verifyBits = bits;
        verifyCallback = callback;
        changed();
    }

    /** pyOpenSSL {@code Context.get_verify_mode()}: the verify flags. */
    public synchronized EnumSet<PeerVerify> getVerifyMode() {
        return PeerVerify.fromBits(verifyBits);
    }

    /**
     * pyOpenSSL {@code Context.set_verify_depth(depth)}: at most {@code depth} intermediate CA certificates between
     * the peer's certificate and the trust anchor; a longer chain fails with verify code 22
     * ({@code X509_V_ERR_CERT_CHAIN_TOO_LONG}) at depth {@code depth + 1}, as OpenSSL 3.0 reports it. A negative depth
     * means OpenSSL's default (100).
     * <pre>{@code ctx.setVerifyDepth(1);   // leaf <- i1 <- root passes; leaf <- i2 <- i1 <- root fails with 22 at depth 2}</pre>
     */
    public synchronized void setVerifyDepth(int depth) {
        requireMutable();
        verifyDepth = depth;
        changed();
    }

    /** pyOpenSSL {@code Context.get_verify_depth()}: the depth set, {@code -1} (OpenSSL's "unset") by default. */
    public synchronized int getVerifyDepth() {
        return verifyDepth;
    }

    /**
     * pyOpenSSL {@code Context.load_client_ca(cafile)}: a server names the subjects of this file's certificates when it
     * asks for a client certificate, replacing the list ({@link ClientCaList}); none by default, as in OpenSSL.
     * <pre>{@code server.loadClientCa(Path.of("client-ca.pem"));   // s_client: "Acceptable client certificate CA names"}</pre>
     *
     * @throws TlsCredentialException when the file is missing, malformed or holds no certificate
     */
    public void loadClientCa(Path cafile) throws TlsException {
        requireMutable();
        setClientCas(ClientCaList.load(cafile));
    }

    /** pyOpenSSL {@code Context.set_client_ca_list(certificate_authorities)}: send exactly these CA names. */
    public void setClientCaList(List<X500Principal> names) {
        requireMutable();
        setClientCas(ClientCaList.of(names));
    }

    /** pyOpenSSL {@code Context.add_client_ca(certificate_authority)}: also send this CA certificate's subject. */
    public synchronized void addClientCa(X509Certificate ca) {
        requireMutable();
        setClientCas(clientCas.plus(ca));
    }

    /** The CA names a server made from this context sends ({@link TlsConnection#getClientCaList()}). */
    public synchronized List<X500Principal> clientCaList() {
        return clientCas.names();
    }

    private synchronized void setClientCas(ClientCaList list) {
        clientCas = list;
        changed();
    }

    /** Seed {@code SSLContext.check_hostname}. */
    public synchronized boolean checkHostname() {
        return checkHostname;
    }

    /**
     * Seed {@code SSLContext.check_hostname = value}. Turning it on while the verify mode is {@code CERT_NONE} raises
     * the mode to {@code CERT_REQUIRED}. <b>Insecure:</b> turning it off accepts any host name the CA vouched for.
     */
    public synchronized void setCheckHostname(boolean value) {
        requireMutable();
        if (value && verifyBits == 0) {
            verifyBits = PeerVerify.VERIFY_PEER.code() | PeerVerify.VERIFY_FAIL_IF_NO_PEER_CERT.code();
        }
        checkHostname = value;
        changed();
    }

    /** Seed {@code SSLContext.hostname_checks_common_name} (default {@code true}, as in CPython). */
    public synchronized boolean hostnameChecksCommonName() {
        return hostnameChecksCommonName;
    }

    /** Seed {@code SSLContext.hostname_checks_common_name = value}: fall back to the subject CN when there is no SAN. */
    public synchronized void setHostnameChecksCommonName(boolean value) {
        requireMutable();
        hostnameChecksCommonName = value;
        changed();
    }

    /** Seed {@code SSLContext.verify_flags}. */
    public synchronized EnumSet<VerifyFlag> verifyFlags() {
        return verifyFlags.isEmpty() ? EnumSet.noneOf(VerifyFlag.class) : EnumSet.copyOf(verifyFlags);
    }

    /**
     * Seed {@code SSLContext.verify_flags = flags}.
     *
     * @throws UnsupportedFeatureException for {@link VerifyFlag#VERIFY_ALLOW_PROXY_CERTS}: tlskit's verifier has no
     *                                     RFC 3820 proxy-certificate path validation
     */
    public synchronized void setVerifyFlags(Set<VerifyFlag> flags) throws UnsupportedFeatureException {
        requireMutable();
        Objects.requireNonNull(flags, "verify flags");
        if (flags.contains(VerifyFlag.VERIFY_ALLOW_PROXY_CERTS)) {
            throw new UnsupportedFeatureException("VERIFY_ALLOW_PROXY_CERTS", provider.name(), "tlskit's verifier "
                    + "(the same on every backend) does not validate RFC 3820 proxy certificates; drop the flag");
        }
        EnumSet<VerifyFlag> copy = flags.isEmpty() ? EnumSet.noneOf(VerifyFlag.class) : EnumSet.copyOf(flags);
        copy.remove(VerifyFlag.VERIFY_DEFAULT);
        verifyFlags = copy;
        changed();
    }

    // ------------------------------------------------------------------ versions and options

    /** Seed {@code SSLContext.minimum_version} (default {@code TLSv1_2}). */
    public synchronized TlsVersion minimumVersion() {
        return fixedVersion().isPresent() ? TlsVersion.MINIMUM_SUPPORTED : minimumVersion;
    }

    /** Seed {@code SSLContext.maximum_version} (default {@code MAXIMUM_SUPPORTED}). */
    public synchronized TlsVersion maximumVersion() {
        return fixedVersion().isPresent() ? TlsVersion.MAXIMUM_SUPPORTED : maximumVersion;
    }

    /**
     * Seed {@code SSLContext.minimum_version = v}.
     *
     * A minimum above the maximum is accepted, as OpenSSL does; a connection then fails with
     * {@code NO_PROTOCOLS_AVAILABLE}. {@code MAXIMUM_SUPPORTED} reads back as {@code TLSv1_3}.
     * @throws IllegalArgumentException on a fixed-version context
     */
    public synchronized void setMinimumVersion(TlsVersion v) {
        requireMutable();
        VersionBounds.check(v, maximumVersion, fixedVersion().isPresent());
        minimumVersion = VersionBounds.resolve(v, true);
        dev.tlskit.internal.Deprecations.minimumVersion(v);
        changed();
    }

    /**
     * Seed {@code SSLContext.maximum_version = v}.
     *
     * {@code MINIMUM_SUPPORTED} reads back as {@code TLSv1}, the lowest version tlskit knows.
     * @throws IllegalArgumentException on a fixed-version context
     */
    public synchronized void setMaximumVersion(TlsVersion v) {
        requireMutable();
        VersionBounds.check(minimumVersion, v, fixedVersion().isPresent());
        maximumVersion = VersionBounds.resolve(v, false);
        changed();
    }

    /** pyOpenSSL {@code set_min_proto_version(v)}: {@code 0} means no lower bound. */
    public void setMinProtoVersion(int version) {
        requireMutable();
        setMinimumVersion(VersionBounds.fromProtoVersion(version, TlsVersion.MINIMUM_SUPPORTED));
    }

    /** pyOpenSSL {@code set_max_proto_version(v)}: {@code 0} means no upper bound. */
    public void setMaxProtoVersion(int version) {
        requireMutable();
        setMaximumVersion(VersionBounds.fromProtoVersion(version, TlsVersion.MAXIMUM_SUPPORTED));
    }

    /**
     * Seed {@code SSLContext.options} as named constants: every option whose bits are all set ({@link Option#OP_ALL}
     * included when complete). {@link #optionBits()} is the exact mask.
     */
    public synchronized EnumSet<Option> options() {
        EnumSet<Option> out = EnumSet.noneOf(Option.class);
        for (Option o : Option.values()) {
            if (o.code() != 0 && (optionBits & o.code()) == o.code()) {
                out.add(o);
            }
        }
        return out;
    }

    /** Seed {@code int(SSLContext.options)}: the exact option bit mask (default {@code 0x82520050}, as CPython's). */
    public synchronized long optionBits() {
        return optionBits;
    }

    /**
     * Seed {@code SSLContext.options = set}.
     *
     * @throws UnsupportedFeatureException when the provider cannot honour an option being set, or cannot turn off a
     *                                     behaviour that is always on in it
     */
    public void setOptions(Set<Option> newOptions) throws UnsupportedFeatureException {
        requireMutable();
        setOptionBits(Option.toBits(newOptions));
    }

    /**
     * Seed {@code SSLContext.options = int}: the exact bit mask. Bits of {@link Option#OP_ALL} (OpenSSL interop
     * workarounds) are accepted; any other bit must be an option the provider honours. Newly setting an
     * {@code OP_NO_SSL*}/{@code OP_NO_TLS*} bit logs the seed's deprecation warning.
     * @throws IllegalArgumentException for a negative mask (the seed's {@code ValueError}; bit 63 is no OpenSSL option)
     * @throws UnsupportedFeatureException as {@link #setOptions}, or for a bit tlskit does not know
     */
    public synchronized void setOptionBits(long bits) throws UnsupportedFeatureException {
        requireMutable();
        OptionRules.check(bits, optionBits, provider);
        dev.tlskit.internal.Deprecations.options(optionBits, bits);
        optionBits = bits;
        changed();
    }

    /** pyOpenSSL {@code Context.set_options(op)}: adds option bits and returns the new mask. */
    public synchronized long addOptions(long bits) throws UnsupportedFeatureException {
        requireMutable();
        setOptionBits(optionBits | bits);
        return optionBits;
    }

    /** pyOpenSSL {@code Context.clear_options(op)}: removes option bits and returns the new mask. */
    public synchronized long clearOptions(long bits) throws UnsupportedFeatureException {
        requireMutable();
        setOptionBits(optionBits & ~bits);
        return optionBits;
    }

    // ------------------------------------------------------------------ ALPN

    /**
     * Seed {@code SSLContext.set_alpn_protocols(protocols)}: offered (client) or accepted (server) in this order.
     *
     * <p>pyOpenSSL {@code set_alpn_protos(protos)} on a context made from a {@link Method}: the same, but an empty list
     * is refused there as pyOpenSSL does (CPython accepts it and offers nothing).
     *
     * @throws TlsException                when a name is empty or longer than 255 bytes (the seed's {@code SSLError}
     *                                     "ALPN protocols must be 1 to 255 in length")
     * @throws IllegalArgumentException    when the encoded list exceeds 65535 bytes, or the list is empty on a
     *                                     {@link Method} context
     * @throws UnsupportedFeatureException when the provider has no ALPN
     */
    public synchronized void setAlpnProtocols(List<String> protocols) throws TlsException {
        requireMutable();
        Objects.requireNonNull(protocols, "protocols");
        if (method != null && protocols.isEmpty()) {
            throw new IllegalArgumentException("set_alpn_protos: the protocol list is empty; give at least one protocol");
        }
        if (!provider.capabilities().contains(Capability.HAS_ALPN)) {
            throw new UnsupportedFeatureException("ALPN", provider.name(), null);
        }
        OptionRules.checkAlpn(protocols);
        alpnProtocols = List.copyOf(protocols);
        changed();
    }

    /** The ALPN list set by {@link #setAlpnProtocols}. */
    public synchronized List<String> alpnProtocols() {
        return alpnProtocols;
    }

    /**
     * pyOpenSSL {@code Context.set_alpn_select_callback(callback)}: a server chooses the protocol itself, instead of
     * OpenSSL's rule over {@link #setAlpnProtocols} (see {@link AlpnSelectCallback} for the outcomes and an example);
     * {@code null} restores the rule.
     *
     * <pre>{@code
     * ctx.setAlpnSelectCallback((conn, offered) -> offered.contains("h2") ? AlpnSelection.of("h2")
     *         : AlpnSelection.NO_OVERLAPPING_PROTOCOLS);
     * }</pre>
     *
     * @throws UnsupportedFeatureException when the provider has no ALPN
     */
    public synchronized void setAlpnSelectCallback(AlpnSelectCallback callback) throws UnsupportedFeatureException {
        requireMutable();
        if (!provider.capabilities().contains(Capability.HAS_ALPN)) {
            throw new UnsupportedFeatureException("set_alpn_select_callback (ALPN)", provider.name(), null);
        }
        alpnSelect = callback;
        changed();
    }

    /** The callback set by {@link #setAlpnSelectCallback}, or {@code null}. */
    public synchronized AlpnSelectCallback alpnSelectCallback() {
        return alpnSelect;
    }

    /**
     * Seed {@code set_npn_protocols(protocols)}: NPN, ALPN's obsolete predecessor. No tlskit backend has it
     * ({@link Capability#HAS_NPN}); the seed raises {@code NotImplementedError} there. Use {@link #setAlpnProtocols}.
     *
     * @throws UnsupportedFeatureException always on the current backends, naming the provider
     */
    public void setNpnProtocols(List<String> protocols) throws UnsupportedFeatureException {
        requireMutable();
        throw noNpn("set_npn_protocols");
    }

    /**
     * pyOpenSSL {@code set_npn_select_callback(callback)} (client) and, with the same refusal,
     * {@code set_npn_advertise_callback}: see {@link #setNpnProtocols}.
     *
     * @throws UnsupportedFeatureException always on the current backends
     */
    public void setNpnSelectCallback(java.util.function.BiFunction<TlsConnection, List<String>, String> callback)
            throws UnsupportedFeatureException {
        requireMutable();
        throw noNpn("set_npn_select_callback");
    }

    UnsupportedFeatureException noNpn(String seedName) {
        return new UnsupportedFeatureException(seedName + " (NPN)", provider.name(),
                provider.capabilities().contains(Capability.HAS_NPN) ? "tlskit has no NPN hook for providers; use ALPN"
                        : "the backend has no next protocol negotiation (HAS_NPN is false); use ALPN (setAlpnProtocols)");
    }

    // ------------------------------------------------------------------ SNI

    /**
     * Seed {@code SSLContext.sni_callback = callback}: a server sees each requested host name and may switch the
     * connection to another context or fail the handshake with an alert; {@code null} removes it. See
     * {@link SniCallback} for the rules and an example.
     *
     * <pre>{@code
     * ctx.setSniCallback((conn, name, original) -> { if ("b.example".equals(name)) conn.setContext(ctxB); return null; });
     * }</pre>
     *
     * @throws UnsupportedFeatureException when the provider has no SNI
     */
    public synchronized void setSniCallback(SniCallback callback) throws UnsupportedFeatureException {
        requireMutable();
        if (!provider.capabilities().contains(Capability.HAS_SNI)) {
            throw new UnsupportedFeatureException("sni_callback (SNI)", provider.name(), null);
        }
        sniCallback = callback;
        changed();
    }

    /** Seed {@code SSLContext.sni_callback}: the callback set, or {@code null}. */
    public synchronized SniCallback sniCallback() {
        return sniCallback;
    }

    /**
     * pyOpenSSL {@code set_tlsext_servername_callback(callback)}: {@link #setSniCallback} with a callback that takes
     * only the connection ({@link TlsConnection#getServername()} tells the name).
     *
     * <pre>{@code
     * ctx.setTlsextServernameCallback(conn -> conn.getServername().filter("b.example"::equals).ifPresent(n -> ...));
     * }</pre>
     */
    public void setTlsextServernameCallback(ServernameCallback callback) throws UnsupportedFeatureException {
        requireMutable();
        setSniCallback(callback == null ? null : (conn, name, ctx) -> {
            callback.onServername(conn);
            return null;
        });
    }

    // ------------------------------------------------------------------ cipher suites and key exchange

    /**
     * Seed {@code set_ciphers(cipherString)}: the TLS 1.2-and-older suites, in OpenSSL's cipher-list language,
     * evaluated exactly as OpenSSL 3.0 does ({@link dev.tlskit.ciphers.CipherList}) and kept where the provider
     * implements them. TLS 1.3 suites are not affected (see {@link #setCiphersuites}). The default is
     * {@value dev.tlskit.internal.CipherConfig#DEFAULT_CIPHERS} (CPython's). <b>Insecure:</b> strings such as
     * {@code ALL} or {@code COMPLEMENTOFALL} enable anonymous and NULL suites.
     *
     * @throws TlsException "No cipher can be selected." when the string is invalid or leaves no suite
     */
    public synchronized void setCiphers(String cipherString) throws TlsException {
        requireMutable();
        ciphers = ciphers.withCiphers(Objects.requireNonNull(cipherString, "cipher string"), provider);
        changed();
    }

    /**
     * OpenSSL's {@code SSL_CTX_set_ciphersuites}: the TLS 1.3 suites by IANA name, {@code :}-separated, in order;
     * {@code ""} disables them. The default is OpenSSL's {@code TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:
     * TLS_AES_128_GCM_SHA256}.
     *
     * <p>Needs {@link Capability#TLS13_CIPHERSUITE_SELECTION}: a provider without it (Conscrypt: BoringSSL always
     * enables its three TLS 1.3 suites) accepts only exactly that set, which {@link #getCiphers()} reports.
     *
     * @throws UnsupportedFeatureException when the provider lacks {@link Capability#TLS13_CIPHERSUITE_SELECTION} and
     *                                     the list is not its fixed set
     * @throws TlsException when a non-empty list names no TLS 1.3 suite the provider implements
     */
    public synchronized void setCiphersuites(String suites) throws TlsException {
        requireMutable();
        ciphers = ciphers.withCiphersuites(Objects.requireNonNull(suites, "ciphersuites"), provider);
        changed();
    }

    /**
     * Seed {@code SSLContext.security_level}: OpenSSL's security level (0..5) that chain keys and digests must meet,
     * 2 by default, changed with {@code setCiphers("...:@SECLEVEL=n")}. <pre>{@code ctx.securityLevel()   // 2}</pre>
     */
    public synchronized int securityLevel() {
        return ciphers.securityLevel();
    }

    /** Seed {@code get_ciphers()}: the enabled suites in preference order, TLS 1.3 first, as the seed's dicts. */
    public synchronized List<CipherDetails> getCiphers() {
        return ciphers.details();
    }

    /**
     * Seed {@code set_ecdh_curve(name)}.
     *
     * @throws IllegalArgumentException    for an unknown curve name (the seed's {@code ValueError})
     * @throws UnsupportedFeatureException when the provider lacks {@link Capability#NAMED_GROUP_SELECTION}
     */
    public void setEcdhCurve(String curveName) throws UnsupportedFeatureException {
        requireMutable();
        CipherConfig.checkEcdhCurve(curveName, provider);
        throw new UnsupportedFeatureException("set_ecdh_curve", provider.name(), "no tlskit backend applies it yet");
    }

    /**
     * pyOpenSSL {@code set_tlsext_use_srtp(profiles)}: DTLS-SRTP profiles such as {@code "SRTP_AES128_CM_SHA1_80"}
     * (colon-separated). Names are checked as OpenSSL does; the setting itself is refused, as no backend has DTLS.
     * <pre>{@code ctx.setTlsextUseSrtp("SRTP_AES128_CM_SHA1_80");   // UnsupportedFeatureException on jdk and conscrypt}</pre>
     *
     * @throws TlsException                an unknown profile: reason {@code SRTP_COULD_NOT_ALLOCATE_PROFILES}
     * @throws UnsupportedFeatureException for valid profiles, naming the provider
     */
    public void setTlsextUseSrtp(String profiles) throws TlsException {
        requireMutable();
        for (String name : Objects.requireNonNull(profiles, "profiles").split(":", -1)) {
            if (!SRTP_PROFILES.contains(name)) {
                throw new TlsException(SslErrorNumber.SSL_ERROR_SSL, "SRTP_COULD_NOT_ALLOCATE_PROFILES", "unknown SRTP "
                        + "profile '" + name + "' in '" + profiles + "'; known: " + SRTP_PROFILES, null);
            }
        }
        throw new UnsupportedFeatureException("set_tlsext_use_srtp (DTLS-SRTP)", provider.name(), "tlskit has no DTLS");
    }

    private static final List<String> SRTP_PROFILES = List.of("SRTP_AES128_CM_SHA1_80", "SRTP_AES128_CM_SHA1_32",
            "SRTP_AEAD_AES_128_GCM", "SRTP_AEAD_AES_256_GCM");

    /**
     * Seed {@code load_dh_params(path)}.
     *
     * @throws TlsCredentialException      when the file cannot be read
     * @throws TlsException                when it holds no PEM DH parameters
     * @throws UnsupportedFeatureException when the provider lacks {@link Capability#DH_PARAMETERS}
     */
    public void loadDhParams(Path dhfile) throws TlsException {
        requireMutable();
        CipherConfig.checkDhParams(Objects.requireNonNull(dhfile, "dhfile"), provider);
        throw new UnsupportedFeatureException("load_dh_params", provider.name(), "no tlskit backend applies it yet");
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

    // ------------------------------------------------------------------ sessions (logic: SessionSettings)

    /**
     * Seed {@code session_stats()}: {@code number}, {@code connect}, {@code connect_good}, {@code accept},
     * {@code accept_good}, {@code hits}, {@code misses}, ... counted by tlskit the same way on every backend (see
     * {@link SessionSettings}). <pre>{@code long hits = ctx.sessionStats().get("hits");}</pre>
     */
    public Map<String, Long> sessionStats() {
        return sessions.stats(System.currentTimeMillis() / 1000);
    }

    /**
     * pyOpenSSL {@code set_timeout(seconds)}: the lifetime of sessions made from now on (default 300, as OpenSSL's);
     * returns the previous one. <pre>{@code ctx.setTimeout(3600);}</pre>
     */
    public synchronized long setTimeout(long seconds) {
        requireMutable();
        long old = sessions.setTimeout(seconds);
        changed();
        return old;
    }

    /** pyOpenSSL {@code get_timeout()}: the session lifetime in seconds. <pre>{@code ctx.getTimeout() // 300}</pre> */
    public long getTimeout() {
        return sessions.timeout();
    }

    /**
     * pyOpenSSL {@code set_session_cache_mode(mode)}; returns the previous mode. Client sessions are resumed only when
     * handed over, so the client bits change nothing. <pre>{@code ctx.setSessionCacheMode(EnumSet.of(SESS_CACHE_BOTH));}</pre>
     *
     * @throws UnsupportedFeatureException when the mode turns the server cache off or bypasses it and the provider
     *                                     lacks {@link Capability#SERVER_SESSION_CACHE_CONTROL}
     */
    public EnumSet<SessionCacheMode> setSessionCacheMode(Set<SessionCacheMode> mode) throws UnsupportedFeatureException {
        requireMutable();
        return sessions.setCacheMode(mode, provider);
    }

    /** pyOpenSSL {@code get_session_cache_mode()}. <pre>{@code ctx.getSessionCacheMode() // [SESS_CACHE_SERVER]}</pre> */
    public EnumSet<SessionCacheMode> getSessionCacheMode() {
        return sessions.cacheMode();
    }

    /**
     * pyOpenSSL {@code set_session_id(buf)}: the session id context (at most 32 bytes). tlskit never shares a session
     * cache between contexts, so sessions are already confined to their context; the value is kept and checked.
     * <pre>{@code ctx.setSessionIdContext("my-service".getBytes(UTF_8));}</pre>
     *
     * @throws TlsException longer than 32 bytes: reason {@code SSL_SESSION_ID_CONTEXT_TOO_LONG} (pyOpenSSL's
     *                      {@code Error} "ssl session id context too long")
     */
    public void setSessionIdContext(byte[] sessionIdContext) throws TlsException {
        requireMutable();
        sessions.setSessionIdContext(sessionIdContext);
    }

    /** The value given to {@link #setSessionIdContext}, empty by default. */
    public byte[] sessionIdContext() {
        return sessions.sessionIdContext();
    }

    /** Seed {@code SSLContext.num_tickets}: TLS 1.3 tickets a server sends (2). <pre>{@code ctx.numTickets()}</pre> */
    public int numTickets() {
        return sessions.numTickets();
    }

    /**
     * Seed {@code SSLContext.num_tickets = n} (server contexts only). <pre>{@code serverCtx.setNumTickets(1);}</pre>
     *
     * @throws IllegalArgumentException    on a client context or for a negative count
     * @throws UnsupportedFeatureException without {@link Capability#TLS13_TICKET_COUNT}
     */
    public synchronized void setNumTickets(int count) throws UnsupportedFeatureException {
        requireMutable();
        sessions.setNumTickets(count, allowsServer(), provider);
        changed();
    }

    // ------------------------------------------------------------------ pyOpenSSL: used contexts are frozen

    private volatile boolean madeConnection;

    /** pyOpenSSL 26.2+: a {@link Method} context that made a connection refuses every later change. */
    private void requireMutable() {
        if (madeConnection) {
            throw new IllegalStateException("Context has already been used to create a Connection, it cannot be "
                    + "mutated again; create a new Context (TlsContext.create(Method)) for other settings");
        }
    }

    private void markUsed() {
        if (method != null) {
            madeConnection = true;
        }
    }

    // ------------------------------------------------------------------ PHA, key log, OCSP, PSK (capabilities)

    /** Seed {@code SSLContext.post_handshake_auth}: {@code false} unless a provider with {@link Capability#HAS_PHA}. */
    public boolean postHandshakeAuth() {
        return false;
    }

    /**
     * Seed {@code SSLContext.post_handshake_auth = value}; never changes {@link #verifyMode()}.
     * <pre>{@code ctx.setPostHandshakeAuth(true);}</pre>
     *
     * @throws UnsupportedFeatureException for {@code true} without {@link Capability#HAS_PHA} (no current backend)
     */
    public void setPostHandshakeAuth(boolean value) throws UnsupportedFeatureException {
        if (value) {
            throw ChannelBindings.unwired(provider, Capability.HAS_PHA, "post_handshake_auth",
                    "the backend has no TLS 1.3 post-handshake authentication");
        }
    }

    /** Seed {@code SSLContext.keylog_filename}: {@code null} (off) unless a provider with {@link Capability#KEYLOG}. */
    public Path keylogFilename() {
        return null;
    }

    /**
     * Seed {@code SSLContext.keylog_filename = path}: append NSS key-log lines; {@code null} turns logging off.
     * <pre>{@code ctx.setKeylogFilename(Path.of("/tmp/keys.log"));}</pre>
     *
     * @throws UnsupportedFeatureException for a path without {@link Capability#KEYLOG} (no current backend)
     */
    public void setKeylogFilename(Path path) throws UnsupportedFeatureException {
        if (path != null) {
            throw ChannelBindings.unwired(provider, Capability.KEYLOG, "keylog_filename",
                    "the backend does not report TLS secrets");
        }
    }

    /**
     * pyOpenSSL {@code Context.set_keylog_callback(callback)}: see {@link KeylogCallback}.
     *
     * @throws UnsupportedFeatureException without {@link Capability#KEYLOG} (no current backend)
     */
    public void setKeylogCallback(KeylogCallback callback) throws UnsupportedFeatureException {
        Objects.requireNonNull(callback, "callback");
        throw ChannelBindings.unwired(provider, Capability.KEYLOG, "set_keylog_callback",
                "the backend does not report TLS secrets");
    }

    /**
     * pyOpenSSL {@code Context.set_info_callback(callback)}.
     *
     * @throws UnsupportedFeatureException without {@link Capability#INFO_CALLBACK} (no current backend)
     */
    public void setInfoCallback(InfoCallback callback) throws UnsupportedFeatureException {
        Objects.requireNonNull(callback, "callback");
        throw ChannelBindings.infoCallback(provider);
    }

    /** Seed {@code SSLContext._msg_callback}: {@code null} unless a provider with {@link Capability#MSG_CALLBACK}. */
    public MsgCallback msgCallback() {
        return null;
    }

    /**
     * Seed {@code SSLContext._msg_callback = callback}; {@code null} removes it.
     *
     * @throws UnsupportedFeatureException for a callback without {@link Capability#MSG_CALLBACK} (no current backend)
     */
    public void setMsgCallback(MsgCallback callback) throws UnsupportedFeatureException {
        if (callback != null) {
            throw ChannelBindings.unwired(provider, Capability.MSG_CALLBACK, "_msg_callback",
                    "the backend does not report TLS records and handshake messages");
        }
    }

    /**
     * pyOpenSSL {@code set_ocsp_server_callback(callback, data)}: see {@link OcspServerCallback}.
     *
     * @throws UnsupportedFeatureException without {@link Capability#OCSP_STAPLING_SERVER} (no current backend)
     */
    public void setOcspServerCallback(OcspServerCallback callback, Object data) throws UnsupportedFeatureException {
        Objects.requireNonNull(callback, "callback");
        throw ChannelBindings.unwired(provider, Capability.OCSP_STAPLING_SERVER, "set_ocsp_server_callback",
                "the backend cannot staple an application-supplied OCSP response without process-wide settings");
    }

    /**
     * pyOpenSSL {@code set_ocsp_client_callback(callback, data)}: a client connection that calls
     * {@link TlsConnection#requestOcsp()} hands the server's stapled OCSP response (empty when none was stapled) to
     * {@code callback} during the handshake, once the server's certificate has been checked; {@code false} fails the
     * handshake. See {@link OcspClientCallback}. Connections take the callback when they start.
     *
     * <pre>{@code ctx.setOcspClientCallback((conn, staple, data) -> staple.length > 0, null);}</pre>
     *
     * @throws UnsupportedFeatureException without {@link Capability#OCSP_STAPLING_CLIENT}
     */
    public synchronized void setOcspClientCallback(OcspClientCallback callback, Object data)
            throws UnsupportedFeatureException {
        Objects.requireNonNull(callback, "callback");
        requireMutable();
        ChannelBindings.require(provider, Capability.OCSP_STAPLING_CLIENT, "set_ocsp_client_callback",
                "the backend does not show the stapled OCSP response");
        ocspClient = new dev.tlskit.internal.OcspClientState(callback, data);
    }

    /** A fresh per-connection copy of the OCSP client callback state, for {@link TlsConnection}. */
    synchronized dev.tlskit.internal.OcspClientState ocspClientState() {
        return ocspClient == null ? new dev.tlskit.internal.OcspClientState(null, null) : ocspClient.fresh();
    }

    /**
     * Seed {@code set_psk_server_callback(callback, identity_hint)}: see {@link PskServerCallback}.
     *
     * @throws TlsException                "Cannot add PSK server callback" on a client-only context
     * @throws UnsupportedFeatureException without {@link Capability#HAS_PSK} (no current backend)
     */
    public void setPskServerCallback(PskServerCallback callback, String identityHint) throws TlsException {
        pskSide(allowsServer(), "server");
        throw ChannelBindings.unwired(provider, Capability.HAS_PSK, "set_psk_server_callback", "the backend has no PSK");
    }

    /**
     * Seed {@code set_psk_client_callback(callback)}: see {@link PskClientCallback}.
     *
     * @throws TlsException                "Cannot add PSK client callback" on a server-only context
     * @throws UnsupportedFeatureException without {@link Capability#HAS_PSK} (no current backend)
     */
    public void setPskClientCallback(PskClientCallback callback) throws TlsException {
        pskSide(allowsClient(), "client");
        throw ChannelBindings.unwired(provider, Capability.HAS_PSK, "set_psk_client_callback", "the backend has no PSK");
    }

    private void pskSide(boolean allowed, String side) throws TlsException {
        if (!allowed) {
            throw new TlsException(SslErrorNumber.SSL_ERROR_SSL, "CALLED_A_FUNCTION_YOU_SHOULD_NOT_CALL",
                    "Cannot add PSK " + side + " callback to a " + sideName() + " context", null);
        }
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
     * Seed {@code SSLContext.wrap_socket(sock, ...)}: TLS over a connected blocking socket.
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

    private String sideName() {
        return protocol != null ? protocol.name() : method.name();
    }

    SessionSettings sessionSettings() {
        return sessions;
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

    private synchronized void changed() {
        snapshot = null;
    }

    @Override
    public synchronized String toString() {
        return "TlsContext[" + sideName() + ", provider=" + provider.name() + ", verify=" + verifyMode()
                + ", check_hostname=" + checkHostname + "]";
    }
}
