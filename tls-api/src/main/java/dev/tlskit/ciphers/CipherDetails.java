package dev.tlskit.ciphers;

import dev.tlskit.TlsVersion;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of the seed's {@code SSLContext.get_ciphers()}: the dictionary CPython builds from OpenSSL's
 * {@code SSL_CIPHER}, with the same fields and values.
 *
 * <pre>{@code
 * ctx.setCiphers("ECDHE+AESGCM:!ECDSA");
 * CipherDetails d = ctx.getCiphers().get(3);
 * d.name();          // "ECDHE-RSA-AES256-GCM-SHA384"
 * d.toDict();        // {id=50380848, name=..., protocol=TLSv1.2, description=..., strength_bits=256, ...}
 * }</pre>
 *
 * @param id           {@code 0x03000000 | code}, OpenSSL's cipher id (the seed's {@code id})
 * @param name         OpenSSL's name (IANA name for TLS 1.3 suites)
 * @param protocol     the oldest version the suite works with, as OpenSSL spells it for ciphers
 *                     ({@code "SSLv3"}, {@code "TLSv1.0"}, {@code "TLSv1.2"}, {@code "TLSv1.3"})
 * @param description  {@code SSL_CIPHER_description()} without the newline
 * @param strengthBits effective strength ({@code strength_bits})
 * @param algBits      algorithm key size ({@code alg_bits})
 * @param aead         AEAD record protection
 * @param symmetric    cipher NID name ({@code "aes-256-gcm"}), {@code null} for NULL encryption
 * @param digest       MAC digest NID name ({@code "sha256"}), {@code null} for AEAD suites
 * @param kea          key exchange NID name ({@code "kx-ecdhe"})
 * @param auth         authentication NID name ({@code "auth-rsa"})
 */
public record CipherDetails(long id, String name, String protocol, String description, int strengthBits, int algBits,
                            boolean aead, String symmetric, String digest, String kea, String auth) {

    /** The details of a registry suite. */
    public static CipherDetails of(CipherSuite s) {
        String version = s.minVersion() == TlsVersion.TLSv1 ? "TLSv1" : s.minVersion().javaName().orElse("");
        String enc = s.encryption() == CipherSuite.Encryption.NULL ? "None"
                : s.encryption().openSslLabel() + "(" + s.encryptionBits() + ")";
        String description = String.format("%-30s %-7s Kx=%-8s Au=%-5s Enc=%-22s Mac=%-4s", s.displayName(), version,
                s.keyExchange().openSslLabel(), s.authentication().openSslLabel(), enc, s.mac().openSslLabel());
        return new CipherDetails(0x03000000L | s.code(), s.displayName(),
                s.minVersion() == TlsVersion.TLSv1 ? "TLSv1.0" : version, description, s.strengthBits(),
                s.algorithmBits(), s.isAead(), s.encryption().nid(s.encryptionBits()), s.mac().digest().orElse(null),
                s.keyExchange().nidName().orElse(null), s.authentication().nidName().orElse(null));
    }

    /** The registry row ({@code id & 0xFFFF}). */
    public Optional<CipherSuite> suite() {
        return CipherSuites.fromCode((int) (id & 0xFFFF));
    }

    /** The seed's dictionary, keys spelled as CPython spells them, in CPython's order. */
    public Map<String, Object> toDict() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        m.put("protocol", protocol);
        m.put("description", description);
        m.put("strength_bits", strengthBits);
        m.put("alg_bits", algBits);
        m.put("aead", aead);
        m.put("symmetric", symmetric);
        m.put("digest", digest);
        m.put("kea", kea);
        m.put("auth", auth);
        return m;
    }
}
