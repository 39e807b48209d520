package dev.tlskit.pki;

import dev.tlskit.TlsCredentialException;
import dev.tlskit.TlsCredentialException.Kind;
import dev.tlskit.internal.pem.Der;
import dev.tlskit.internal.pem.Der.DerException;
import dev.tlskit.internal.pem.Der.Element;
import dev.tlskit.internal.pem.PemBlock;
import dev.tlskit.internal.pem.PemReader;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.DSAPrivateKeySpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads private keys in every format OpenSSL 3 writes, for {@code load_cert_chain} and pyOpenSSL's
 * {@code use_privatekey_file}/{@code check_privatekey}.
 *
 * <h2>Formats</h2>
 * <ul>
 *   <li>PKCS#8 {@code PRIVATE KEY}: RSA, RSASSA-PSS, EC, Ed25519, Ed448, X25519, X448, DSA;</li>
 *   <li>PKCS#8 {@code ENCRYPTED PRIVATE KEY}: PBES2 (PBKDF2 with HMAC-SHA1/224/256/384/512 and AES-128/192/256-CBC
 *       or 3DES-CBC — {@code openssl genpkey -aes256}, {@code openssl pkcs8 -topk8 -v2 aes-256-cbc}), and the
 *       PBES1/PKCS#12 schemes the JDK implements;</li>
 *   <li>PKCS#1 {@code RSA PRIVATE KEY}, SEC1 {@code EC PRIVATE KEY} (a leading {@code EC PARAMETERS} block is
 *       skipped), {@code DSA PRIVATE KEY} — plain or with OpenSSL's {@code Proc-Type: 4,ENCRYPTED} and
 *       {@code DEK-Info: AES-128-CBC|AES-192-CBC|AES-256-CBC|DES-EDE3-CBC|DES-CBC,<iv>};</li>
 *   <li>the same structures as DER (not encrypted-traditional, which exists only in PEM).</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * {@link Kind#PASSWORD_REQUIRED} (encrypted, no password), {@link Kind#BAD_PASSWORD} (wrong password),
 * {@link Kind#UNSUPPORTED_ALGORITHM}, {@link Kind#MALFORMED}, {@link Kind#TRUNCATED}, {@link Kind#FILE_NOT_READABLE}.
 * A {@link PasswordSource} callback is invoked only for an encrypted key.
 *
 * <pre>{@code
 * PrivateKey key = PrivateKeys.read(Path.of("key.pem"), PasswordSource.of("secret".toCharArray()));
 * PrivateKeys.checkMatch(key, cert, "key.pem");
 * }</pre>
 */
public final class PrivateKeys {
    static final String OID_RSA = "1.2.840.113549.1.1.1";
    static final String OID_EC = "1.2.840.10045.2.1";
    private static final Map<String, String> PKCS8_ALGORITHMS = Map.of(
            OID_RSA, "RSA",
            "1.2.840.113549.1.1.10", "RSASSA-PSS",
            OID_EC, "EC",
            "1.3.101.112", "Ed25519",
            "1.3.101.113", "Ed448",
            "1.3.101.110", "X25519",
            "1.3.101.111", "X448",
            "1.2.840.10040.4.1", "DSA",
            "1.2.840.113549.1.3.1", "DH");
    private static final Set<String> KEY_TYPES = Set.of(
            "PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY");

    private PrivateKeys() {
    }

    /** Reads the first private key in a PEM file (other blocks skipped) or a DER key file. */
    public static PrivateKey read(Path file, PasswordSource password) throws TlsCredentialException {
        byte[] data = CredentialFiles.read(file);
        try {
            if (PemReader.looksLikePem(data)) {
                return fromPem(new String(data, StandardCharsets.ISO_8859_1), file.toString(), password);
            }
            return fromDer(data, file.toString(), password);
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    /**
     * pyOpenSSL {@code use_privatekey_file(file, filetype)}: the key in the declared encoding only.
     *
     * @throws TlsCredentialException ({@code MALFORMED}) when the file is not in that encoding
     */
    public static PrivateKey read(Path file, dev.tlskit.FileType type, PasswordSource password)
            throws TlsCredentialException {
        byte[] data = CredentialFiles.read(file);
        try {
            boolean pem = PemReader.looksLikePem(data);
            CredentialFiles.checkType(type, pem, file);
            return pem ? fromPem(new String(data, StandardCharsets.ISO_8859_1), file.toString(), password)
                    : fromDer(data, file.toString(), password);
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    /** The first private key in PEM text. */
    public static PrivateKey fromPem(String text, String sourceName, PasswordSource password) throws TlsCredentialException {
        Objects.requireNonNull(text, "text");
        return fromBlocks(PemReader.read(text, sourceName), sourceName, password);
    }

    /** A DER key: PKCS#8 (plain or encrypted), PKCS#1 RSA, SEC1 EC or traditional DSA. */
    public static PrivateKey fromDer(byte[] der, String sourceName, PasswordSource password) throws TlsCredentialException {
        Objects.requireNonNull(der, "der");
        return decodeAny(der, sourceName + " (DER)", sourceName, password, null);
    }

    /** The first private key among PEM blocks, or a {@link Kind#MALFORMED} error if there is none. */
    static PrivateKey fromBlocks(List<PemBlock> blocks, String source, PasswordSource password) throws TlsCredentialException {
        String ecCurve = null;
        for (PemBlock b : blocks) {
            if (b.type().equals("EC PARAMETERS")) {
                try {
                    ecCurve = Der.parse(b.der()).oid();
                } catch (DerException e) {
                    throw new TlsCredentialException(Kind.UNSUPPORTED_ALGORITHM, source,
                            b.where() + " holds explicit curve parameters; only named curves are supported", e);
                }
                continue;
            }
            if (KEY_TYPES.contains(b.type())) {
                return decodeBlock(b, password, ecCurve);
            }
        }
        throw new TlsCredentialException(Kind.MALFORMED, source,
                "no start line: " + source + " does not contain a PEM private key", null);
    }

    private static PrivateKey decodeBlock(PemBlock b, PasswordSource password, String ecCurve) throws TlsCredentialException {
        byte[] der = b.der();
        String where = b.where();
        if (b.isEncryptedTraditional()) {
            byte[] pw = requirePassword(password, where, b.source());
            try {
                der = KeyDecryption.decryptTraditional(b.headers().get("DEK-Info"), der, pw, where, b.source());
            } finally {
                Arrays.fill(pw, (byte) 0);
            }
            try {
                return decodeAny(der, where, b.source(), null, ecCurve);
            } catch (TlsCredentialException e) {
                // Padding happened to be valid but the plaintext is garbage: the password was wrong.
                throw e.kind() == Kind.MALFORMED ? KeyDecryption.badPassword(where, b.source(), e) : e;
            } finally {
                Arrays.fill(der, (byte) 0);
            }
        }
        return decodeAny(der, where, b.source(), password, ecCurve);
    }

    private static PrivateKey decodeAny(byte[] der, String where, String source, PasswordSource password, String ecCurve)
            throws TlsCredentialException {
        List<Element> items;
        try {
            items = Der.parse(der).expect(Der.SEQUENCE).children();
        } catch (DerException e) {
            throw malformed(where, source, e);
        }
        try {
            if (items.size() == 2 && items.get(0).tag() == Der.SEQUENCE && items.get(1).tag() == Der.OCTET_STRING) {
                byte[] pw = requirePassword(password, where, source);
                byte[] plain;
                try {
                    plain = KeyDecryption.decryptPkcs8(items, der, pw, where, source);
                } finally {
                    Arrays.fill(pw, (byte) 0);
                }
                try {
                    return decodeAny(plain, where, source, null, null);
                } catch (TlsCredentialException e) {
                    throw e.kind() == Kind.MALFORMED ? KeyDecryption.badPassword(where, source, e) : e;
                } finally {
                    Arrays.fill(plain, (byte) 0);
                }
            }
            if (items.size() >= 3 && items.get(0).tag() == Der.INTEGER && items.get(1).tag() == Der.SEQUENCE) {
                return pkcs8(der, items.get(1).children(), where, source);
            }
            if (items.size() == 9 && items.stream().allMatch(e -> e.tag() == Der.INTEGER)) {
                byte[] wrapped = Der.tlv(Der.SEQUENCE, Der.tlv(Der.INTEGER, new byte[] {0}),
                        Der.tlv(Der.SEQUENCE, Der.oid(OID_RSA), Der.tlv(Der.NULL)), Der.tlv(Der.OCTET_STRING, der));
                return generate("RSA", wrapped, where, source);
            }
            if (items.size() == 6 && items.stream().allMatch(e -> e.tag() == Der.INTEGER)) {
                DSAPrivateKeySpec spec = new DSAPrivateKeySpec(items.get(5).integer(), items.get(1).integer(),
                        items.get(2).integer(), items.get(3).integer());
                return KeyFactory.getInstance("DSA").generatePrivate(spec);
            }
            if (items.size() >= 2 && items.get(0).tag() == Der.INTEGER && items.get(1).tag() == Der.OCTET_STRING) {
                return sec1(items, ecCurve, where, source);
            }
        } catch (DerException e) {
            throw malformed(where, source, e);
        } catch (GeneralSecurityException e) {
            throw new TlsCredentialException(Kind.MALFORMED, source, where + " is not a usable private key: " + e, e);
        }
        throw new TlsCredentialException(Kind.MALFORMED, source,
                where + " is not a private key in a known format (PKCS#8, PKCS#1, SEC1)", null);
    }

    private static PrivateKey pkcs8(byte[] der, List<Element> algId, String where, String source)
            throws DerException, TlsCredentialException {
        String oid = algId.get(0).oid();
        String alg = PKCS8_ALGORITHMS.get(oid);
        if (alg == null) {
            throw new TlsCredentialException(Kind.UNSUPPORTED_ALGORITHM, source,
                    "unsupported algorithm: private key algorithm " + oid + " in " + where, null);
        }
        if (alg.equals("EC") && algId.size() > 1 && algId.get(1).tag() == Der.OID) {
            String curve = algId.get(1).oid();
            try {
                AlgorithmParameters.getInstance("EC").init(new ECGenParameterSpec(curve));
            } catch (GeneralSecurityException e) {
                throw new TlsCredentialException(Kind.UNSUPPORTED_ALGORITHM, source,
                        "unsupported algorithm: EC curve " + curve + " in " + where, e);
            }
        }
        return generate(alg, der, where, source);
    }

    private static PrivateKey sec1(List<Element> items, String ecCurve, String where, String source)
            throws DerException, TlsCredentialException, GeneralSecurityException {
        BigInteger s = new BigInteger(1, items.get(1).octets());
        String curve = ecCurve;
        for (int i = 2; i < items.size(); i++) {
            if (items.get(i).tag() == 0xA0) {
                Element params = items.get(i).children().get(0);
                if (params.tag() != Der.OID) {
                    throw new TlsCredentialException(Kind.UNSUPPORTED_ALGORITHM, source,
                            where + " uses explicit EC parameters; only named curves are supported", null);
                }
                curve = params.oid();
            }
        }
        if (curve == null) {
            throw new TlsCredentialException(Kind.MALFORMED, source, where + " is an EC key without a curve", null);
        }
        ECParameterSpec spec;
        try {
            AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
            ap.init(new ECGenParameterSpec(curve));
            spec = ap.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new TlsCredentialException(Kind.UNSUPPORTED_ALGORITHM, source,
                    "unsupported algorithm: EC curve " + curve + " in " + where, e);
        }
        return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(s, spec));
    }

    private static PrivateKey generate(String alg, byte[] pkcs8, String where, String source) throws TlsCredentialException {
        KeyFactory kf;
        try {
            kf = KeyFactory.getInstance(alg);
        } catch (NoSuchAlgorithmException e) {
            throw new TlsCredentialException(Kind.UNSUPPORTED_ALGORITHM, source,
                    "unsupported algorithm: " + alg + " private keys (in " + where + ")", e);
        }
        try {
            return kf.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new TlsCredentialException(Kind.MALFORMED, source, where + " is not a valid " + alg + " private key: " + e, e);
        }
    }

    private static byte[] requirePassword(PasswordSource password, String where, String source) throws TlsCredentialException {
        if (password == null) {
            throw new TlsCredentialException(Kind.PASSWORD_REQUIRED, source,
                    "the private key in " + where + " is encrypted and no password was given", null);
        }
        return password.passwordBytes();
    }

    private static TlsCredentialException malformed(String where, String source, Exception e) {
        return new TlsCredentialException(Kind.MALFORMED, source, where + " is not valid DER: " + e.getMessage(), e);
    }

    /**
     * Checks that {@code key} belongs to {@code cert} (pyOpenSSL's {@code check_privatekey}); RSA keys compare the
     * modulus, others sign a random challenge and verify it with the certificate's public key.
     *
     * @param where names the key for the message, e.g. the key file path
     * @throws TlsCredentialException {@link Kind#KEY_MISMATCH} if they do not match
     */
    public static void checkMatch(PrivateKey key, X509Certificate cert, String where) throws TlsCredentialException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(cert, "cert");
        if (!matches(key, cert.getPublicKey())) {
            throw new TlsCredentialException(Kind.KEY_MISMATCH, where,
                    "key values mismatch: the " + key.getAlgorithm() + " private key from " + where
                            + " does not belong to the certificate '" + cert.getSubjectX500Principal().getName()
                            + "' (" + cert.getPublicKey().getAlgorithm() + ")", null);
        }
    }

    private static boolean matches(PrivateKey key, PublicKey pub) {
        if (key instanceof RSAKey rk) {
            if (!(pub instanceof RSAPublicKey rp) || !rk.getModulus().equals(rp.getModulus())) {
                return false;
            }
            return !(key instanceof RSAPrivateCrtKey crt) || crt.getPublicExponent().equals(rp.getPublicExponent());
        }
        if (key instanceof ECKey ek && !(pub instanceof ECKey)) {
            return false;
        }
        if (key instanceof ECKey ek && pub instanceof ECKey ep
                && !ek.getParams().getOrder().equals(ep.getParams().getOrder())) {
            return false;
        }
        String sigAlg = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            case "DSA" -> "SHA256withDSA";
            default -> null;
        };
        if (sigAlg == null) {
            // No signature scheme (X25519, X448, DH): the best available check is the algorithm family.
            return key.getAlgorithm().equals(pub.getAlgorithm());
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(sigAlg);
            signer.initSign(key);
            signer.update(challenge);
            byte[] sig = signer.sign();
            Signature verifier = Signature.getInstance(sigAlg);
            verifier.initVerify(pub);
            verifier.update(challenge);
            return verifier.verify(sig);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false; // e.g. Ed25519 key vs Ed448 or RSA certificate
        }
    }
}
