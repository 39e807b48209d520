package dev.tlskit.jdk;

import dev.tlskit.Capability;
import dev.tlskit.Option;
import dev.tlskit.TlsVersion;
import dev.tlskit.spi.Availability;
import dev.tlskit.spi.OptionTable;
import dev.tlskit.spi.TlsProvider;
import dev.tlskit.spi.VersionInfo;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The JDK's own TLS stack (SunJSSE) as a tlskit provider named {@code "jdk"}, priority 0.
 *
 * <h2>What it honours</h2>
 * <ul>
 *   <li>Versions: those SunJSSE supports and {@code jdk.tls.disabledAlgorithms} leaves enabled (TLS 1.0/1.1 are
 *       disabled by default on JDK 17, so {@code HAS_TLSv1} is false here unless the platform policy allows it).</li>
 *   <li>Options: {@code OP_NO_TLSv1*}/{@code OP_NO_SSLv3} (version filtering), {@code OP_CIPHER_SERVER_PREFERENCE},
 *       {@code OP_IGNORE_UNEXPECTED_EOF} (tlskit's driver); always on: {@code OP_NO_COMPRESSION} (JSSE never
 *       compresses), {@code OP_ENABLE_MIDDLEBOX_COMPAT} (JSSE's TLS 1.3 compatibility mode is on by default); OpenSSL bug
 *       workarounds in {@code OP_ALL} are accepted with no effect because JSSE does not have those bugs. Everything
 *       else, e.g. {@code OP_NO_TICKET} or {@code OP_NO_RENEGOTIATION}, which JSSE controls only through global system
 *       properties, is refused with {@link dev.tlskit.UnsupportedFeatureException}.</li>
 *   <li>No NPN, no PSK, no {@code tls-unique}, no keying-material exporter (before Java 25), no Finished messages,
 *       randoms or master key, no key log, no message callback: JSSE 17 has no public API for them. The client side of
 *       OCSP stapling works ({@link Capability#OCSP_STAPLING_CLIENT}: SunJSSE sends {@code status_request} by default
 *       and shows the staple in the handshake session). No post-handshake authentication and no server-side stapling
 *       from a callback: JSSE has them only through process-wide {@code jdk.tls.*} properties (and fetches OCSP
 *       responses itself), which tlskit never sets. Each is refused with {@link
 *       dev.tlskit.UnsupportedFeatureException}.</li>
 *   <li>Sessions: resumption (TLS 1.2 session ids and tickets, TLS 1.3 tickets) works with sessions handed over
 *       through tlskit; JSSE's per-context session timeout and cache size are used. It lacks
 *       {@link Capability#SESSION_TICKET_CONTROL} ({@code OP_NO_TICKET}), {@link Capability#TLS13_TICKET_COUNT}
 *       ({@code num_tickets}) and {@link Capability#SERVER_SESSION_CACHE_CONTROL}: JSSE has only the process-wide
 *       {@code jdk.tls.server.enableSessionTicketExtension} and {@code jdk.tls.server.newSessionTicketCount}
 *       properties, and a cache size of 0 means unlimited.</li>
 *   <li>Cipher suites: the SunJSSE {@code SSLContext}'s supported list (the default
 *       {@code supportedCipherSuites()}), TLS 1.3 suites included ({@code TLS13_CIPHERSUITE_SELECTION}). No
 *       {@code NAMED_GROUP_SELECTION} ({@code setEcdhCurve}: per-engine
 *       {@code SSLParameters.setNamedGroups} needs JDK 20, JDK 17 only has the global {@code jdk.tls.namedGroups}), no
 *       {@code DH_PARAMETERS} ({@code loadDhParams}: JSSE uses the RFC 7919 groups) and no {@code SHARED_CIPHERS}
 *       (JSSE does not expose the client's offered suites).</li>
 * </ul>
 * It never installs a security provider or sets a {@code jdk.tls.*} property.
 */
public final class JdkTlsProvider implements TlsProvider {
    private static final Set<Option> HONOURED = EnumSet.of(Option.OP_NO_SSLv2, Option.OP_NO_SSLv3, Option.OP_NO_TLSv1,
            Option.OP_NO_TLSv1_1, Option.OP_NO_TLSv1_2, Option.OP_NO_TLSv1_3, Option.OP_CIPHER_SERVER_PREFERENCE,
            Option.OP_IGNORE_UNEXPECTED_EOF);
    private static final Set<Option> ALWAYS_ON = EnumSet.of(Option.OP_NO_COMPRESSION,
            Option.OP_ENABLE_MIDDLEBOX_COMPAT);
    /** OpenSSL interop workarounds for defects JSSE does not have (named ones; OP_ALL's unnamed bits are accepted by tlskit). */
    // OP_LEGACY_SERVER_CONNECT: the backend refuses insecure renegotiation itself, so a server without RFC 5746 is
    // harmless to connect to and OpenSSL's refusal of it is not needed (accepted set or cleared).
    private static final Set<Option> WORKAROUNDS = EnumSet.of(Option.OP_ALL, Option.OP_DONT_INSERT_EMPTY_FRAGMENTS,
            Option.OP_LEGACY_SERVER_CONNECT);
    private static final OptionTable OPTIONS = new OptionTable(HONOURED, ALWAYS_ON, WORKAROUNDS);

    private volatile Set<TlsVersion> versions;

    public JdkTlsProvider() {
        // never throws, never probes: see availability()
    }

    @Override
    public String name() {
        return "jdk";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Availability availability() {
        return sunJsse() != null ? Availability.available()
                : Availability.unavailable("the SunJSSE security provider is not installed in this JVM",
                "use a standard JDK, or add another tlskit backend such as tls-conscrypt", null);
    }

    private static Provider sunJsse() {
        return Security.getProvider("SunJSSE");
    }

    @Override
    public Set<Capability> capabilities() {
        Set<Capability> caps = EnumSet.of(Capability.HAS_ALPN, Capability.HAS_SNI, Capability.SNI_SINGLE_LABEL_NAMES,
                Capability.HAS_ECDH, Capability.HAS_NEVER_CHECK_COMMON_NAME, Capability.ALPN_SELECT_ALERT,
                Capability.SNI_CALLBACK_ALERTS,
                Capability.TLS13_CIPHERSUITE_SELECTION, // SunJSSE takes TLS 1.3 suites through setCipherSuites
                Capability.OCSP_STAPLING_CLIENT, // status_request is on by default; the staple is in the session
                Capability.MULTIPLE_IDENTITIES); // the key manager is asked per key type the client's offer allows
        // No VERIFY_FAILURE_ALERTS: SunJSSE 17 turns only a REVOKED reason into its own alert (certificate_revoked);
        // every other rejection goes out as certificate_unknown (CertificateMessage.getCertificateAlert).
        Set<TlsVersion> v = supportedVersions();
        if (v.contains(TlsVersion.SSLv3)) {
            caps.add(Capability.HAS_SSLv3);
        }
        if (v.contains(TlsVersion.TLSv1)) {
            caps.add(Capability.HAS_TLSv1);
        }
        if (v.contains(TlsVersion.TLSv1_1)) {
            caps.add(Capability.HAS_TLSv1_1);
        }
        if (v.contains(TlsVersion.TLSv1_2)) {
            caps.add(Capability.HAS_TLSv1_2);
        }
        if (v.contains(TlsVersion.TLSv1_3)) {
            caps.add(Capability.HAS_TLSv1_3);
        }
        return Collections.unmodifiableSet(caps);
    }

    /**
     * {@code "SunJSSE (Java 17.0.15)"}. SunJSSE is versioned with the JDK it ships in (its JCA provider version is just
     * the feature release, e.g. {@code 17}), so every number is the running Java's: {@code versionInfo()} is
     * {@code (feature, interim, update, patch, 15)} from {@link Runtime#version()}, e.g. {@code (17, 0, 15, 0, 15)}, and
     * {@code versionNumber()} packs them as OpenSSL packs {@code OPENSSL_VERSION_NUMBER}. It never claims to be
     * OpenSSL.
     */
    @Override
    public VersionInfo versionInfo() {
        Runtime.Version rv = Runtime.version();
        StringJoiner numbers = new StringJoiner(".");
        rv.version().forEach(n -> numbers.add(n.toString())); // "17.0.15" as java.version has it, "17" for a GA build
        String text = "SunJSSE (Java " + numbers + ")";
        return VersionInfo.of("SunJSSE", text, rv.feature(), rv.interim(), rv.update(), rv.patch());
    }

    @Override
    public Set<TlsVersion> supportedVersions() {
        Set<TlsVersion> v = versions;
        if (v == null) {
            v = probeVersions();
            versions = v;
        }
        return v;
    }

    private static Set<TlsVersion> probeVersions() {
        EnumSet<TlsVersion> out = EnumSet.noneOf(TlsVersion.class);
        try {
            SSLContext ctx = SSLContext.getInstance("TLS", sunJsse());
            ctx.init(null, null, null);
            List<String> supported = List.of(ctx.getSupportedSSLParameters().getProtocols());
            String disabled = String.valueOf(Security.getProperty("jdk.tls.disabledAlgorithms"))
                    .toLowerCase(Locale.ROOT);
            for (String name : supported) {
                TlsVersion.fromJavaName(name).ifPresent(tv -> {
                    if (!isDisabled(disabled, name)) {
                        out.add(tv);
                    }
                });
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            return Set.of();
        }
        return Collections.unmodifiableSet(out);
    }

    private static boolean isDisabled(String disabledList, String protocol) {
        for (String entry : disabledList.split(",")) {
            if (entry.trim().equalsIgnoreCase(protocol)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public OptionSupport optionSupport(Option option) {
        return OPTIONS.support(option);
    }

    @Override
    public SSLContext newSslContext(KeyManager keyManager, TrustManager trustManager) throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS", sunJsse());
        ctx.init(new KeyManager[] {keyManager}, new TrustManager[] {trustManager}, null);
        return ctx;
    }

    @Override
    public String toString() {
        return "JdkTlsProvider[" + versionInfo().versionString() + "]";
    }
}
