package dev.tlskit.pki;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

/** OpenSSL's views of a certificate ({@code X509_check_ca}, self-issued, self-signed) that verification needs. */
final class X509Checks {
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
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
}
