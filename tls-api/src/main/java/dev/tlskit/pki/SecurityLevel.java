package dev.tlskit.pki;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.XECKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;

/**
 * OpenSSL's certificate security-level checks ({@code check_key_level}, {@code check_sig_level} in
 * {@code x509_vfy.c}): at level n a key or signature needs at least 80/112/128/192/256 bits of security (n = 1..5).
 * A TLS connection verifies at its context's security level, Debian's default (and tlskit's) being 2: RSA keys of
 * 2048 bits or more, and no SHA-1 or MD5 signatures below the trust anchor.
 */
final class SecurityLevel {
    private static final int[] MIN_BITS = {80, 112, 128, 192, 256};

    private SecurityLevel() {
    }

    /** The bits a key or signature needs at {@code level}; 0 for level 0 (anything goes). */
    static int minimumBits(int level) {
        return level <= 0 ? 0 : MIN_BITS[Math.min(level, MIN_BITS.length) - 1];
    }

    /** Whether {@code key} is strong enough ({@code EVP_PKEY_get_security_bits}); unknown key types pass. */
    static boolean keyOk(PublicKey key, int level) {
        int bits = keyBits(key);
        return level <= 0 || bits < 0 || bits >= minimumBits(level);
    }

    /** Whether the signature on {@code cert} is strong enough ({@code X509_get_signature_info} secbits). */
    static boolean signatureOk(X509Certificate cert, int level) {
        int bits = signatureBits(cert);
        return level <= 0 || bits < 0 || bits >= minimumBits(level);
    }

    /** OpenSSL's security bits for a public key, or -1 if unknown. */
    static int keyBits(PublicKey key) {
        if (key instanceof RSAKey rsa) {
            return finiteFieldBits(rsa.getModulus().bitLength());
        }
        if (key instanceof DSAKey dsa && dsa.getParams() != null) {
            return finiteFieldBits(dsa.getParams().getP().bitLength());
        }
        if (key instanceof ECKey ec) {
            return ec.getParams().getOrder().bitLength() / 2;
        }
        String curve = key instanceof EdECKey ed ? ed.getParams().getName()
                : key instanceof XECKey x && x.getParams() instanceof NamedParameterSpec n ? n.getName() : null;
        if (curve != null) {
            return curve.endsWith("448") ? 224 : 128;
        }
        return -1;
    }

    /** {@code BN_security_bits}: the NIST SP 800-57 strength of an RSA/DSA modulus. */
    private static int finiteFieldBits(int l) {
        return l >= 15360 ? 256 : l >= 7680 ? 192 : l >= 3072 ? 128 : l >= 2048 ? 112 : l >= 1024 ? 80 : 0;
    }

    /** The security bits of the signature on {@code cert} (its digest), or -1 if unknown. */
    static int signatureBits(X509Certificate cert) {
        String alg = cert.getSigAlgName().toUpperCase(Locale.ROOT);
        if (alg.equals("RSASSA-PSS")) {
            try {
                AlgorithmParameters p = AlgorithmParameters.getInstance("RSASSA-PSS");
                p.init(cert.getSigAlgParams());
                alg = p.getParameterSpec(PSSParameterSpec.class).getDigestAlgorithm().replace("-", "")
                        .toUpperCase(Locale.ROOT) + "WITHRSA";
            } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
                return -1;
            }
        }
        if (alg.equals("ED25519")) {
            return 128;
        }
        if (alg.equals("ED448")) {
            return 224;
        }
        int with = alg.indexOf("WITH");
        String digest = with < 0 ? alg : alg.substring(0, with);
        return switch (digest) {
            case "MD2", "MD4", "MD5" -> 39;
            case "SHA1" -> 63; // OpenSSL 3.0 rates SHA-1 signatures below level 1 (collision attacks)
            case "SHA224", "SHA3-224" -> 112;
            case "SHA256", "SHA3-256" -> 128;
            case "SHA384", "SHA3-384" -> 192;
            case "SHA512", "SHA3-512" -> 256;
            default -> -1;
        };
    }
}
