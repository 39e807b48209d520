package dev.tlskit.pki;

import dev.tlskit.internal.pem.Der;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Set;
import java.util.List;
import java.util.Locale;

/** OpenSSL's views of a certificate ({@code X509_check_ca}, self-issued, self-signed) that verification needs. */
final class X509Checks {
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String SUBJECT_KEY_ID = "2.5.29.14";
    private static final String AUTHORITY_KEY_ID = "2.5.29.35";
    private static final String NAME_CONSTRAINTS = "2.5.29.30";
    private static final int KU_CRL_SIGN = 6;
    private static final int KU_KEY_CERT_SIGN = 5;

    private X509Checks() {
    }

    /**
     * OpenSSL's {@code X509_check_ca} != 0: a key usage without keyCertSign is never a CA; basicConstraints decides
     * when present; otherwise a v1 self-signed root or a keyCertSign key usage counts as a CA.
     */
    static boolean isCa(X509Certificate c) {
        boolean[] ku = c.getKeyUsage();
        if (ku != null && (ku.length <= KU_KEY_CERT_SIGN || !ku[KU_KEY_CERT_SIGN])) {
            return false;
        }
        if (c.getExtensionValue(BASIC_CONSTRAINTS) != null) {
            return c.getBasicConstraints() >= 0;
        }
        if (c.getVersion() == 1 && isSelfSigned(c)) {
            return true;
        }
        return ku != null;
    }

    /** Whether basicConstraints says {@code cA=TRUE} (the strict reading used with VERIFY_X509_STRICT). */
    static boolean hasCaBasicConstraints(X509Certificate c) {
        return c.getBasicConstraints() >= 0;
    }

    static boolean isSelfIssued(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
    }

    /** Self-issued and its signature verifies with its own key (OpenSSL's {@code X509_self_signed(c, 1)}). */
    static boolean isSelfSigned(X509Certificate c) {
        return isSelfIssued(c) && signedBy(c, c);
    }

    static boolean signedBy(X509Certificate c, X509Certificate issuer) {
        try {
            c.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The RFC 5280 profile checks OpenSSL 3.0 adds under {@code X509_V_FLAG_X509_STRICT} ({@code check_extensions}):
     * the verify code of the first problem of the certificate at {@code depth} in a chain of {@code size}, or 0.
     */
    static int strictProblem(X509Certificate x, int depth, int size) {
        // the JDK answers null, not an empty set, for a certificate without extensions (v1) or without critical ones
        Set<String> critical = x.getCriticalExtensionOIDs() == null ? Set.of() : x.getCriticalExtensionOIDs();
        Set<String> nonCritical = x.getNonCriticalExtensionOIDs() == null ? Set.of() : x.getNonCriticalExtensionOIDs();
        boolean bcPresent = x.getExtensionValue(BASIC_CONSTRAINTS) != null;
        boolean ca = x.getBasicConstraints() >= 0;
        boolean[] ku = x.getKeyUsage();
        boolean certSign = ku == null || (ku.length > KU_KEY_CERT_SIGN && ku[KU_KEY_CERT_SIGN]);
        int pathLen = x.getBasicConstraints();
        if (ca && pathLen != Integer.MAX_VALUE && ku != null && !certSign) {
            return 81; // PATHLEN_WITHOUT_KU_KEY_CERT_SIGN
        }
        if (ca && bcPresent && !critical.contains(BASIC_CONSTRAINTS)) {
            return 89; // CA_BCONS_NOT_CRITICAL
        }
        if (ca && ku == null) {
            return 92; // CA_CERT_MISSING_KEY_USAGE
        }
        if (!ca && ku != null && certSign) {
            return 82; // KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA
        }
        if (x.getIssuerX500Principal().getEncoded().length <= 2) {
            return 83; // ISSUER_NAME_EMPTY
        }
        boolean subjectEmpty = x.getSubjectX500Principal().getEncoded().length <= 2;
        boolean hasSan = x.getExtensionValue("2.5.29.17") != null;
        boolean crlSign = ku != null && ku.length > KU_CRL_SIGN && ku[KU_CRL_SIGN];
        if (subjectEmpty && (ca || crlSign || !hasSan)) {
            return 84; // SUBJECT_NAME_EMPTY
        }
        if (subjectEmpty && !critical.contains("2.5.29.17")) {
            return 88; // EMPTY_SUBJECT_SAN_NOT_CRITICAL
        }
        if (critical.contains(AUTHORITY_KEY_ID)) {
            return 90; // AUTHORITY_KEY_IDENTIFIER_CRITICAL
        }
        if (critical.contains(SUBJECT_KEY_ID)) {
            return 91; // SUBJECT_KEY_IDENTIFIER_CRITICAL
        }
        if (x.getVersion() >= 3) {
            if (depth + 1 < size && x.getExtensionValue(AUTHORITY_KEY_ID) == null) {
                return 85; // MISSING_AUTHORITY_KEY_IDENTIFIER
            }
            if (ca && x.getExtensionValue(SUBJECT_KEY_ID) == null) {
                return 86; // MISSING_SUBJECT_KEY_IDENTIFIER
            }
        } else if (!critical.isEmpty() || !nonCritical.isEmpty()) {
            return 93; // EXTENSIONS_REQUIRE_VERSION_3
        }
        return 0;
    }

    /**
     * Whether a DNS name of {@code leaf} (its dNSName SANs) lies in an excluded dNSName subtree of a CA above it: the
     * JDK reports every name-constraint failure alike, OpenSSL tells excluded (48) from not permitted (47).
     */
    static boolean inExcludedSubtree(List<X509Certificate> chain, int depth) {
        List<String> names = dnsNames(chain.get(depth));
        for (int i = depth + 1; i < chain.size(); i++) {
            for (String excluded : excludedDns(chain.get(i))) {
                for (String n : names) {
                    String e = excluded.toLowerCase(Locale.ROOT);
                    String h = n.toLowerCase(Locale.ROOT);
                    if (h.equals(e) || h.endsWith(e.startsWith(".") ? e : "." + e)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static List<String> dnsNames(X509Certificate c) {
        List<String> out = new ArrayList<>();
        try {
            if (c.getSubjectAlternativeNames() != null) {
                for (List<?> san : c.getSubjectAlternativeNames()) {
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        out.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return out;
        }
        return out;
    }

    private static List<String> excludedDns(X509Certificate ca) {
        List<String> out = new ArrayList<>();
        byte[] ext = ca.getExtensionValue(NAME_CONSTRAINTS);
        try {
            if (ext != null) {
                for (Der.Element subtrees : Der.parse(Der.parse(ext).octets()).children()) {
                    if (subtrees.tag() != 0xA1) {
                        continue; // [0] permitted, [1] excluded
                    }
                    for (Der.Element subtree : subtrees.children()) {
                        Der.Element base = subtree.children().get(0);
                        if (base.tag() == 0x82) {
                            out.add(new String(base.content(), java.nio.charset.StandardCharsets.US_ASCII));
                        }
                    }
                }
            }
        } catch (Der.DerException | RuntimeException e) {
            return out;
        }
        return out;
    }
}
