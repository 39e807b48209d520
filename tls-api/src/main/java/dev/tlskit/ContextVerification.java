package dev.tlskit;

import dev.tlskit.internal.ContextSnapshot;
import dev.tlskit.internal.OptionRules;
import dev.tlskit.internal.VersionBounds;
import dev.tlskit.pki.ClientCaList;
import dev.tlskit.spi.TlsProvider;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * The first layer of {@link TlsContext}: what the context is (protocol or pyOpenSSL method, provider), how it verifies
 * peers, and its version bounds and options; plus the bookkeeping every setter shares (the cached snapshot and
 * pyOpenSSL's frozen-after-use rule). Users see these methods on {@link TlsContext}; see its documentation.
 */
abstract sealed class ContextVerification permits ContextNegotiation {
    private static final long PYTHON_DEFAULT_OPTIONS = 0x82520050L;

    final Protocol protocol;
    final Method method;
    final TlsProvider provider;

    int verifyBits;
    VerifyCallback verifyCallback;
    int verifyDepth = -1;
    ClientCaList clientCas = ClientCaList.empty();
    boolean checkHostname;
    boolean hostnameChecksCommonName = true;
    TlsVersion minimumVersion = TlsVersion.TLSv1_2;
    TlsVersion maximumVersion = TlsVersion.MAXIMUM_SUPPORTED;
    long optionBits = PYTHON_DEFAULT_OPTIONS;
    private long modeBits;
    EnumSet<VerifyFlag> verifyFlags = EnumSet.of(VerifyFlag.VERIFY_X509_TRUSTED_FIRST);

    /** The settings of new connections; {@code null} after a change until {@link TlsContext#snapshot()} rebuilds it. */
    volatile ContextSnapshot snapshot;

    ContextVerification(Protocol protocol, Method method, TlsProvider provider) {
        this.protocol = protocol;
        this.method = method;
        this.provider = provider;
        this.modeBits = method != null ? Mode.KNOWN
                : Mode.ACCEPT_MOVING_WRITE_BUFFER.code() | Mode.AUTO_RETRY.code();
        if (protocol == Protocol.PROTOCOL_TLS_CLIENT) {
            verifyBits = PeerVerify.toBits(EnumSet.of(PeerVerify.VERIFY_PEER, PeerVerify.VERIFY_FAIL_IF_NO_PEER_CERT));
            checkHostname = true;
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

    java.util.Optional<TlsVersion> fixedVersion() {
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

    // ------------------------------------------------------------------ write modes (pyOpenSSL)

    /**
     * pyOpenSSL {@code Context.get_mode()}: the {@link Mode} bits new connections get ({@code 0x7} for a
     * {@link Method} context, {@code 0x6} for a {@link Protocol} one).
     */
    public synchronized long mode() {
        return modeBits;
    }

    /**
     * pyOpenSSL {@code Context.set_mode(mode)}: adds {@link Mode} bits and returns the new mask; connections made
     * afterwards use it. <pre>{@code ctx.setMode(Mode.ENABLE_PARTIAL_WRITE.code());}</pre>
     *
     * @throws UnsupportedFeatureException for an {@code SSL_MODE_*} bit other than those of {@link Mode}
     *                                     ({@code RELEASE_BUFFERS}, {@code SEND_FALLBACK_SCSV}, {@code ASYNC}, ...)
     */
    public synchronized long setMode(long bits) throws UnsupportedFeatureException {
        requireMutable();
        if ((bits & ~Mode.KNOWN) != 0) {
            throw new UnsupportedFeatureException(String.format("mode 0x%x", bits & ~Mode.KNOWN), provider.name(),
                    "tlskit honours only ENABLE_PARTIAL_WRITE (0x1), ACCEPT_MOVING_WRITE_BUFFER (0x2) and AUTO_RETRY "
                            + "(0x4); drop the other bits");
        }
        modeBits |= bits;
        return modeBits;
    }

    /**
     * pyOpenSSL {@code Context.clear_mode(mode)}: removes {@link Mode} bits and returns the new mask. Bits tlskit
     * does not know are never set, so clearing them does nothing.
     *
     * @throws UnsupportedFeatureException for {@link Mode#AUTO_RETRY}: blocking reads always read on past records
     *                                     without application data
     */
    public synchronized long clearMode(long bits) throws UnsupportedFeatureException {
        requireMutable();
        if ((bits & Mode.AUTO_RETRY.code()) != 0) {
            throw new UnsupportedFeatureException("clearing AUTO_RETRY", provider.name(),
                    "a blocking tlskit read always reads on past a record without application data; keep the bit");
        }
        modeBits &= ~bits;
        return modeBits;
    }

    // ------------------------------------------------------------------ pyOpenSSL: used contexts are frozen

    private volatile boolean madeConnection;

    /** pyOpenSSL 26.2+: a {@link Method} context that made a connection refuses every later change. */
    final void requireMutable() {
        if (madeConnection) {
            throw new IllegalStateException("Context has already been used to create a Connection, it cannot be "
                    + "mutated again; create a new Context (TlsContext.create(Method)) for other settings");
        }
    }

    final void markUsed() {
        if (method != null) {
            madeConnection = true;
        }
    }

    final String sideName() {
        return protocol != null ? protocol.name() : method.name();
    }

    final synchronized void changed() {
        snapshot = null;
    }
}
