package dev.tlskit.pki;

import dev.tlskit.TlsCredentialException;
import dev.tlskit.TlsCredentialException.Kind;
import dev.tlskit.internal.pem.Der;
import dev.tlskit.internal.pem.Der.DerException;
import dev.tlskit.internal.pem.Der.Element;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decrypts private keys: PKCS#8 {@code EncryptedPrivateKeyInfo} with PBES2 (PBKDF2 + AES/3DES-CBC, parsed here
 * because JDK 17's {@code EncryptedPrivateKeyInfo} does not take PBES2 parameters) or a PBES1/PKCS#12 scheme the JDK
 * knows, and OpenSSL's traditional {@code Proc-Type: 4,ENCRYPTED} / {@code DEK-Info} PEM encryption
 * ({@code EVP_BytesToKey} with MD5, one iteration).
 */
final class KeyDecryption {
    private static final String PBES2 = "1.2.840.113549.1.5.13";
    private static final String PBKDF2 = "1.2.840.113549.1.5.12";
    private static final String SCRYPT = "1.3.6.1.4.1.11591.4.11";
    private static final String HMAC_SHA1 = "1.2.840.113549.2.7";

    private static final Map<String, String> PRF = Map.of(
            HMAC_SHA1, "HmacSHA1",
            "1.2.840.113549.2.8", "HmacSHA224",
            "1.2.840.113549.2.9", "HmacSHA256",
            "1.2.840.113549.2.10", "HmacSHA384",
            "1.2.840.113549.2.11", "HmacSHA512");

    /** Cipher OID → (JCE transformation, key length). */
    private record CipherSpec(String transformation, String keyAlg, int keyLength) {
    }

    private static final Map<String, CipherSpec> PBES2_CIPHERS = Map.of(
            "2.16.840.1.101.3.4.1.2", new CipherSpec("AES/CBC/PKCS5Padding", "AES", 16),
            "2.16.840.1.101.3.4.1.22", new CipherSpec("AES/CBC/PKCS5Padding", "AES", 24),
            "2.16.840.1.101.3.4.1.42", new CipherSpec("AES/CBC/PKCS5Padding", "AES", 32),
            "1.2.840.113549.3.7", new CipherSpec("DESede/CBC/PKCS5Padding", "DESede", 24),
            "1.3.14.3.2.7", new CipherSpec("DES/CBC/PKCS5Padding", "DES", 8));

    private static final Map<String, CipherSpec> DEK_CIPHERS = Map.of(
            "AES-128-CBC", new CipherSpec("AES/CBC/PKCS5Padding", "AES", 16),
            "AES-192-CBC", new CipherSpec("AES/CBC/PKCS5Padding", "AES", 24),
            "AES-256-CBC", new CipherSpec("AES/CBC/PKCS5Padding", "AES", 32),
            "DES-EDE3-CBC", new CipherSpec("DESede/CBC/PKCS5Padding", "DESede", 24),
            "DES-CBC", new CipherSpec("DES/CBC/PKCS5Padding", "DES", 8));

    private KeyDecryption() {
    }

    /** Decrypts an {@code EncryptedPrivateKeyInfo}; returns the inner PKCS#8 {@code PrivateKeyInfo} DER. */
    static byte[] decryptPkcs8(List<Element> epki, byte[] whole, byte[] password, String where, String source)
            throws TlsCredentialException {
        try {
            List<Element> algId = epki.get(0).expect(Der.SEQUENCE).children();
            String scheme = algId.get(0).oid();
            byte[] encrypted = epki.get(1).octets();
            if (!PBES2.equals(scheme)) {
                return decryptWithJdk(whole, password, scheme, where, source);
            }
            List<Element> params = algId.get(1).expect(Der.SEQUENCE).children();
            List<Element> kdf = params.get(0).expect(Der.SEQUENCE).children();
            List<Element> enc = params.get(1).expect(Der.SEQUENCE).children();
            String kdfOid = kdf.get(0).oid();
            if (!PBKDF2.equals(kdfOid)) {
                throw unsupported(where, source, kdfOid.equals(SCRYPT) ? "scrypt key derivation" : "key derivation " + kdfOid);
            }
            String cipherOid = enc.get(0).oid();
            CipherSpec cipher = PBES2_CIPHERS.get(cipherOid);
            if (cipher == null) {
                throw unsupported(where, source, "PBES2 cipher " + cipherOid);
            }
            byte[] iv = enc.get(1).octets();
            List<Element> kdfParams = kdf.get(1).expect(Der.SEQUENCE).children();
            byte[] salt = kdfParams.get(0).octets();
            int iterations = kdfParams.get(1).integer().intValueExact();
            int keyLength = cipher.keyLength();
            String prf = PRF.get(HMAC_SHA1);
            for (int i = 2; i < kdfParams.size(); i++) {
                Element e = kdfParams.get(i);
                if (e.tag() == Der.INTEGER) {
                    keyLength = e.integer().intValueExact();
                } else if (e.tag() == Der.SEQUENCE) {
                    String prfOid = e.children().get(0).oid();
                    prf = PRF.get(prfOid);
                    if (prf == null) {
                        throw unsupported(where, source, "PBKDF2 PRF " + prfOid);
                    }
                }
            }
            if (iterations < 1 || iterations > 10_000_000 || keyLength != cipher.keyLength()) {
                throw new TlsCredentialException(Kind.MALFORMED, source, where + " has unusable PBKDF2 parameters", null);
            }
            byte[] key = pbkdf2(prf, password, salt, iterations, keyLength);
            try {
                return decrypt(cipher, key, iv, encrypted, where, source);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        } catch (DerException | IndexOutOfBoundsException | ArithmeticException e) {
            throw new TlsCredentialException(Kind.MALFORMED, source, where + " is not a valid encrypted PKCS#8 key: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw unsupportedCause(where, source, e);
        }
    }

    /** Decrypts OpenSSL's traditional PEM encryption given the {@code DEK-Info} header value. */
    static byte[] decryptTraditional(String dekInfo, byte[] data, byte[] password, String where, String source)
            throws TlsCredentialException {
        if (dekInfo == null || !dekInfo.contains(",")) {
            throw new TlsCredentialException(Kind.MALFORMED, source, where + " is encrypted but has no usable DEK-Info header", null);
        }
        int comma = dekInfo.indexOf(',');
        String name = dekInfo.substring(0, comma).strip().toUpperCase(Locale.ROOT);
        CipherSpec cipher = DEK_CIPHERS.get(name);
        if (cipher == null) {
            throw unsupported(where, source, "PEM encryption " + name);
        }
        byte[] iv;
        try {
            iv = HexFormat.of().parseHex(dekInfo.substring(comma + 1).strip());
        } catch (IllegalArgumentException e) {
            throw new TlsCredentialException(Kind.MALFORMED, source, where + " has a malformed DEK-Info IV", e);
        }
        if (iv.length < 8) {
            throw new TlsCredentialException(Kind.MALFORMED, source, where + " has a DEK-Info IV shorter than 8 bytes", null);
        }
        try {
            byte[] key = bytesToKey(password, Arrays.copyOf(iv, 8), cipher.keyLength());
            try {
                return decrypt(cipher, key, iv, data, where, source);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            throw unsupportedCause(where, source, e);
        }
    }

    private static byte[] decrypt(CipherSpec spec, byte[] key, byte[] iv, byte[] data, String where, String source)
            throws GeneralSecurityException, TlsCredentialException {
        Cipher c = Cipher.getInstance(spec.transformation());
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, spec.keyAlg()), new IvParameterSpec(iv));
        try {
            return c.doFinal(data);
        } catch (BadPaddingException | javax.crypto.IllegalBlockSizeException e) {
            throw badPassword(where, source, e);
        }
    }

    private static byte[] decryptWithJdk(byte[] whole, byte[] password, String scheme, String where, String source)
            throws TlsCredentialException {
        char[] chars = new String(password, java.nio.charset.StandardCharsets.UTF_8).toCharArray();
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(whole);
            String alg = info.getAlgName();
            SecretKeyFactory f = SecretKeyFactory.getInstance(alg);
            Cipher c = Cipher.getInstance(alg);
            c.init(Cipher.DECRYPT_MODE, f.generateSecret(new PBEKeySpec(chars)), info.getAlgParameters());
            try {
                return c.doFinal(info.getEncryptedData());
            } catch (BadPaddingException | javax.crypto.IllegalBlockSizeException e) {
                throw badPassword(where, source, e);
            }
        } catch (NoSuchAlgorithmException e) {
            throw unsupported(where, source, "key encryption scheme " + scheme);
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw unsupportedCause(where, source, e);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /** PBKDF2 (RFC 8018 §5.2) over raw password bytes, so non-UTF-8 byte passwords work too. */
    static byte[] pbkdf2(String macAlg, byte[] password, byte[] salt, int iterations, int length)
            throws GeneralSecurityException {
        Mac mac = Mac.getInstance(macAlg);
        // An empty HMAC key is legal, but SecretKeySpec refuses empty arrays.
        mac.init(password.length == 0 ? new EmptyKey(macAlg) : new SecretKeySpec(password, macAlg));
        int hLen = mac.getMacLength();
        byte[] out = new byte[length];
        byte[] block = new byte[4];
        for (int i = 1, off = 0; off < length; i++, off += hLen) {
            block[0] = (byte) (i >>> 24);
            block[1] = (byte) (i >>> 16);
            block[2] = (byte) (i >>> 8);
            block[3] = (byte) i;
            mac.update(salt);
            byte[] u = mac.doFinal(block);
            byte[] t = u.clone();
            for (int k = 1; k < iterations; k++) {
                u = mac.doFinal(u);
                for (int j = 0; j < t.length; j++) {
                    t[j] ^= u[j];
                }
            }
            System.arraycopy(t, 0, out, off, Math.min(hLen, length - off));
        }
        return out;
    }

    /** OpenSSL's {@code EVP_BytesToKey(cipher, EVP_md5(), salt, pass, 1)}. */
    static byte[] bytesToKey(byte[] password, byte[] salt, int keyLength) throws GeneralSecurityException {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        byte[] out = new byte[keyLength];
        byte[] prev = new byte[0];
        int off = 0;
        while (off < keyLength) {
            md5.update(prev);
            md5.update(password);
            md5.update(salt);
            prev = md5.digest();
            int n = Math.min(prev.length, keyLength - off);
            System.arraycopy(prev, 0, out, off, n);
            off += n;
        }
        return out;
    }

    static TlsCredentialException badPassword(String where, String source, Throwable cause) {
        return new TlsCredentialException(Kind.BAD_PASSWORD, source,
                "bad decrypt: wrong password for the encrypted private key in " + where, cause);
    }

    private static TlsCredentialException unsupported(String where, String source, String what) {
        return new TlsCredentialException(Kind.UNSUPPORTED_ALGORITHM, source,
                "unsupported algorithm: " + what + " (in " + where + ")", null);
    }

    private static TlsCredentialException unsupportedCause(String where, String source, Exception e) {
        return new TlsCredentialException(Kind.UNSUPPORTED_ALGORITHM, source,
                "cannot decrypt the private key in " + where + ": " + e, e);
    }

    /** A zero-length HMAC key (the password may legitimately be empty). */
    private static final class EmptyKey implements javax.crypto.SecretKey {
        private static final long serialVersionUID = 1L;
        private final String alg;

        EmptyKey(String alg) {
            this.alg = alg;
        }

        @Override
        public String getAlgorithm() {
            return alg;
        }

        @Override
        public String getFormat() {
            return "RAW";
        }

        @Override
        public byte[] getEncoded() {
            return new byte[0];
        }
    }
}
