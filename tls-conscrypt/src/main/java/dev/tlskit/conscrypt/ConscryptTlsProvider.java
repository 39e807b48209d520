package dev.tlskit.conscrypt;

import dev.tlskit.Capability;
import dev.tlskit.Option;
import dev.tlskit.TlsException;
import dev.tlskit.TlsVersion;
import dev.tlskit.spi.Availability;
import dev.tlskit.spi.OptionTable;
import dev.tlskit.spi.TlsProvider;
import dev.tlskit.spi.VersionInfo;
import java.security.GeneralSecurityException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;

/**
 * Conscrypt (Google's JSSE provider over BoringSSL) as a tlskit provider named {@code "conscrypt"}, priority 10: with
 * {@code tls-conscrypt} on the class path it is chosen over {@code jdk} whenever its native library loads, and
 * without it (or when the library cannot load) selection falls back to {@code jdk}.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * TlsContext ctx = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, "conscrypt");
 * System.out.println(ctx.provider().versionInfo().versionString()); // "BoringSSL (Conscrypt 2.5.2)"
 * }</pre>
 * or run unchanged code with {@code -Dtlskit.provider=conscrypt}.
 *
 * <h2>Availability</h2>
 * The constructor touches no Conscrypt class. {@link #availability()} loads the native library once and, when it
 * fails (no native build for this OS/architecture, a {@code noexec} temp directory, the Conscrypt jar missing), says
 * which and how to fix it; the error is kept as the cause. Conscrypt is never installed as a global JCA provider: each
 * {@link SSLContext} is obtained from a private provider object.
 *
 * <h2>What it honours</h2>
 * <ul>
 *   <li>Versions: TLS 1.0 to 1.3, everything BoringSSL still negotiates (no SSLv3). tlskit's default minimum is
 *       TLS 1.2, as in CPython.</li>
 *   <li>Options: {@code OP_NO_TLSv1*} (version filtering) and {@code OP_IGNORE_UNEXPECTED_EOF} (tlskit's driver).
 *       Always on: {@code OP_NO_COMPRESSION} (BoringSSL has no compression), {@code OP_ENABLE_MIDDLEBOX_COMPAT}
 *       (BoringSSL always uses TLS 1.3 compatibility mode) and {@code OP_CIPHER_SERVER_PREFERENCE} (Conscrypt sets
 *       {@code SSL_OP_CIPHER_SERVER_PREFERENCE} on every server, so clearing it is refused). OpenSSL bug workarounds in
 *       {@code OP_ALL} are accepted with no effect because BoringSSL does not have those bugs. Refused with
 *       {@link dev.tlskit.UnsupportedFeatureException}: {@code OP_NO_RENEGOTIATION} (Conscrypt makes every client
 *       accept renegotiation) and the rest, which Conscrypt's public API cannot reach.</li>
 *   <li>Session tickets: Conscrypt sets {@code SSL_OP_NO_TICKET} on every connection unless
 *       {@code Conscrypt.setUseSessionTickets} says otherwise; {@link #configureEngine} turns tickets on, as OpenSSL
 *       has them by default (BoringSSL resumes TLS 1.3 only with tickets), and off again for {@code OP_NO_TICKET}
 *       ({@link Capability#SESSION_TICKET_CONTROL}). No {@link Capability#TLS13_TICKET_COUNT} and no
 *       {@link Capability#SERVER_SESSION_CACHE_CONTROL}: Conscrypt's facade reaches neither.</li>
 *   <li>Channel binding and exporters: {@code tls-unique} at TLS 1.2 ({@link
 *       Capability#CHANNEL_BINDING_TLS_UNIQUE}, from {@code Conscrypt.getTlsUnique}) and RFC 5705/8446 keying material
 *       and {@code tls-exporter} ({@link Capability#KEYING_MATERIAL_EXPORT}); the client side of OCSP stapling ({@link
 *       Capability#OCSP_STAPLING_CLIENT}: BoringSSL asks for a staple on every client connection). Not reachable
 *       through Conscrypt's public API, so refused: both Finished messages, client/server random and master key, key
 *       logging, post-handshake authentication (BoringSSL has none), OCSP stapling from a server callback (Conscrypt
 *       2.5 has no public engine call), the message callback, and PSK.</li>
 *   <li>ALPN (server selection by OpenSSL's rule, as on every backend), SNI, ECDH; no NPN, no PSK through tlskit.
 *       Conscrypt sends SNI only for names with a dot and {@code localhost}, so it lacks
 *       {@link Capability#SNI_SINGLE_LABEL_NAMES}: a client connection to a single-label name such as {@code "db"} is
 *       refused instead of silently going without SNI.</li>
 *   <li>Cipher suites: Conscrypt's supported list (the default {@code supportedCipherSuites()}, which is truthful:
 *       {@code SSLParameters.setCipherSuites} is applied and rejects names outside it). BoringSSL has no CBC suites
 *       with SHA-256/384 and no DHE, so strings selecting only those leave "No cipher can be selected.", and
 *       CPython's default list (no SHA-1 suites) leaves nothing usable at TLS 1.0/1.1 ({@code NO_CIPHERS_AVAILABLE}).
 *       No {@link Capability#TLS13_CIPHERSUITE_SELECTION}: BoringSSL always enables {@code TLS_AES_128_GCM_SHA256},
 *       {@code TLS_AES_256_GCM_SHA384} and {@code TLS_CHACHA20_POLY1305_SHA256}, so {@code setCiphersuites} accepts
 *       only that set.</li>
 * </ul>
 * Protocols, ALPN (offer and server selection), SNI and client authentication all reach Conscrypt through the
 * standard {@link javax.net.ssl.SSLParameters} that tlskit applies to every engine (checked on Java 17), so this
 * provider needs no engine hook beyond {@link #engineIdentity} and {@link #refuseServerCertificate} (an SNI callback's
 * refusal). It lacks {@link Capability#ALPN_SELECT_ALERT} (Conscrypt's ALPN selector can only select or decline); an
 * SNI callback's alert reaches the client exactly ({@link Capability#SNI_CALLBACK_ALERTS}): BoringSSL's certificate
 * callback rejects with a plain-text {@code handshake_failure} that the engine driver rewrites to the alert asked for.
 *
 * <h2>Security note</h2>
 * Certificates and host names are checked by tlskit's own verifier, as on every backend, so verify codes and messages
 * are the same as with {@code jdk}; BoringSSL's error reasons are mapped to the same typed exceptions.
 *
 * @see <a href="https://github.com/google/conscrypt">Conscrypt</a>
 */
public final class ConscryptTlsProvider implements TlsProvider {
    /** Versions BoringSSL in Conscrypt 2.5 negotiates (it refuses {@code SSLv3}, see {@code getSupportedProtocols}). */
    private static final Set<TlsVersion> VERSIONS = Collections.unmodifiableSet(
            EnumSet.of(TlsVersion.TLSv1, TlsVersion.TLSv1_1, TlsVersion.TLSv1_2, TlsVersion.TLSv1_3));
    private static final Set<Option> HONOURED = EnumSet.of(Option.OP_NO_SSLv2, Option.OP_NO_SSLv3, Option.OP_NO_TLSv1,
            Option.OP_NO_TLSv1_1, Option.OP_NO_TLSv1_2, Option.OP_NO_TLSv1_3, Option.OP_IGNORE_UNEXPECTED_EOF,
            Option.OP_NO_TICKET);
    private static final Set<Option> ALWAYS_ON = EnumSet.of(Option.OP_NO_COMPRESSION,
            Option.OP_ENABLE_MIDDLEBOX_COMPAT, Option.OP_CIPHER_SERVER_PREFERENCE);
    /** OpenSSL interop workarounds for defects BoringSSL does not have (the same set the jdk provider accepts). */
    // OP_LEGACY_SERVER_CONNECT: the backend refuses insecure renegotiation itself, so a server without RFC 5746 is
    // harmless to connect to and OpenSSL's refusal of it is not needed (accepted set or cleared).
    private static final Set<Option> WORKAROUNDS = EnumSet.of(Option.OP_ALL, Option.OP_DONT_INSERT_EMPTY_FRAGMENTS,
            Option.OP_LEGACY_SERVER_CONNECT);
    private static final OptionTable OPTIONS = new OptionTable(HONOURED, ALWAYS_ON, WORKAROUNDS);

    private volatile Availability availability;

    public ConscryptTlsProvider() {
        // never throws, never loads Conscrypt or its native library: see availability()
    }

    @Override
    public String name() {
        return "conscrypt";
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Availability availability() {
        Availability a = availability;
        if (a == null) {
            synchronized (this) {
                a = availability;
                if (a == null) {
                    a = probe();
                    availability = a;
                }
            }
        }
        return a;
    }

    private static Availability probe() {
        try {
            Class.forName("org.conscrypt.Conscrypt", false, ConscryptTlsProvider.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return Availability.unavailable("Conscrypt is not on the class path (" + e + ")",
                    "add org.conscrypt:conscrypt-openjdk-uber next to tls-conscrypt, or select the jdk provider", e);
        }
        try {
            ConscryptAccess.probe();
            return Availability.available();
        } catch (Throwable t) { // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError, ...
            if (t instanceof VirtualMachineError) { // out of memory is not a reason to call Conscrypt unusable
                throw (VirtualMachineError) t;
            }
            String platform = System.getProperty("os.name") + "/" + System.getProperty("os.arch");
            return Availability.unavailable("Conscrypt's native library (BoringSSL) could not be loaded on " + platform
                    + ": " + t.getClass().getSimpleName() + ": " + rootMessage(t),
                    "conscrypt-openjdk-uber " + conscryptVersion() + " ships native code only for linux-x86_64, "
                            + "osx-x86_64 and windows-x86/x86_64, and unpacks it into java.io.tmpdir or "
                            + "-Dorg.conscrypt.native.workdir, which must be a writable directory that allows "
                            + "executables; otherwise select -Dtlskit.provider=jdk", t);
        }
    }

    /**
     * Conscrypt tries several library names and keeps each failure as a suppressed error; each says the same
     * {@code java.library.path}. The distinct attempts, without the path, make a readable cause (the full errors stay
     * in {@link Availability#cause()}).
     */
    private static String rootMessage(Throwable t) {
        Set<String> attempts = new LinkedHashSet<>();
        attempts.add(brief(t.getMessage()));
        for (Throwable s : t.getSuppressed()) {
            attempts.add(brief(s.getMessage()));
        }
        String joined = String.join("; ", attempts);
        return joined.length() <= 400 ? joined : joined.substring(0, 400) + "...";
    }

    private static String brief(String message) {
        String m = String.valueOf(message);
        int path = m.indexOf(" in java.library.path");
        return path < 0 ? m : m.substring(0, path) + " in java.library.path";
    }

    private static String conscryptVersion() {
        try {
            int[] v = ConscryptAccess.version();
            return v[0] + "." + v[1] + "." + v[2];
        } catch (Throwable t) { // LinkageError when the jar is absent; the version is only decoration
            return "(unknown version)";
        }
    }

    @Override
    public Set<Capability> capabilities() {
        Set<Capability> caps = EnumSet.of(Capability.HAS_ALPN, Capability.HAS_SNI, Capability.HAS_ECDH,
                Capability.HAS_NEVER_CHECK_COMMON_NAME, Capability.SESSION_TICKET_CONTROL,
                Capability.CHANNEL_BINDING_TLS_UNIQUE, Capability.KEYING_MATERIAL_EXPORT,
                Capability.OCSP_STAPLING_CLIENT, // BoringSSL: status_request on every client connection
                Capability.SNI_CALLBACK_ALERTS); // the refusal's plain-text alert is rewritten by the engine driver
        for (TlsVersion v : supportedVersions()) {
            switch (v) {
                case TLSv1 -> caps.add(Capability.HAS_TLSv1);
                case TLSv1_1 -> caps.add(Capability.HAS_TLSv1_1);
                case TLSv1_2 -> caps.add(Capability.HAS_TLSv1_2);
                case TLSv1_3 -> caps.add(Capability.HAS_TLSv1_3);
                default -> { }
            }
        }
        return Collections.unmodifiableSet(caps);
    }

    /**
     * {@code "BoringSSL (Conscrypt 2.5.2)"}. BoringSSL has no releases or version numbers of its own (it answers
     * {@code OPENSSL_VERSION_NUMBER} with a fixed OpenSSL-1.1.1 compatibility value), so the numbers are Conscrypt's:
     * {@code versionInfo()} is {@code (2, 5, 2, 0, 15)}. It never claims to be OpenSSL.
     */
    @Override
    public VersionInfo versionInfo() {
        int[] v;
        try {
            v = ConscryptAccess.version();
        } catch (Throwable t) { // the Conscrypt jar is missing: say so instead of failing
            return VersionInfo.of("BoringSSL (Conscrypt)", "BoringSSL (Conscrypt not on the class path)", 0, 0, 0, 0);
        }
        return VersionInfo.of("BoringSSL (Conscrypt)",
                "BoringSSL (Conscrypt " + v[0] + "." + v[1] + "." + v[2] + ")", v[0], v[1], v[2], 0);
    }

    @Override
    public Set<TlsVersion> supportedVersions() {
        return VERSIONS;
    }

    @Override
    public OptionSupport optionSupport(Option option) {
        return OPTIONS.support(option);
    }

    @Override
    public SSLContext newSslContext(KeyManager keyManager, TrustManager trustManager) throws GeneralSecurityException {
        Availability a = availability();
        if (!a.isAvailable()) {
            throw new GeneralSecurityException("the conscrypt provider is unusable: " + a, a.cause().orElse(null));
        }
        SSLContext ctx = SSLContext.getInstance("TLS", ConscryptAccess.provider());
        ctx.init(new KeyManager[] {keyManager}, new TrustManager[] {trustManager}, null);
        return ctx;
    }

    /** Session tickets as OpenSSL has them: on, unless {@code OP_NO_TICKET}. */
    @Override
    public void configureEngine(SSLEngine engine, javax.net.ssl.SSLParameters parameters,
                                dev.tlskit.spi.EngineSettings settings) {
        if (ConscryptAccess.isConscrypt(engine)) {
            ConscryptAccess.setUseSessionTickets(engine, settings.sessionTickets());
        }
    }

    /**
     * {@code false}, for now. BoringSSL encrypts and decrypts direct buffers in place, while every heap buffer handed to
     * a Conscrypt engine is copied through a direct buffer of its own; raw Conscrypt engines move 16 KiB about 25 %
     * faster on direct buffers ({@code benchmarks}, {@code Backends}). But with direct output buffers a server whose
     * first flight is larger than one pooled buffer (a ~35 KB certificate chain) stopped after 17 408 bytes and the
     * handshake never completed (x509-limbo {@code pathological-chain-same-subject-distinct-key} in the TCK's
     * handshake sample): off until the driver's direct path handles multi-buffer flights.
     */
    @Override
    public boolean prefersDirectBuffers() {
        return false;
    }

    /**
     * Conscrypt frees an engine's native {@code SSL} (and the pipe pair it keeps for interrupting socket I/O) only when
     * both directions are closed and nothing is pending; after tlskit's close the outbound side is, so closing the
     * inbound side frees them now instead of at finalisation. Conscrypt keeps the session cached either way.
     */
    @Override
    public void releaseEngine(SSLEngine engine) {
        try {
            engine.closeInbound();
        } catch (javax.net.ssl.SSLException | RuntimeException ignored) {
            // the engine is closing anyway; nothing more to free
        }
    }

    /**
     * Conscrypt returns a wrapper engine but calls the trust and key managers with the engine inside it. Both return
     * the same session object from {@link SSLEngine#getSession()}: Conscrypt keeps one per engine for its whole life
     * (it forwards to whichever session is current), so it identifies the connection from either side.
     */
    @Override
    public Object engineIdentity(SSLEngine engine) {
        return ConscryptAccess.isConscrypt(engine) ? engine.getSession() : engine;
    }

    /**
     * Conscrypt goes on without a certificate when the key manager chooses no alias, and BoringSSL then fails with
     * {@code NO_CERTIFICATE_SET} and sends no alert; an exception from the key manager instead makes Conscrypt reject
     * the ClientHello with {@code handshake_failure} (checked with Conscrypt 2.5.2 against {@code openssl s_client}).
     */
    @Override
    public String refuseServerCertificate(SSLEngine engine) {
        throw new IllegalStateException("tlskit: the SNI callback refused the handshake (handshake_failure)");
    }

    /** {@code Conscrypt.getTlsUnique}: BoringSSL answers only for TLS 1.2 and older (RFC 8446 C.5). */
    @Override
    public java.util.Optional<byte[]> tlsUnique(SSLEngine engine) {
        return ConscryptAccess.isConscrypt(engine) ? java.util.Optional.ofNullable(ConscryptAccess.tlsUnique(engine))
                : java.util.Optional.empty();
    }

    /** {@code Conscrypt.exportKeyingMaterial}: RFC 5705 at TLS 1.2, RFC 8446 section 7.5 at TLS 1.3. */
    @Override
    public byte[] exportKeyingMaterial(SSLEngine engine, String label, byte[] context, int length)
            throws SSLException {
        return ConscryptAccess.exportKeyingMaterial(engine, label, context, length);
    }

    @Override
    public TlsException translateFailure(SSLException failure, boolean handshaking) {
        return BoringSslFailures.translate(failure, handshaking);
    }

    @Override
    public String toString() {
        return "ConscryptTlsProvider[" + versionInfo().versionString() + ", " + availability() + "]";
    }
}
