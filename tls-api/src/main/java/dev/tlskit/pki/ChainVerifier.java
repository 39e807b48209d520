package dev.tlskit.pki;

import java.net.InetAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLEngine;

/**
 * One verification of a peer chain. {@link PathBuilder} offers candidate paths (trusted issuers first, backtracking
 * like webpki and Go); each is judged in OpenSSL's order ({@code X509_verify_cert} in OpenSSL 3.0): depth, CA flags,
 * purpose and path length, the WebPKI profile ({@link ProfileChecks}), name constraints ({@link NameConstraints}, the
 * anchor's included), the host name, revocation ({@link CrlChecks}), then signatures and validity from the top down.
 * The first path that passes is the verdict; if none does, the first path's first problem is (and when no path reaches
 * an anchor, the chain OpenSSL would have built, with its code 2/18/19/20). Each problem of the chosen path goes through
 * the {@link ChainCallback} if there is one, otherwise the first problem fails. The JDK's PKIX validator is not used:
 * it ignores an anchor's name constraints and rewrites the leaf's cached subjectAltNames.
 */
final class ChainVerifier {
    static final String EKU_SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    static final String EKU_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    /** The peer's role: a server's chain needs serverAuth, a client's needs clientAuth. */
    enum Peer { SERVER, CLIENT }

    private final TrustConfig config;
    private final SSLEngine engine;
    private final Date now;
    private List<X509Certificate> chain = new ArrayList<>();
    private int numUntrusted;
    private boolean useCallback;
    private PathBuilder paths;

    ChainVerifier(TrustConfig config, SSLEngine engine) {
        this.config = config;
        this.engine = engine;
        // whole seconds: certificate times have no fractions, and RFC 5280 compares at their granularity
        this.now = Date.from(config.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    /** Verifies; returns normally if accepted. {@code host} is a DNS name or IP literal, or null for no check. */
    void verify(X509Certificate[] peerChain, Peer peer, String host) throws VerificationFailure {
        List<X509Certificate> untrusted = new ArrayList<>();
        for (X509Certificate c : peerChain) {
            untrusted.add(Certificates.copyOf(c)); // never share objects with the caller or another validator
        }
        X509Certificate leaf = untrusted.get(0);
        chain = List.of(leaf);
        paths = new PathBuilder(config.trust(), untrusted.subList(1, untrusted.size()), config.partialChain());
        PathBuilder.Path[] firstPath = {null};
        VerificationFailure[] firstFailure = {null};
        PathBuilder.Path[] accepted = {null};
        paths.search(leaf, p -> {
            try {
                judge(p, peer, host, false);
                accepted[0] = p;
                return true;
            } catch (VerificationFailure f) {
                if (firstFailure[0] == null) {
                    firstFailure[0] = f;
                    firstPath[0] = p;
                }
                return false;
            }
        });
        PathBuilder.Path chosen = accepted[0] != null ? accepted[0] : firstPath[0];
        if (chosen == null) {
            chosen = paths.greedy(leaf);
        }
        if (config.callback() == null && accepted[0] != null) {
            setChain(chosen);
            return;
        }
        if (config.callback() == null && firstFailure[0] != null) {
            setChain(chosen);
            throw firstFailure[0];
        }
        judge(chosen, peer, host, config.callback() != null);
    }

    /** The chain judged last: the accepted path, or the one whose problem was reported. */
    List<X509Certificate> chain() {
        return List.copyOf(chain);
    }

    private void setChain(PathBuilder.Path p) {
        chain = p.certs();
        numUntrusted = p.firstTrusted();
    }

    /** Judges one candidate path in OpenSSL's order; throws the first problem not overridden by the callback. */
    private void judge(PathBuilder.Path p, Peer peer, String host, boolean callback) throws VerificationFailure {
        setChain(p);
        useCallback = callback;
        // OpenSSL checks the peer's own key first, before building anything (X509_verify_cert)
        if (!SecurityLevel.keyOk(chain.get(0).getPublicKey(), config.securityLevel())) {
            report(VerifyCodes.EE_KEY_TOO_SMALL, 0);
        }
        checkDepth(); // too long takes precedence over the other untrusted-chain verdicts, as in OpenSSL's build_chain
        if (p.buildError() != VerifyCodes.OK) {
            report(p.buildError(), p.buildErrorDepth());
        }
        checkExtensions(peer);
        checkAuthLevel();
        if (config.webPkiProfile()) {
            checkProfile();
        }
        checkNameConstraints();
        if (host != null) {
            checkHost(host);
        }
        if (config.crlCheck()) {
            CrlChecks.check(chain, config.crlCheckAll(), config.trust().crls(), now, paths, this::report);
        }
        internalVerify();
    }

    /** Whether the certificate at {@code depth} is part of the trusted top of the chain. */
    private boolean isTrustedDepth(int depth) {
        return depth >= numUntrusted && config.trust().contains(chain.get(depth));
    }

    // ---- 2. CA flags, purpose, path length (OpenSSL check_chain_extensions) ----

    private void checkExtensions(Peer peer) throws VerificationFailure {
        int plen = 0;
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate x = chain.get(i);
            String critical = ProfileChecks.unhandledCritical(x);
            if (critical != null) {
                report(VerifyCodes.UNHANDLED_CRITICAL_EXTENSION, i, VerifyCodes.message(VerifyCodes.UNHANDLED_CRITICAL_EXTENSION),
                        "critical extension " + critical);
            }
            if (i > 0) {
                // OpenSSL: X509_STRICT is implicit for intermediates (basicConstraints cA=TRUE); the top may be a v1 root
                boolean strictCa = config.strict() || i + 1 < chain.size();
                boolean ca = strictCa ? X509Checks.hasCaBasicConstraints(x) && X509Checks.isCa(x) : X509Checks.isCa(x);
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
            if (config.strict()) {
                int problem = X509Checks.strictProblem(x, i, chain.size());
                if (problem != 0) {
                    report(problem, i);
                }
            }
        }
    }

    /** OpenSSL's {@code check_auth_level}: CA keys, and every signature but the trust anchor's own. */
    private void checkAuthLevel() throws VerificationFailure {
        int level = config.securityLevel();
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate x = chain.get(i);
            if (i > 0 && !SecurityLevel.keyOk(x.getPublicKey(), level)) {
                report(VerifyCodes.CA_KEY_TOO_SMALL, i);
            }
            if (i < chain.size() - 1 && !SecurityLevel.signatureOk(x, level)) {
                report(VerifyCodes.CA_MD_TOO_WEAK, i);
            }
        }
    }

    /** {@link TrustConfig#verifyDepth()}: intermediates between the leaf and the anchor, self-issued ones not counted. */
    private void checkDepth() throws VerificationFailure {
        int limit = config.verifyDepth();
        if (limit < 0) { // UNLIMITED_DEPTH
            return;
        }
        boolean topTrusted = isTrustedDepth(chain.size() - 1);
        if (!topTrusted && chain.size() >= limit + 2) {
            // OpenSSL's build_chain stops at depth + 2 certificates; reaching that without a trust anchor is 22 at
            // the cut, before the untrusted-chain verdicts (18/19/20)
            report(VerifyCodes.CERT_CHAIN_TOO_LONG, limit + 1);
            return;
        }
        int last = topTrusted ? chain.size() - 2 : chain.size() - 1;
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

    // ---- 5. signatures and validity, top down (OpenSSL internal_verify) ----

    private void internalVerify() throws VerificationFailure {
        int n = chain.size() - 1;
        X509Certificate top = chain.get(n);
        if (!paths.selfSigned(top) && !isTrustedDepth(n) && n == 0) {
            report(VerifyCodes.UNABLE_TO_VERIFY_LEAF_SIGNATURE, 0);
        }
        for (int i = n; i >= 0; i--) {
            X509Certificate x = chain.get(i);
            if (i < n && !paths.signedBy(x, chain.get(i + 1))) {
                report(VerifyCodes.CERT_SIGNATURE_FAILURE, i);
            }
            if (x.getNotBefore().after(now)) {
                report(VerifyCodes.CERT_NOT_YET_VALID, i);
            } else if (x.getNotAfter().before(now)) {
                report(VerifyCodes.CERT_HAS_EXPIRED, i);
            }
            ChainCallback cb = config.callback();
            if (useCallback && cb != null && !cb.onCertificate(engine, x, VerifyCodes.OK, i, true)) {
                throw VerificationFailure.of(VerifyCodes.UNSPECIFIED, i, x, null);
            }
        }
    }

    // ---- profile and name constraints ----

    private void checkProfile() throws VerificationFailure {
        int top = chain.size() - 1;
        for (int i = 0; i <= top; i++) {
            ProfileChecks.Role role = i == 0 ? ProfileChecks.Role.LEAF
                    : isTrustedDepth(i) && i == top ? ProfileChecks.Role.ANCHOR : ProfileChecks.Role.INTERMEDIATE;
            // a leaf trusted as itself (a pinned self-signed certificate) may be a CA: only the common rules apply
            boolean pinned = i == 0 && top == 0 && isTrustedDepth(0);
            ProfileChecks.Problem problem = pinned ? ProfileChecks.checkPinned(chain.get(i))
                    : ProfileChecks.check(chain.get(i), role);
            if (problem != null) {
                report(problem.code(), i, VerifyCodes.message(problem.code()), problem.what());
            }
        }
    }

    private void checkNameConstraints() throws VerificationFailure {
        for (int i = 1; i < chain.size(); i++) {
            NameConstraints nc;
            try {
                nc = NameConstraints.of(chain.get(i));
            } catch (NameConstraints.Violation v) {
                report(v.code, i, VerifyCodes.message(v.code), v.getMessage());
                continue;
            }
            if (nc == null) {
                continue;
            }
            for (int j = i - 1; j >= 0; j--) {
                if (j > 0 && X509Checks.isSelfIssued(chain.get(j))) {
                    continue; // RFC 5280 6.1.4 (b): self-issued intermediates are not subject to constraints
                }
                try {
                    nc.check(chain.get(j), j == 0);
                } catch (NameConstraints.Violation v) {
                    report(v.code, j, VerifyCodes.message(v.code), v.getMessage());
                }
            }
        }
    }

    // ---- reporting ----

    private void report(int code, int depth) throws VerificationFailure {
        report(code, depth, VerifyCodes.message(code));
    }

    private void report(int code, int depth, String message) throws VerificationFailure {
        report(code, depth, message, null);
    }

    /** {@code detail}: what exactly is wrong, kept as the failure's cause (the verify message stays OpenSSL's). */
    private void report(int code, int depth, String message, String detail) throws VerificationFailure {
        X509Certificate cert = chain.get(depth);
        ChainCallback cb = config.callback();
        if (useCallback && cb != null && cb.onCertificate(engine, cert, code, depth, false)) {
            return;
        }
        throw new VerificationFailure(code, message, depth, cert,
                detail == null ? null : new java.security.cert.CertificateException(detail));
    }
}
