package dev.tlskit.ciphers;

import dev.tlskit.TlsVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cipher-suite registry: every suite of the IANA "TLS Cipher Suites" registry, keyed by its 16-bit code, with
 * IANA, OpenSSL and Java names in one row. Lookups never throw; an unknown code from a peer prints as {@code 0x%04x}.
 *
 * <pre>{@code
 * CipherSuites.fromCode(0x1301).map(CipherSuite::ianaName)           // Optional["TLS_AES_128_GCM_SHA256"]
 * CipherSuites.fromJavaName("SSL_RSA_WITH_RC4_128_SHA")              // the 0x0005 row
 * CipherSuites.describe(0x0a0a)                                      // "0x0a0a" (GREASE, unknown)
 * }</pre>
 *
 * The table ({@code suites.csv}, a resource beside this class) is loaded once, on first use.
 */
public final class CipherSuites {
    private static final String RESOURCE = "suites.csv";

    private CipherSuites() {
    }

    private static final class Table {
        static final List<CipherSuite> ALL;
        static final Map<Integer, CipherSuite> BY_CODE = new HashMap<>();
        static final Map<String, CipherSuite> BY_NAME = new HashMap<>();
        static final Map<String, CipherSuite> BY_JAVA = new HashMap<>();
        static final Map<String, CipherSuite> BY_OPENSSL = new HashMap<>();
        static final List<CipherSuite> OPENSSL_ORDER;

        static {
            List<CipherSuite> all = load();
            ALL = List.copyOf(all);
            List<CipherSuite> ordered = new ArrayList<>();
            for (CipherSuite s : all) {
                BY_CODE.put(s.code(), s);
                BY_NAME.put(s.ianaName(), s);
                s.javaName().ifPresent(n -> BY_JAVA.put(n, s));
                s.openSslName().ifPresent(n -> BY_OPENSSL.put(n, s));
                if (s.openSslRank >= 0) {
                    ordered.add(s);
                }
            }
            ordered.sort(Comparator.comparingInt(s -> s.openSslRank));
            OPENSSL_ORDER = List.copyOf(ordered);
        }
    }

    private static List<CipherSuite> load() {
        InputStream in = CipherSuites.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("dev/tlskit/ciphers/" + RESOURCE + " is missing from the tls-api jar");
        }
        List<CipherSuite> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            boolean header = true;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                out.add(parse(line.split(",", -1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dev/tlskit/ciphers/" + RESOURCE, e);
        }
        return out;
    }

    // code,iana,openssl,jsse,protocol,kx,auth,enc,enc_bits,mac,aead,strength,strength_bits,alg_bits,flags,ossl_rank
    private static CipherSuite parse(String[] f) {
        String flags = " " + f[14] + " ";
        return new CipherSuite(Integer.parseInt(f[0].substring(2), 16), f[1], blankToNull(f[2]), blankToNull(f[3]),
                TlsVersion.fromJavaName(f[4]).orElseThrow(() -> new IllegalStateException("bad version " + f[4])),
                CipherSuite.KeyExchange.valueOf(f[5]), CipherSuite.Authentication.valueOf(f[6]),
                f[7].equals("3DES") ? CipherSuite.Encryption.TRIPLE_DES : CipherSuite.Encryption.valueOf(f[7]),
                Integer.parseInt(f[8]), CipherSuite.Mac.valueOf(f[9]), CipherSuite.Strength.valueOf(f[11]),
                Integer.parseInt(f[12]), Integer.parseInt(f[13]), flags.contains(" openssl "),
                flags.contains(" fips "), flags.contains(" not_default "), f[15].isEmpty() ? -1 : Integer.parseInt(f[15]));
    }

    private static String blankToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    /** Every suite, in code order. */
    public static List<CipherSuite> all() {
        return Table.ALL;
    }

    /** The suite with this IANA code; empty for unassigned, GREASE or private codes. */
    public static Optional<CipherSuite> fromCode(int code) {
        return Optional.ofNullable(Table.BY_CODE.get(code));
    }

    /** By IANA name ({@code TLS_RSA_WITH_AES_128_CBC_SHA}). */
    public static Optional<CipherSuite> fromIanaName(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(Table.BY_NAME.get(name));
    }

    /** By the name SunJSSE and {@code SSLSession.getCipherSuite()} use; IANA spellings are accepted too. */
    public static Optional<CipherSuite> fromJavaName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        CipherSuite s = Table.BY_JAVA.get(name);
        return s != null ? Optional.of(s) : fromIanaName(name);
    }

    /** By OpenSSL name ({@code ECDHE-RSA-AES128-GCM-SHA256}). */
    public static Optional<CipherSuite> fromOpenSslName(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(Table.BY_OPENSSL.get(name));
    }

    /** The IANA name of a code, or {@code 0x%04x} when the code is unknown: safe for anything a peer sends. */
    public static String describe(int code) {
        CipherSuite s = Table.BY_CODE.get(code);
        return s != null ? s.ianaName() : String.format("0x%04x", code & 0xFFFF);
    }

    /** The TLS 1.2-and-older suites OpenSSL 3.0 builds, in the order it pre-sorts them (see {@link CipherList}). */
    static List<CipherSuite> openSslOrder() {
        return Table.OPENSSL_ORDER;
    }

    /** OpenSSL's name for a Java/IANA suite name; names the registry does not know are returned unchanged. */
    public static String openSslName(String javaName) {
        return fromJavaName(javaName).map(CipherSuite::displayName).orElse(javaName);
    }

    /** The suite's {@code strength_bits} (the seed's {@code secret_bits}); 0 when unknown. */
    public static int secretBits(String javaName) {
        return fromJavaName(javaName).map(CipherSuite::strengthBits).orElse(0);
    }

    /** The {@link CipherInfo} for a negotiated suite (Java name) and protocol. */
    public static CipherInfo info(String javaName, String protocol) {
        return new CipherInfo(openSslName(javaName), protocol, secretBits(javaName), javaName);
    }
}
