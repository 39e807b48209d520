package dev.tlskit.pki;

import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;

/**
 * One verification of a peer chain, in OpenSSL's order ({@code X509_verify_cert} in OpenSSL 3.0): build the chain
 * (trusted issuers first), check CA flags, purpose and path length, the host name, revocation, then signatures and
 * validity from the top down; finally the JDK's PKIX validator over the built path for what is left (name
 * constraints, critical extensions, policies, key usage, algorithm constraints). Each problem goes through the
 * {@link ChainCallback} if there is one, otherwise the first problem fails.
 */
final class ChainVerifier {
    static final String EKU_SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    static final String EKU_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int MAX_DEPTH = 100;

    /** The peer's role: a server's chain needs serverAuth, a client's needs clientAuth. */
    enum Peer { SERVER, CLIENT }

    private final TrustConfig config;
    private final SSLEngine engine;
    private final Date now;
    private final List<X509Certificate> chain = new ArrayList<>();
    private int numUntrusted;
    private boolean overridden;

    ChainVerifier(TrustConfig config, SSLEngine engine) {
        this.config = config;
        this.engine = engine;
        this.now = Date.from(config.clock().instant());
    }

    /** Verifies; returns normally if accepted. {@code host} is a DNS name or IP literal, or null for no check. */
    void verify(X509Certificate[] peerChain, Peer peer, String host) throws VerificationFailure {
        List<X509Certificate> untrusted = new ArrayList<>();
        for (X509Certificate c : peerChain) {
            untrusted.add(Certificates.copyOf(c)); // never share objects with the caller or another validator
        }
        buildChain(untrusted);
        checkExtensions(peer);
        if (host != null) {
            checkHost(host);
        }
        if (config.crlCheck()) {
            checkRevocation();
        }
        internalVerify();
        if (!overridden) {
            pkix();
        }
    }

    /** The chain built so far: the leaf first, then each issuer found (complete once {@link #verify} returned). */
    List<X509Certificate> chain() {
        return List.copyOf(chain);
    }

    // ---- 1. chain building (OpenSSL build_chain) ----

    private void buildChain(List<X509Certificate> untrusted) throws VerificationFailure {
        TrustSnapshot trust = config.trust();
        X509Certificate leaf = untrusted.get(0);
        chain.add(leaf);
        boolean topTrusted = trust.contains(leaf);
        numUntrusted = topTrusted ? 0 : 1;
        if (topTrusted) {
            trust.markUsed(leaf);
        }
        List<X509Certificate> pool = new ArrayList<>(untrusted.subList(1, untrusted.size()));
        while (chain.size() < MAX_DEPTH) {
            X509Certificate cur = chain.get(chain.size() - 1);
            if (X509Checks.isSelfSigned(cur) || (topTrusted && config.partialChain())) {
                break;
            }
            X509Certificate issuer = findIssuer(cur, trust.bySubject(cur.getIssuerX500Principal()));
            if (issuer != null) {
                trust.markUsed(issuer);
                chain.add(issuer);
                topTrusted = true;
                continue;
            }
            if (topTrusted) {
                break; // trusted issuers come from the store only
            }
            issuer = findIssuer(cur, pool);
            if (issuer == null) {
                break;
            }
            pool.remove(issuer);
            chain.add(issuer);
            numUntrusted++;
            if (trust.contains(issuer)) {
                topTrusted = true;
                numUntrusted--;
            }
        }
        int top = chain.size() - 1;
        X509Certificate topCert = chain.get(top);
        if (topTrusted) {
            if (!X509Checks.isSelfSigned(topCert) && !config.partialChain()) {
                report(VerifyCodes.UNABLE_TO_GET_ISSUER_CERT, top);
            }
            return;
        }
        if (X509Checks.isSelfSigned(topCert)) {
            report(top == 0 ? VerifyCodes.DEPTH_ZERO_SELF_SIGNED_CERT : VerifyCodes.SELF_SIGNED_CERT_IN_CHAIN, top);
        } else {
            report(VerifyCodes.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, top);
        }
    }

    private X509Certificate findIssuer(X509Certificate cert, List<X509Certificate> candidates) {
        X509Certificate nameOnly = null;
        for (X509Certificate c : candidates) {
            if (!c.getSubjectX500Principal().equals(cert.getIssuerX500Principal()) || chain.contains(c)) {
                continue;
            }
            if (X509Checks.signedBy(cert, c)) {
                return c;
            }
            if (nameOnly == null) {
                nameOnly = c;
            }
        }
        return nameOnly; // OpenSSL matches by name; a bad signature is then reported as 7
    }

    private boolean isTrustedDepth(int depth) {
        return depth >= numUntrusted && config.trust().contains(chain.get(depth));
    }

    // ---- 2. CA flags, purpose, path length (OpenSSL check_chain_extensions) ----

    private void checkExtensions(Peer peer) throws VerificationFailure {
        checkDepth();
        int plen = 0;
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate x = chain.get(i);
            if (i > 0) {
                boolean ca = config.strict() ? X509Checks.hasCaBasicConstraints(x) && X509Checks.isCa(x) : X509Checks.isCa(x);
                if (!ca) {
                    report(VerifyCodes.INVALID_CA, i);
                }
            }
            if (!isTrustedDepth(i) && !purposeOk(x, peer, i == 0)) {
                report(VerifyCodes.INVALID_PURPOSE, i);
            }
            int pathLen = x.getBasicConstraints();
            if (i > 1 && pathLen >= 0 && pathLen != Integer.MAX_VALUE && plen > pathLen) {
                report(VerifyCodes.PATH_LENGTH_EXCEEDED, i);
            }
            if (i > 0 && !X509Checks.isSelfIssued(x)) {
                plen++;
            }
        }
    }

    /** {@link TrustConfig#verifyDepth()}: intermediates between the leaf and the anchor, self-issued ones not counted. */
    private void checkDepth() throws VerificationFailure {
        int limit = config.verifyDepth();
        if (limit == TrustConfig.UNLIMITED_DEPTH) {
            return;
        }
        int last = isTrustedDepth(chain.size() - 1) ? chain.size() - 2 : chain.size() - 1;
        int count = 0;
        for (int i = 1; i <= last; i++) {
            if (!X509Checks.isSelfIssued(chain.get(i))) {
                count++;
            }
            if (count > limit) {
                report(VerifyCodes.CERT_CHAIN_TOO_LONG, i);
                return;
            }
        }
    }

    private static boolean purposeOk(X509Certificate x, Peer peer, boolean leaf) {
        List<String> eku;
        try {
            eku = x.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            return false;
        }
        String wanted = peer == Peer.SERVER ? EKU_SERVER_AUTH : EKU_CLIENT_AUTH;
        if (eku != null && !eku.contains(wanted)) {
            return false;
        }
        boolean[] ku = x.getKeyUsage();
        if (leaf && ku != null) {
            boolean digitalSignature = ku.length > 0 && ku[0];
            boolean keyEncipherment = ku.length > 2 && ku[2];
            boolean keyAgreement = ku.length > 4 && ku[4];
            return peer == Peer.SERVER ? digitalSignature || keyEncipherment || keyAgreement
                    : digitalSignature || keyAgreement;
        }
        return true;
    }

    // ---- 3. host name / IP (OpenSSL check_id) ----

    private void checkHost(String host) throws VerificationFailure {
        X509Certificate leaf = Certificates.copyOf(chain.get(0));
        var ip = HostnameMatcher.parseIpLiteral(host);
        if (ip.isPresent()) {
            InetAddress addr = ip.get();
            if (!HostnameMatcher.matchesIp(leaf, addr)) {
                String shown = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
                report(VerifyCodes.IP_ADDRESS_MISMATCH, 0,
                        "IP address mismatch, certificate is not valid for '" + shown + "'.");
            }
        } else if (!HostnameMatcher.matchesHost(leaf, host, config.hostnameChecksCommonName())) {
            report(VerifyCodes.HOSTNAME_MISMATCH, 0, "Hostname mismatch, certificate is not valid for '" + host + "'.");
        }
    }

    // ---- 4. CRLs (OpenSSL check_revocation) ----

    private void checkRevocation() throws VerificationFailure {
        int last = config.crlCheckAll() ? chain.size() - 1 : 0;
        for (int i = 0; i <= last; i++) {
            X509Certificate cert = chain.get(i);
            X509Certificate issuer = i + 1 < chain.size() ? chain.get(i + 1)
                    : X509Checks.isSelfSigned(cert) ? cert : null;
            X509CRL crl = null;
            boolean badSignature = false;
            for (X509CRL c : config.trust().crls()) {
                if (!c.getIssuerX500Principal().equals(cert.getIssuerX500Principal())) {
                    continue;
                }
                if (issuer == null) {
                    continue;
                }
                try {
                    c.verify(issuer.getPublicKey());
                } catch (GeneralSecurityException | RuntimeException e) {
                    badSignature = true;
                    continue;
                }
                if (crl == null || c.getThisUpdate().after(crl.getThisUpdate())) {
                    crl = c; // the newest valid CRL wins
                }
            }
            if (crl == null) {
                report(badSignature ? VerifyCodes.CRL_SIGNATURE_FAILURE : VerifyCodes.UNABLE_TO_GET_CRL, i);
                continue;
            }
            if (crl.getThisUpdate().after(now)) {
                report(VerifyCodes.CRL_NOT_YET_VALID, i);
            } else if (crl.getNextUpdate() != null && crl.getNextUpdate().before(now)) {
                report(VerifyCodes.CRL_HAS_EXPIRED, i);
            }
            if (crl.getRevokedCertificate(cert) != null) {
                report(VerifyCodes.CERT_REVOKED, i);
            }
        }
    }

    // ---- 5. signatures and validity, top down (OpenSSL internal_verify) ----

    private void internalVerify() throws VerificationFailure {
        int n = chain.size() - 1;
        X509Certificate top = chain.get(n);
        if (!X509Checks.isSelfSigned(top) && !isTrustedDepth(n) && n == 0) {
            report(VerifyCodes.UNABLE_TO_VERIFY_LEAF_SIGNATURE, 0);
        }
        for (int i = n; i >= 0; i--) {
            X509Certificate x = chain.get(i);
            if (i < n && !X509Checks.signedBy(x, chain.get(i + 1))) {
                report(VerifyCodes.CERT_SIGNATURE_FAILURE, i);
            }
            if (x.getNotBefore().after(now)) {
                report(VerifyCodes.CERT_NOT_YET_VALID, i);
            } else if (x.getNotAfter().before(now)) {
                report(VerifyCodes.CERT_HAS_EXPIRED, i);
            }
            ChainCallback cb = config.callback();
            if (cb != null && !cb.onCertificate(engine, x, VerifyCodes.OK, i, true)) {
                throw VerificationFailure.of(VerifyCodes.UNSPECIFIED, i, x, null);
            }
        }
    }

    // ---- 6. what only the JDK's PKIX checks (name constraints, critical extensions, policies) ----

    private void pkix() throws VerificationFailure {
        int n = chain.size() - 1;
        if (n == 0 || !isTrustedDepth(n)) {
            return;
        }
        try {
            CertPath path = Certificates.factory().generateCertPath(new ArrayList<>(chain.subList(0, n)));
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(chain.get(n), null)));
            params.setRevocationEnabled(false);
            params.setDate(now);
            CertPathValidator.getInstance("PKIX").validate(path, params);
        } catch (CertPathValidatorException e) {
            int depth = Math.max(0, Math.min(e.getIndex(), n));
            int code = codeFor(e.getReason());
            VerificationFailure f = VerificationFailure.of(code, depth, chain.get(depth), e);
            ChainCallback cb = config.callback();
            if (cb == null || !cb.onCertificate(engine, chain.get(depth), code, depth, false)) {
                throw f;
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // e.g. UnsupportedOperationException for an otherName constraint: unknown is never accepted
            throw VerificationFailure.of(VerifyCodes.UNSPECIFIED, 0, chain.get(0), e);
        }
    }

    static int codeFor(CertPathValidatorException.Reason reason) {
        if (reason instanceof BasicReason b) {
            return switch (b) {
                case EXPIRED -> VerifyCodes.CERT_HAS_EXPIRED;
                case NOT_YET_VALID -> VerifyCodes.CERT_NOT_YET_VALID;
                case REVOKED -> VerifyCodes.CERT_REVOKED;
                case INVALID_SIGNATURE -> VerifyCodes.CERT_SIGNATURE_FAILURE;
                case UNDETERMINED_REVOCATION_STATUS -> VerifyCodes.UNABLE_TO_GET_CRL;
                case ALGORITHM_CONSTRAINED -> 68; // "CA signature digest algorithm too weak"
                default -> VerifyCodes.UNSPECIFIED;
            };
        }
        if (reason instanceof PKIXReason p) {
            return switch (p) {
                case NAME_CHAINING, NO_TRUST_ANCHOR -> VerifyCodes.UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
                case INVALID_KEY_USAGE -> VerifyCodes.KEYUSAGE_NO_CERTSIGN;
                case INVALID_POLICY -> VerifyCodes.INVALID_POLICY_EXTENSION;
                case NOT_CA_CERT -> VerifyCodes.INVALID_CA;
                case PATH_TOO_LONG -> VerifyCodes.PATH_LENGTH_EXCEEDED;
                case UNRECOGNIZED_CRIT_EXT -> VerifyCodes.UNHANDLED_CRITICAL_EXTENSION;
                case INVALID_NAME -> VerifyCodes.PERMITTED_VIOLATION;
            };
        }
        return VerifyCodes.UNSPECIFIED;
    }

    // ---- reporting ----

    private void report(int code, int depth) throws VerificationFailure {
        report(code, depth, VerifyCodes.message(code));
    }

    private void report(int code, int depth, String message) throws VerificationFailure {
        X509Certificate cert = chain.get(depth);
        ChainCallback cb = config.callback();
        if (cb != null && cb.onCertificate(engine, cert, code, depth, false)) {
            overridden = true;
            return;
        }
        throw new VerificationFailure(code, message, depth, cert, null);
    }
}
