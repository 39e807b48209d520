package dev.tlskit.pki;

import java.math.BigInteger;
import java.security.interfaces.DSAKey;
import java.security.interfaces.RSAKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The RFC 5280 and CA/Browser Forum profile rules a WebPKI verifier applies to every certificate of a path (modelled on
 * rustls/webpki and Go's crypto/x509; OpenSSL 3 applies most of them only with {@code VERIFY_X509_STRICT}). Codes are
 * OpenSSL's for the same finding. Turned off as a whole by {@link TrustConfig#webPkiProfile()} {@code == false}.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>every certificate: serial number positive and at most 20 octets; no unknown critical extension; AKI and SKI
 *       never critical; an AKI carries a keyIdentifier and no issuer/serial; policyConstraints critical; a parseable
 *       authorityInfoAccess; subjectAltName non-empty, not critical beside a non-empty subject, DNS names in preferred
 *       name syntax, IP addresses of 4 or 16 bytes; RSA keys of 2048 bits or more and a whole number of bytes; no DSA
 *       keys; no MD5 or SHA-1 signatures below the trust anchor;</li>
 *   <li>CAs (intermediates and the anchor): basicConstraints present and critical, an SKI; a self-signed anchor's AKI,
 *       if any, equals its SKI; an anchor carries no extKeyUsage;</li>
 *   <li>the leaf: not a CA (no {@code cA=TRUE}, no keyCertSign), no name constraints, an extKeyUsage that is not
 *       critical and does not contain anyExtendedKeyUsage, and each subject CN an exact copy of a subjectAltName entry
 *       when it has any (CABF BR 7.1.4.3).</li>
 * </ul>
 */
final class ProfileChecks {
    static final String KU = "2.5.29.15";
    static final String BC = "2.5.29.19";
    static final String EKU = "2.5.29.37";
    static final String SKI = "2.5.29.14";
    static final String AKI = "2.5.29.35";
    static final String CERT_POLICIES = "2.5.29.32";
    static final String POLICY_CONSTRAINTS = "2.5.29.36";
    static final String POLICY_MAPPINGS = "2.5.29.33";
    static final String INHIBIT_ANY_POLICY = "2.5.29.54";
    static final String AIA = "1.3.6.1.5.5.7.1.1";
    static final String ANY_EKU = "2.5.29.37.0";
    private static final Set<String> KNOWN_CRITICAL = Set.of(KU, BC, EKU, CertNames.SAN_OID, NameConstraints.OID,
            CERT_POLICIES, POLICY_CONSTRAINTS, POLICY_MAPPINGS, INHIBIT_ANY_POLICY);
    private static final int MIN_RSA_BITS = 2048;

    /** Where a certificate sits in the path. */
    enum Role { LEAF, INTERMEDIATE, ANCHOR }

    /** A profile violation: OpenSSL's code and what is wrong. */
    record Problem(int code, String what) {
    }

    private ProfileChecks() {
    }

    /**
     * A critical extension tlskit does not process, or {@code null}: OpenSSL's {@code X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION}
     * (34), checked with or without the profile (RFC 5280 4.2: such a certificate MUST be rejected). A critical AKI
     * or SKI is understood, so only the profile refuses it.
     */
    static String unhandledCritical(X509Certificate c) {
        Set<String> critical = c.getCriticalExtensionOIDs() == null ? Set.of() : c.getCriticalExtensionOIDs();
        for (String oid : critical) {
            if (!KNOWN_CRITICAL.contains(oid) && !oid.equals(AKI) && !oid.equals(SKI)) {
                return oid;
            }
        }
        return null;
    }

    /** The first profile problem of {@code c} in role {@code role}, or {@code null}. */
    static Problem check(X509Certificate c, Role role) {
        Problem p = common(c, role);
        if (p == null) {
            p = role == Role.LEAF ? leaf(c) : ca(c, role);
        }
        return p;
    }

    /** A leaf trusted as itself: the rules for every certificate, not the end-entity ones (it may be a CA). */
    static Problem checkPinned(X509Certificate c) {
        return common(c, Role.LEAF);
    }

    private static Problem common(X509Certificate c, Role role) {
        BigInteger serial = c.getSerialNumber();
        // an anchor is trusted as given (real roots such as Starfield G2 have serial 0)
        if (role != Role.ANCHOR && (serial.signum() <= 0 || encodedSerialNegative(c))) {
            return new Problem(VerifyCodes.INVALID_EXTENSION, "serial number is zero or negative (RFC 5280 4.1.2.2)");
        }
        if (role != Role.ANCHOR && serial.toByteArray().length > 20) {
            return new Problem(VerifyCodes.INVALID_EXTENSION, "serial number longer than 20 octets (RFC 5280 4.1.2.2)");
        }
        Set<String> critical = c.getCriticalExtensionOIDs() == null ? Set.of() : c.getCriticalExtensionOIDs();
        for (String oid : critical) {
            if (!KNOWN_CRITICAL.contains(oid)) {
                return new Problem(oid.equals(AKI) ? VerifyCodes.AUTHORITY_KEY_IDENTIFIER_CRITICAL
                        : VerifyCodes.UNHANDLED_CRITICAL_EXTENSION, "critical extension " + oid);
            }
        }
        if (c.getExtensionValue(POLICY_CONSTRAINTS) != null && !critical.contains(POLICY_CONSTRAINTS)) {
            return new Problem(VerifyCodes.INVALID_POLICY_EXTENSION, "policyConstraints not critical (RFC 5280 4.2.1.11)");
        }
        Problem p = keyAndSignature(c, role);
        if (p == null) {
            p = authorityKeyId(c, role);
        }
        if (p == null) {
            p = accessInfo(c);
        }
        if (p == null) {
            p = subjectAltNames(c, critical);
        }
        return p;
    }

    /** The JDK reads a negative serial number as positive; the DER says otherwise. */
    private static boolean encodedSerialNegative(X509Certificate c) {
        try {
            List<Der.Tlv> tbs = Der.single(c.getTBSCertificate()).children();
            Der.Tlv serial = tbs.get(tbs.get(0).contextNumber() == 0 ? 1 : 0);
            return serial.tag() != Der.INTEGER || serial.content().length == 0 || (serial.content()[0] & 0x80) != 0;
        } catch (Der.Malformed | java.security.cert.CertificateEncodingException | IndexOutOfBoundsException e) {
            return true;
        }
    }

    private static Problem keyAndSignature(X509Certificate c, Role role) {
        var key = c.getPublicKey();
        int weak = role == Role.LEAF ? VerifyCodes.EE_KEY_TOO_SMALL : VerifyCodes.CA_KEY_TOO_SMALL;
        if (key instanceof DSAKey) {
            return new Problem(weak, "DSA keys are not allowed");
        }
        if (key instanceof RSAKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS || bits % 8 != 0) {
                return new Problem(weak, "RSA key of " + bits + " bits (need >= " + MIN_RSA_BITS + ", whole bytes)");
            }
        }
        if (key instanceof java.security.interfaces.ECKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            if (bits != 256 && bits != 384 && bits != 521) {
                return new Problem(weak, "EC key on a " + bits + "-bit curve (P-256, P-384 and P-521 only)");
            }
        }
        String alg = c.getSigAlgName().toUpperCase(java.util.Locale.ROOT);
        if (role != Role.ANCHOR && (alg.contains("MD5") || alg.contains("MD2") || alg.startsWith("SHA1"))) {
            return new Problem(VerifyCodes.CA_MD_TOO_WEAK, "signature algorithm " + c.getSigAlgName() + " is too weak");
        }
        return null;
    }

    private static Problem authorityKeyId(X509Certificate c, Role role) {
        try {
            byte[] aki = Der.extension(c, AKI);
            if (aki == null) {
                // an anchor is trusted as given: only its key and name matter, whoever issued it
                return role == Role.ANCHOR || X509Checks.isSelfSigned(c) ? null
                        : new Problem(VerifyCodes.MISSING_AUTHORITY_KEY_IDENTIFIER, "no authorityKeyIdentifier");
            }
            byte[] keyId = null;
            for (Der.Tlv t : Der.single(aki).children()) {
                if (t.contextNumber() != 0) {
                    return new Problem(VerifyCodes.INVALID_EXTENSION, "authorityKeyIdentifier names the issuer by name/serial");
                }
                keyId = t.content();
            }
            if (keyId == null) {
                return new Problem(VerifyCodes.INVALID_EXTENSION, "authorityKeyIdentifier without a keyIdentifier");
            }
            if (X509Checks.isSelfSigned(c)) {
                byte[] ski = subjectKeyId(c);
                if (ski != null && !Arrays.equals(ski, keyId)) {
                    return new Problem(VerifyCodes.AKID_SKID_MISMATCH, "self-signed certificate's AKI differs from its SKI");
                }
            }
            return null;
        } catch (Der.Malformed m) {
            return new Problem(VerifyCodes.INVALID_EXTENSION, "malformed authorityKeyIdentifier");
        }
    }

    static byte[] subjectKeyId(X509Certificate c) throws Der.Malformed {
        byte[] v = Der.extension(c, SKI);
        if (v == null) {
            return null;
        }
        Der.Tlv t = Der.single(v);
        if (t.tag() != Der.OCTET_STRING) {
            throw new Der.Malformed("subjectKeyIdentifier is not an OCTET STRING");
        }
        return t.content();
    }

    private static Problem accessInfo(X509Certificate c) {
        try {
            byte[] aia = Der.extension(c, AIA);
            if (aia == null) {
                return null;
            }
            Der.Tlv seq = Der.single(aia);
            if (seq.tag() != Der.SEQUENCE || seq.children().isEmpty()) {
                throw new Der.Malformed("authorityInfoAccess is not a non-empty SEQUENCE");
            }
            for (Der.Tlv ad : seq.children()) {
                List<Der.Tlv> parts = ad.children();
                if (ad.tag() != Der.SEQUENCE || parts.size() != 2 || parts.get(0).tag() != 0x06
                        || parts.get(1).contextNumber() < 0) {
                    throw new Der.Malformed("bad AccessDescription");
                }
            }
            return null;
        } catch (Der.Malformed m) {
            return new Problem(VerifyCodes.INVALID_EXTENSION, "malformed authorityInfoAccess: " + m.getMessage());
        }
    }

    private static Problem subjectAltNames(X509Certificate c, Set<String> critical) {
        List<Der.Tlv> sans;
        try {
            sans = CertNames.subjectAltNames(c);
        } catch (NameConstraints.Violation v) {
            return new Problem(v.code, v.getMessage());
        }
        if (sans == null) {
            return null;
        }
        if (sans.isEmpty()) {
            return new Problem(VerifyCodes.EMPTY_SUBJECT_ALT_NAME, "empty subjectAltName");
        }
        if (critical.contains(CertNames.SAN_OID) && c.getSubjectX500Principal().getEncoded().length > 2) {
            return new Problem(VerifyCodes.INVALID_EXTENSION, "subjectAltName critical although the subject is not empty");
        }
        for (Der.Tlv san : sans) {
            if (san.tag() == 0x82 && !DnsNames.isValid(NameConstraints.ascii(san.content()), true)) {
                return new Problem(VerifyCodes.UNSUPPORTED_NAME_SYNTAX, "dNSName not in preferred name syntax");
            }
            if (san.tag() == 0x87 && san.content().length != 4 && san.content().length != 16) {
                return new Problem(VerifyCodes.UNSUPPORTED_NAME_SYNTAX, "iPAddress of " + san.content().length + " bytes");
            }
        }
        return null;
    }

    private static Problem ca(X509Certificate c, Role role) {
        if (c.getExtensionValue(BC) == null || !Der.isCritical(c, BC)) {
            return new Problem(VerifyCodes.CA_BCONS_NOT_CRITICAL, "CA without a critical basicConstraints extension");
        }
        try {
            if (subjectKeyId(c) == null) {
                return new Problem(VerifyCodes.MISSING_SUBJECT_KEY_IDENTIFIER, "CA without a subjectKeyIdentifier");
            }
        } catch (Der.Malformed m) {
            return new Problem(VerifyCodes.INVALID_EXTENSION, "malformed subjectKeyIdentifier");
        }
        if (role == Role.ANCHOR && c.getExtensionValue(EKU) != null) {
            return new Problem(VerifyCodes.INVALID_PURPOSE, "trust anchor with an extKeyUsage extension");
        }
        return null;
    }

    private static Problem leaf(X509Certificate c) {
        if (c.getBasicConstraints() >= 0) {
            return new Problem(VerifyCodes.INVALID_NON_CA, "CA certificate used as an end entity");
        }
        boolean[] ku = c.getKeyUsage();
        if (ku != null && ku.length > 5 && ku[5]) {
            return new Problem(VerifyCodes.KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA, "end entity with keyCertSign");
        }
        if (c.getExtensionValue(NameConstraints.OID) != null) {
            return new Problem(VerifyCodes.INVALID_EXTENSION, "end entity with name constraints");
        }
        try {
            List<String> eku = c.getExtendedKeyUsage();
            if (eku != null && (Der.isCritical(c, EKU) || eku.contains(ANY_EKU))) {
                return new Problem(VerifyCodes.INVALID_PURPOSE, "end entity extKeyUsage is critical or anyExtendedKeyUsage");
            }
        } catch (CertificateParsingException e) {
            return new Problem(VerifyCodes.INVALID_EXTENSION, "malformed extKeyUsage");
        }
        return commonNamesInSan(c);
    }

    /**
     * CABF BR 7.1.4.3: a subject CN that names the same host or address as a subjectAltName entry must be a
     * character-for-character copy of it (same case, A-label not U-label, canonical IP text). A CN naming something
     * else entirely is tolerated: RFC 5280 and BetterTLS cases require accepting it, and tlskit never matches host names
     * against the CN by default.
     */
    private static Problem commonNamesInSan(X509Certificate c) {
        List<Der.Tlv> sans;
        try {
            sans = CertNames.subjectAltNames(c);
        } catch (NameConstraints.Violation v) {
            return new Problem(v.code, v.getMessage());
        }
        if (sans == null) {
            return null;
        }
        boolean anyDns = sans.stream().anyMatch(t -> t.tag() == 0x82);
        for (String cn : CertNames.attributes(c.getSubjectX500Principal(), "CN")) {
            if (anyDns && !cn.chars().allMatch(ch -> ch < 0x80)) {
                return new Problem(VerifyCodes.INVALID_EXTENSION,
                        "subject CN '" + cn + "' is a U-label; dNSNames hold A-labels (CABF BR 7.1.4.3)");
            }
            byte[] ip = IpText.lenientParse(cn);
            String ace = toAscii(cn);
            for (Der.Tlv san : sans) {
                boolean sameThing;
                String exact;
                if (san.tag() == 0x87) {
                    exact = IpText.canonical(san.content());
                    sameThing = ip != null && Arrays.equals(ip, san.content());
                } else if (san.tag() == 0x82) {
                    exact = NameConstraints.ascii(san.content());
                    sameThing = exact != null && ace != null && exact.equalsIgnoreCase(ace);
                } else {
                    continue;
                }
                if (sameThing && !cn.equals(exact)) {
                    return new Problem(VerifyCodes.INVALID_EXTENSION,
                            "subject CN '" + cn + "' is not an exact copy of subjectAltName '" + exact + "' (CABF BR 7.1.4.3)");
                }
            }
        }
        return null;
    }

    private static String toAscii(String name) {
        try {
            return java.net.IDN.toASCII(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
