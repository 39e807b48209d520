package dev.tlskit.ciphers;

import dev.tlskit.ciphers.CipherSuite.Authentication;
import dev.tlskit.ciphers.CipherSuite.Encryption;
import dev.tlskit.ciphers.CipherSuite.KeyExchange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenSSL 3.0's algorithm bit masks and its {@code cipher_aliases[]} table ({@code ssl/ssl_ciph.c}), so that a cipher
 * string combines words ({@code ECDHE+AESGCM}) with the same bitwise rules. The bit values are tlskit's own; only
 * the groupings matter.
 */
final class OpenSslAliases {
    private OpenSslAliases() {
    }

    // key exchange (SSL_k*)
    static final int K_RSA = 1, K_DHE = 2, K_ECDHE = 4, K_PSK = 8, K_RSAPSK = 16, K_ECDHEPSK = 32, K_DHEPSK = 64,
            K_SRP = 128, K_GOST = 256, K_GOST18 = 512;
    static final int K_ANY_PSK = K_PSK | K_RSAPSK | K_ECDHEPSK | K_DHEPSK;
    // authentication (SSL_a*)
    static final int A_RSA = 1, A_DSS = 2, A_NULL = 4, A_ECDSA = 8, A_PSK = 16, A_GOST01 = 32, A_GOST12 = 64,
            A_SRP = 128;
    // encryption (SSL_e*)
    static final int E_DES = 1, E_3DES = 2, E_RC4 = 4, E_RC2 = 8, E_IDEA = 16, E_NULL = 32, E_AES128 = 64,
            E_AES256 = 128, E_CAMELLIA128 = 256, E_CAMELLIA256 = 512, E_GOST89 = 1024, E_SEED = 2048,
            E_AES128GCM = 4096, E_AES256GCM = 8192, E_AES128CCM = 16384, E_AES256CCM = 32768,
            E_AES128CCM8 = 65536, E_AES256CCM8 = 131072, E_GOST89_12 = 262144, E_CHACHA20 = 524288,
            E_ARIA128GCM = 1048576, E_ARIA256GCM = 2097152, E_MAGMA = 4194304, E_KUZNYECHIK = 8388608;
    static final int E_AESGCM = E_AES128GCM | E_AES256GCM;
    static final int E_AESCCM = E_AES128CCM | E_AES256CCM | E_AES128CCM8 | E_AES256CCM8;
    static final int E_AES = E_AES128 | E_AES256 | E_AESGCM | E_AESCCM;
    static final int E_CAMELLIA = E_CAMELLIA128 | E_CAMELLIA256;
    static final int E_ARIA = E_ARIA128GCM | E_ARIA256GCM;
    static final int E_CBC = E_DES | E_3DES | E_RC2 | E_IDEA | E_AES128 | E_AES256 | E_CAMELLIA | E_SEED;
    // MAC (SSL_m*)
    static final int M_MD5 = 1, M_SHA1 = 2, M_GOST94 = 4, M_GOST89MAC = 8, M_SHA256 = 16, M_SHA384 = 32,
            M_AEAD = 64, M_GOST12 = 128, M_GOST89MAC12 = 256;
    // algo_strength: SSL_STRONG_MASK bits and SSL_DEFAULT_MASK
    static final int S_NONE = 1, S_LOW = 2, S_MEDIUM = 4, S_HIGH = 8, S_FIPS = 16, S_STRONG_MASK = 31,
            S_NOT_DEFAULT = 32, S_DEFAULT_MASK = 32;
    static final int SSL3 = 0x300, TLS1 = 0x301, TLS1_2 = 0x303;

    /** One {@code cipher_aliases[]} entry, or (with {@code cipherCode} set) an explicit cipher. */
    record Alias(String name, int mkey, int auth, int enc, int mac, int minTls, int strength, int cipherCode) {
    }

    /**
     * The aliases in OpenSSL 3.0's order. Entries whose algorithms this OpenSSL build lacks (RC4, IDEA, SEED, RC2,
     * GOST: legacy provider or engine only) are absent, exactly as {@code ssl_cipher_collect_aliases} leaves them
     * out, so such words are ignored like any unknown word.
     */
    static final Map<String, Alias> ALIASES = new LinkedHashMap<>();

    private static void alias(String name, int mkey, int auth, int enc, int mac, int minTls, int strength) {
        ALIASES.put(name, new Alias(name, mkey, auth, enc, mac, minTls, strength, -1));
    }

    static {
        alias("ALL", 0, 0, ~E_NULL, 0, 0, 0);
        alias("COMPLEMENTOFALL", 0, 0, E_NULL, 0, 0, 0);
        alias("COMPLEMENTOFDEFAULT", 0, 0, 0, 0, 0, S_NOT_DEFAULT);
        alias("kRSA", K_RSA, 0, 0, 0, 0, 0);
        alias("kEDH", K_DHE, 0, 0, 0, 0, 0);
        alias("kDHE", K_DHE, 0, 0, 0, 0, 0);
        alias("DH", K_DHE, 0, 0, 0, 0, 0);
        alias("kEECDH", K_ECDHE, 0, 0, 0, 0, 0);
        alias("kECDHE", K_ECDHE, 0, 0, 0, 0, 0);
        alias("ECDH", K_ECDHE, 0, 0, 0, 0, 0);
        alias("kPSK", K_PSK, 0, 0, 0, 0, 0);
        alias("kRSAPSK", K_RSAPSK, 0, 0, 0, 0, 0);
        alias("kECDHEPSK", K_ECDHEPSK, 0, 0, 0, 0, 0);
        alias("kDHEPSK", K_DHEPSK, 0, 0, 0, 0, 0);
        alias("kSRP", K_SRP, 0, 0, 0, 0, 0);
        alias("aRSA", 0, A_RSA, 0, 0, 0, 0);
        alias("aDSS", 0, A_DSS, 0, 0, 0, 0);
        alias("DSS", 0, A_DSS, 0, 0, 0, 0);
        alias("aNULL", 0, A_NULL, 0, 0, 0, 0);
        alias("aECDSA", 0, A_ECDSA, 0, 0, 0, 0);
        alias("ECDSA", 0, A_ECDSA, 0, 0, 0, 0);
        alias("aPSK", 0, A_PSK, 0, 0, 0, 0);
        alias("aSRP", 0, A_SRP, 0, 0, 0, 0);
        alias("EDH", K_DHE, ~A_NULL, 0, 0, 0, 0);
        alias("DHE", K_DHE, ~A_NULL, 0, 0, 0, 0);
        alias("EECDH", K_ECDHE, ~A_NULL, 0, 0, 0, 0);
        alias("ECDHE", K_ECDHE, ~A_NULL, 0, 0, 0, 0);
        alias("NULL", 0, 0, E_NULL, 0, 0, 0);
        alias("RSA", K_RSA, A_RSA, 0, 0, 0, 0);
        alias("ADH", K_DHE, A_NULL, 0, 0, 0, 0);
        alias("AECDH", K_ECDHE, A_NULL, 0, 0, 0, 0);
        alias("PSK", K_ANY_PSK, 0, 0, 0, 0, 0);
        alias("SRP", K_SRP, 0, 0, 0, 0, 0);
        alias("3DES", 0, 0, E_3DES, 0, 0, 0);
        alias("eNULL", 0, 0, E_NULL, 0, 0, 0);
        alias("AES128", 0, 0, E_AES128 | E_AES128GCM | E_AES128CCM | E_AES128CCM8, 0, 0, 0);
        alias("AES256", 0, 0, E_AES256 | E_AES256GCM | E_AES256CCM | E_AES256CCM8, 0, 0, 0);
        alias("AES", 0, 0, E_AES, 0, 0, 0);
        alias("AESGCM", 0, 0, E_AESGCM, 0, 0, 0);
        alias("AESCCM", 0, 0, E_AESCCM, 0, 0, 0);
        alias("AESCCM8", 0, 0, E_AES128CCM8 | E_AES256CCM8, 0, 0, 0);
        alias("CAMELLIA128", 0, 0, E_CAMELLIA128, 0, 0, 0);
        alias("CAMELLIA256", 0, 0, E_CAMELLIA256, 0, 0, 0);
        alias("CAMELLIA", 0, 0, E_CAMELLIA, 0, 0, 0);
        alias("CHACHA20", 0, 0, E_CHACHA20, 0, 0, 0);
        alias("ARIA", 0, 0, E_ARIA, 0, 0, 0);
        alias("ARIAGCM", 0, 0, E_ARIA, 0, 0, 0);
        alias("ARIA128", 0, 0, E_ARIA128GCM, 0, 0, 0);
        alias("ARIA256", 0, 0, E_ARIA256GCM, 0, 0, 0);
        alias("CBC", 0, 0, E_CBC, 0, 0, 0);
        alias("MD5", 0, 0, 0, M_MD5, 0, 0);
        alias("SHA1", 0, 0, 0, M_SHA1, 0, 0);
        alias("SHA", 0, 0, 0, M_SHA1, 0, 0);
        alias("SHA256", 0, 0, 0, M_SHA256, 0, 0);
        alias("SHA384", 0, 0, 0, M_SHA384, 0, 0);
        alias("SSLv3", 0, 0, 0, 0, SSL3, 0);
        alias("TLSv1", 0, 0, 0, 0, TLS1, 0);
        alias("TLSv1.0", 0, 0, 0, 0, TLS1, 0);
        alias("TLSv1.2", 0, 0, 0, 0, TLS1_2, 0);
        alias("LOW", 0, 0, 0, 0, 0, S_LOW);
        alias("MEDIUM", 0, 0, 0, 0, 0, S_MEDIUM);
        alias("HIGH", 0, 0, 0, 0, 0, S_HIGH);
        alias("FIPS", 0, 0, ~E_NULL, 0, 0, S_FIPS);
        alias("EDH-DSS-DES-CBC3-SHA", K_DHE, A_DSS, E_3DES, M_SHA1, 0, S_HIGH | S_FIPS);
        alias("EDH-RSA-DES-CBC3-SHA", K_DHE, A_RSA, E_3DES, M_SHA1, 0, S_HIGH | S_FIPS);
    }

    /** The explicit-cipher entries of {@code ca_list} (every available cipher, by OpenSSL name and standard name). */
    static List<Alias> cipherEntries(List<CipherSuite> available) {
        List<Alias> out = new ArrayList<>(available.size());
        for (CipherSuite s : available) {
            out.add(new Alias(s.openSslName().orElse(s.ianaName()), mkey(s), auth(s), enc(s), mac(s), minTls(s),
                    strength(s), s.code()));
        }
        return out;
    }

    static int mkey(CipherSuite s) {
        return switch (s.keyExchange()) {
            case RSA -> K_RSA;
            case DHE -> K_DHE;
            case ECDHE -> K_ECDHE;
            case PSK -> K_PSK;
            case RSA_PSK -> K_RSAPSK;
            case ECDHE_PSK -> K_ECDHEPSK;
            case DHE_PSK -> K_DHEPSK;
            case SRP -> K_SRP;
            case GOST -> K_GOST18;
            default -> 0;
        };
    }

    static int auth(CipherSuite s) {
        Authentication a = s.authentication();
        return switch (a) {
            case RSA -> A_RSA;
            case DSS -> A_DSS;
            case ANON -> A_NULL;
            case ECDSA -> A_ECDSA;
            case PSK -> A_PSK;
            case SRP -> A_SRP;
            case GOST -> A_GOST12;
            default -> 0;
        };
    }

    static int enc(CipherSuite s) {
        Encryption e = s.encryption();
        boolean big = s.encryptionBits() > 128;
        return switch (e) {
            case NULL -> E_NULL;
            case DES -> E_DES;
            case TRIPLE_DES -> E_3DES;
            case RC4 -> E_RC4;
            case RC2 -> E_RC2;
            case IDEA -> E_IDEA;
            case SEED -> E_SEED;
            case AES -> big ? E_AES256 : E_AES128;
            case AESGCM -> big ? E_AES256GCM : E_AES128GCM;
            case AESCCM -> big ? E_AES256CCM : E_AES128CCM;
            case AESCCM8 -> big ? E_AES256CCM8 : E_AES128CCM8;
            case CAMELLIA -> big ? E_CAMELLIA256 : E_CAMELLIA128;
            case ARIAGCM -> big ? E_ARIA256GCM : E_ARIA128GCM;
            case CHACHA20 -> E_CHACHA20;
            case GOST89 -> E_GOST89_12;
            case MAGMA -> E_MAGMA;
            case KUZNYECHIK -> E_KUZNYECHIK;
            default -> 0;
        };
    }

    static int mac(CipherSuite s) {
        return switch (s.mac()) {
            case MD5 -> M_MD5;
            case SHA1 -> M_SHA1;
            case SHA256 -> M_SHA256;
            case SHA384 -> M_SHA384;
            case AEAD -> M_AEAD;
            case GOST -> M_GOST12;
            default -> 0;
        };
    }

    static int minTls(CipherSuite s) {
        return s.minVersion().code();
    }

    static int strength(CipherSuite s) {
        int bits = switch (s.strength()) {
            case HIGH -> S_HIGH;
            case MEDIUM -> S_MEDIUM;
            case LOW, EXPORT -> S_LOW;
            case NONE -> S_NONE;
        };
        return bits | (s.fips ? S_FIPS : 0) | (s.notDefault ? S_NOT_DEFAULT : 0);
    }

    /** Whether the key exchange gives forward secrecy (OpenSSL's level-3 rule). */
    static boolean forwardSecret(CipherSuite s) {
        KeyExchange k = s.keyExchange();
        return k == KeyExchange.DHE || k == KeyExchange.ECDHE || k == KeyExchange.DHE_PSK || k == KeyExchange.ECDHE_PSK;
    }
}
