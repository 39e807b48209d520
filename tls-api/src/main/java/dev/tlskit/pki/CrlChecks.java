package dev.tlskit.pki;

import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Revocation by CRL (OpenSSL's {@code check_revocation}) for the leaf, or the whole chain with
 * {@code VERIFY_CRL_CHECK_CHAIN}. A CRL counts only if its issuer name matches, the issuer's key verifies it, the
 * issuer's keyUsage (if any) allows cRLSign (35 otherwise), and it is a CRL RFC 5280 5.2.3 allows: a non-critical
 * cRLNumber and no other critical extension (36 otherwise). The newest usable CRL decides.
 */
final class CrlChecks {
    private static final String CRL_NUMBER = "2.5.29.20";
    private static final int KU_CRL_SIGN = 6;

    /** Receives each problem; may throw to stop, or return to go on (a callback overrode it). */
    interface Reporter {
        void report(int code, int depth) throws VerificationFailure;
    }

    private CrlChecks() {
    }

    static void check(List<X509Certificate> chain, boolean wholeChain, List<X509CRL> crls, Date now,
                      PathBuilder sigs, Reporter out) throws VerificationFailure {
        int last = wholeChain ? chain.size() - 1 : 0;
        for (int i = 0; i <= last; i++) {
            X509Certificate cert = chain.get(i);
            X509Certificate issuer = i + 1 < chain.size() ? chain.get(i + 1) : sigs.selfSigned(cert) ? cert : null;
            X509CRL crl = null;
            int problem = VerifyCodes.UNABLE_TO_GET_CRL;
            for (X509CRL c : crls) {
                if (issuer == null || !c.getIssuerX500Principal().equals(cert.getIssuerX500Principal())) {
                    continue;
                }
                try {
                    c.verify(issuer.getPublicKey());
                } catch (GeneralSecurityException | RuntimeException e) {
                    problem = VerifyCodes.CRL_SIGNATURE_FAILURE;
                    continue;
                }
                boolean[] ku = issuer.getKeyUsage();
                if (ku != null && (ku.length <= KU_CRL_SIGN || !ku[KU_CRL_SIGN])) {
                    problem = VerifyCodes.KEYUSAGE_NO_CRL_SIGN;
                    continue;
                }
                if (!wellFormed(c)) {
                    problem = VerifyCodes.UNHANDLED_CRITICAL_CRL_EXTENSION;
                    continue;
                }
                if (crl == null || c.getThisUpdate().after(crl.getThisUpdate())) {
                    crl = c;
                }
            }
            if (crl == null) {
                out.report(problem, i);
                continue;
            }
            if (crl.getThisUpdate().after(now)) {
                out.report(VerifyCodes.CRL_NOT_YET_VALID, i);
            } else if (crl.getNextUpdate() != null && crl.getNextUpdate().before(now)) {
                out.report(VerifyCodes.CRL_HAS_EXPIRED, i);
            }
            if (crl.getRevokedCertificate(cert) != null) {
                out.report(VerifyCodes.CERT_REVOKED, i);
            }
        }
    }

    /** RFC 5280 5.2.3: a cRLNumber is present and not critical; no critical extension tlskit does not process. */
    private static boolean wellFormed(X509CRL c) {
        Set<String> critical = c.getCriticalExtensionOIDs();
        if (critical != null && !critical.isEmpty()) {
            return false;
        }
        return c.getExtensionValue(CRL_NUMBER) != null;
    }
}
