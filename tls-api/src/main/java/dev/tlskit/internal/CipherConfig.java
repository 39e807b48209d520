package dev.tlskit.internal;

import dev.tlskit.Capability;
import dev.tlskit.SslErrorNumber;
import dev.tlskit.TlsCredentialException;
import dev.tlskit.TlsException;
import dev.tlskit.UnsupportedFeatureException;
import dev.tlskit.ciphers.CipherDetails;
import dev.tlskit.ciphers.CipherList;
import dev.tlskit.ciphers.CipherSuite;
import dev.tlskit.ciphers.CipherSuites;
import dev.tlskit.internal.pem.PemBlock;
import dev.tlskit.internal.pem.PemReader;
import dev.tlskit.spi.TlsProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A context's cipher settings: the TLS 1.2-and-older list from {@code setCiphers}, the TLS 1.3 list from
 * {@code setCiphersuites}, and OpenSSL's security level. Immutable; {@link dev.tlskit.TlsContext} swaps it whole.
 *
 * <h2>Restriction to the provider</h2>
 * Suites are kept only if the provider implements them: {@link TlsProvider#supportedCipherSuites()} (by default its
 * {@code SSLContext}'s {@code getSupportedSSLParameters().getCipherSuites()}), matched by Java name through the
 * registry. Each engine then enables, in order, the kept TLS 1.3 suites followed by the kept TLS 1.2 suites that
 * OpenSSL's security level allows ({@link CipherList#usable}).
 */
public final class CipherConfig {
    /**
     * The default TLS 1.2 list: CPython 3.10+'s {@code _DEFAULT_CIPHERS} ({@code PY_SSL_DEFAULT_CIPHER_STRING}):
     * ECDHE and DHE with AES-GCM, ChaCha20-Poly1305 or AES-CBC with SHA-2, at security level 2; no NULL, anonymous,
     * export, RC4, 3DES, DSS, CCM or SHA-1 suites. Chosen 2025 for tlskit 0.x.
     */
    public static final String DEFAULT_CIPHERS =
            "@SECLEVEL=2:ECDH+AESGCM:ECDH+CHACHA20:ECDH+AES:DHE+AES:!aNULL:!eNULL:!aDSS:!SHA1:!AESCCM";

    private final List<CipherSuite> tls12;
    private final List<CipherSuite> tls13;
    private final int securityLevel;

    private CipherConfig(List<CipherSuite> tls12, List<CipherSuite> tls13, int securityLevel) {
        this.tls12 = List.copyOf(tls12);
        this.tls13 = List.copyOf(tls13);
        this.securityLevel = securityLevel;
    }

    /** The defaults for a provider ({@link #DEFAULT_CIPHERS} and OpenSSL's three default TLS 1.3 suites). */
    public static CipherConfig defaults(TlsProvider provider) {
        try {
            CipherConfig c = new CipherConfig(List.of(), List.of(), 1);
            c = c.withCiphers(DEFAULT_CIPHERS, provider);
            if (!provider.capabilities().contains(Capability.TLS13_CIPHERSUITE_SELECTION)) {
                return new CipherConfig(c.tls12, fixedTls13(provider), c.securityLevel);
            }
            return c.withCiphersuites(CipherList.OPENSSL_DEFAULT_CIPHERSUITES, provider);
        } catch (TlsException e) {
            // A provider without any of the default suites: start empty; a handshake then says why.
            return new CipherConfig(List.of(), List.of(), 2);
        }
    }

    /** Seed {@code set_ciphers}: a new config, or the seed's {@code SSLError("No cipher can be selected.")}. */
    public CipherConfig withCiphers(String cipherString, TlsProvider provider) throws TlsException {
        CipherList.Selection sel = CipherList.select(cipherString);
        List<CipherSuite> kept = supported(sel.suites(), provider);
        if (kept.isEmpty()) {
            throw new TlsException(SslErrorNumber.SSL_ERROR_SSL, "NO_CIPHER_MATCH", "No cipher can be selected. "
                    + "('" + cipherString + "' selects " + sel.suites().size() + " suite(s), none of which the '"
                    + provider.name() + "' provider implements)", null);
        }
        return new CipherConfig(kept, tls13, sel.securityLevel().orElse(securityLevel));
    }

    /**
     * {@code SSL_CTX_set_ciphersuites}: the TLS 1.3 suites, in order ({@code ""} for none). On a provider without
     * {@link Capability#TLS13_CIPHERSUITE_SELECTION} only its fixed set (in any order) is accepted; anything else
     * would be silently ignored by the backend, so it is refused.
     *
     * @throws UnsupportedFeatureException on such a provider, for any other list
     */
    public CipherConfig withCiphersuites(String list, TlsProvider provider) throws TlsException {
        List<CipherSuite> parsed = CipherList.parseCiphersuites(list);
        if (!provider.capabilities().contains(Capability.TLS13_CIPHERSUITE_SELECTION)) {
            List<CipherSuite> fixed = fixedTls13(provider);
            if (!new HashSet<>(parsed).equals(new HashSet<>(fixed))) {
                StringBuilder names = new StringBuilder();
                for (CipherSuite s : fixed) {
                    names.append(names.length() == 0 ? "" : ":").append(s.displayName());
                }
                throw new UnsupportedFeatureException("setCiphersuites('" + list + "')", provider.name(),
                        "this backend always enables its TLS 1.3 suites '" + names + "' and lets the application "
                                + "neither choose, order nor remove them (no " + Capability.TLS13_CIPHERSUITE_SELECTION
                                + "); pass exactly that list, limit the version with setMaximumVersion(TLSv1_2), "
                                + "or use a provider that has the capability");
            }
            return new CipherConfig(tls12, fixed, securityLevel);
        }
        List<CipherSuite> kept = supported(parsed, provider);
        if (!parsed.isEmpty() && kept.isEmpty()) {
            throw new TlsException(SslErrorNumber.SSL_ERROR_SSL, "NO_CIPHER_MATCH", "No cipher can be selected. ('"
                    + list + "': the '" + provider.name() + "' provider implements none of these TLS 1.3 suites)", null);
        }
        return new CipherConfig(tls12, kept, securityLevel);
    }

    /** The TLS 1.3 suites a provider without {@link Capability#TLS13_CIPHERSUITE_SELECTION} always enables. */
    private static List<CipherSuite> fixedTls13(TlsProvider provider) throws TlsException {
        // reported in OpenSSL's default order, then any other TLS 1.3 suite the backend enables
        List<CipherSuite> all = new ArrayList<>(CipherList.parseCiphersuites(CipherList.OPENSSL_DEFAULT_CIPHERSUITES));
        for (CipherSuite s : CipherSuites.all()) {
            if (s.isTls13() && !all.contains(s)) {
                all.add(s);
            }
        }
        return supported(all, provider);
    }

    private static List<CipherSuite> supported(List<CipherSuite> suites, TlsProvider provider) {
        Set<String> names = ProviderCipherSuites.of(provider);
        List<CipherSuite> out = new ArrayList<>();
        for (CipherSuite s : suites) {
            if (s.javaName().filter(names::contains).isPresent()) {
                out.add(s);
            }
        }
        return out;
    }

    /** OpenSSL's security level ({@code @SECLEVEL=n}). */
    public int securityLevel() {
        return securityLevel;
    }

    /** Seed {@code get_ciphers()}: TLS 1.3 suites first, then the TLS 1.2 list, as OpenSSL orders them. */
    public List<CipherDetails> details() {
        List<CipherDetails> out = new ArrayList<>();
        for (CipherSuite s : tls13) {
            out.add(CipherDetails.of(s));
        }
        for (CipherSuite s : tls12) {
            out.add(CipherDetails.of(s));
        }
        return out;
    }

    /** The Java names an engine enables, in preference order. */
    public List<String> javaNames() {
        List<String> out = new ArrayList<>();
        for (CipherSuite s : tls13) {
            out.add(s.javaName().orElseThrow());
        }
        for (CipherSuite s : tls12) {
            if (CipherList.usable(s, securityLevel)) {
                out.add(s.javaName().orElseThrow());
            }
        }
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------ key-exchange parameters

    /** Names {@code set_ecdh_curve} accepts: OpenSSL short names and their NIST/RFC aliases. */
    private static final Set<String> CURVES = Set.of("prime256v1", "secp256r1", "p-256", "secp384r1", "p-384",
            "secp521r1", "p-521", "x25519", "x448", "secp224r1", "p-224", "secp256k1", "prime192v1", "secp192r1",
            "brainpoolp256r1", "brainpoolp384r1", "brainpoolp512r1", "ffdhe2048", "ffdhe3072", "ffdhe4096",
            "ffdhe6144", "ffdhe8192");

    /**
     * Seed {@code set_ecdh_curve(name)}: validates the name, then asks the provider.
     *
     * @throws IllegalArgumentException for an unknown curve (the seed's {@code ValueError})
     * @throws UnsupportedFeatureException when the provider cannot choose groups per context
     */
    public static void checkEcdhCurve(String name, TlsProvider provider) throws UnsupportedFeatureException {
        java.util.Objects.requireNonNull(name, "curve name");
        if (!CURVES.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("unknown elliptic curve name '" + name + "'");
        }
        if (!provider.capabilities().contains(Capability.NAMED_GROUP_SELECTION)) {
            throw new UnsupportedFeatureException("set_ecdh_curve", provider.name(), "this backend chooses key-exchange "
                    + "groups only process-wide (JDK 17: the jdk.tls.namedGroups system property; per-connection "
                    + "SSLParameters.setNamedGroups needs JDK 20)");
        }
    }

    /**
     * Seed {@code load_dh_params(path)}: the file must hold PEM DH parameters; then the provider must support them.
     *
     * @throws TlsCredentialException ({@code FILE_NOT_READABLE}) when the file cannot be read
     * @throws TlsException           when it holds no DH parameters (e.g. a certificate)
     * @throws UnsupportedFeatureException when the provider cannot use custom finite-field DH parameters
     */
    public static void checkDhParams(Path path, TlsProvider provider) throws TlsException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            throw new TlsCredentialException(TlsCredentialException.Kind.FILE_NOT_READABLE, String.valueOf(path),
                    "cannot read DH parameters from " + path + ": " + e, e);
        }
        boolean found = false;
        for (PemBlock b : PemReader.read(text, String.valueOf(path))) {
            found |= b.type().equals("DH PARAMETERS") || b.type().equals("X9.42 DH PARAMETERS");
        }
        if (!found) {
            throw new TlsException(SslErrorNumber.SSL_ERROR_SSL, "NO_START_LINE", "[PEM: NO_START_LINE] no "
                    + "'BEGIN DH PARAMETERS' block in " + path + " (make one with 'openssl dhparam')", null);
        }
        if (!provider.capabilities().contains(Capability.DH_PARAMETERS)) {
            throw new UnsupportedFeatureException("load_dh_params", provider.name(), "this backend uses the RFC 7919 "
                    + "ffdhe groups for DHE and has no per-context way to load other parameters");
        }
    }
}
