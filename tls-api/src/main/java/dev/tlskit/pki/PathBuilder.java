package dev.tlskit.pki;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Finds certification paths from a leaf to a trust anchor, the way webpki and Go do: depth first, trusted issuers
 * before untrusted ones (OpenSSL's {@code X509_V_FLAG_TRUSTED_FIRST}), issuers whose subjectKeyIdentifier matches the
 * child's authorityKeyIdentifier first, backtracking when a path turns out bad, with a budget so a hostile certificate
 * pool cannot make it run forever. The caller judges each complete path (signatures last, through
 * {@link #signedBy}'s cache, so a path refused for a cheaper reason costs no public-key operation); the first one it
 * accepts ends the search.
 *
 * <p>When no path reaches an anchor, {@link #greedy} builds the one chain OpenSSL would have built and says why it
 * stopped (20, 2, 18 or 19), so error codes stay OpenSSL's.
 */
final class PathBuilder {
    static final int MAX_CHAIN = 100;
    /** Most signature verifications one search may cost (webpki allows 100). */
    static final int MAX_SIGNATURES = 200;
    /** Most complete paths one search may offer the caller. */
    static final int MAX_PATHS = 32;
    /** Most path extensions one search may try, dead ends included (cross-signed meshes grow exponentially). */
    static final int MAX_STEPS = 2000;

    /** A candidate chain, leaf first; certificates from {@code firstTrusted} up come from the trust store. */
    record Path(List<X509Certificate> certs, int firstTrusted, int buildError, int buildErrorDepth) {
        boolean topTrusted() {
            return firstTrusted < certs.size();
        }
    }

    private final TrustSnapshot trust;
    private final List<X509Certificate> pool;
    private final boolean partialChain;
    private final Map<X509Certificate, Map<X509Certificate, Boolean>> signatures = new IdentityHashMap<>();
    private int signatureBudget = MAX_SIGNATURES;
    private int pathBudget = MAX_PATHS;
    private int stepBudget = MAX_STEPS;

    PathBuilder(TrustSnapshot trust, List<X509Certificate> untrusted, boolean partialChain) {
        this.trust = trust;
        this.pool = untrusted;
        this.partialChain = partialChain;
    }

    /** Whether {@code issuer}'s key verifies {@code cert}'s signature (cached, counted against the budget). */
    boolean signedBy(X509Certificate cert, X509Certificate issuer) {
        Map<X509Certificate, Boolean> m = signatures.computeIfAbsent(cert, k -> new IdentityHashMap<>());
        Boolean ok = m.get(issuer);
        if (ok == null) {
            signatureBudget--;
            try {
                cert.verify(issuer.getPublicKey());
                ok = true;
            } catch (GeneralSecurityException | RuntimeException e) {
                ok = false;
            }
            m.put(issuer, ok);
        }
        return ok;
    }

    boolean selfSigned(X509Certificate c) {
        return X509Checks.isSelfIssued(c) && signedBy(c, c);
    }

    /** Offers each complete path to {@code judge} until it returns true; whether one was accepted. */
    boolean search(X509Certificate leaf, Predicate<Path> judge) {
        List<X509Certificate> path = new ArrayList<>();
        path.add(leaf);
        return dfs(path, trust.contains(leaf) ? 0 : -1, judge);
    }

    private boolean dfs(List<X509Certificate> path, int firstTrusted, Predicate<Path> judge) {
        if (stepBudget-- <= 0) {
            return false;
        }
        X509Certificate cur = path.get(path.size() - 1);
        boolean trusted = firstTrusted >= 0;
        if (trusted && (partialChain || selfSigned(cur))) {
            if (pathBudget-- <= 0) {
                return false;
            }
            trust.markUsed(cur);
            return judge.test(new Path(List.copyOf(path), firstTrusted, VerifyCodes.OK, -1));
        }
        if ((!trusted && selfSigned(cur)) || path.size() >= MAX_CHAIN) {
            return false;
        }
        List<X509Certificate> candidates = new ArrayList<>(trust.bySubject(cur.getIssuerX500Principal()));
        if (!trusted) {
            for (X509Certificate c : pool) {
                if (c.getSubjectX500Principal().equals(cur.getIssuerX500Principal()) && !candidates.contains(c)) {
                    candidates.add(c);
                }
            }
        }
        byte[] aki = authorityKeyId(cur);
        if (aki != null) {
            // stable: trusted issuers stay ahead of untrusted ones, key-identifier matches move first within each
            int trustedCount = trust.bySubject(cur.getIssuerX500Principal()).size();
            sortByKeyId(candidates.subList(0, trustedCount), aki);
            sortByKeyId(candidates.subList(trustedCount, candidates.size()), aki);
        }
        for (X509Certificate c : candidates) {
            if (signatureBudget <= 0 || pathBudget <= 0 || stepBudget <= 0) {
                return false;
            }
            if (inPath(path, c)) {
                continue;
            }
            // OpenSSL's X509_check_issued: a same-name CA whose key identifier contradicts the AKI is no issuer,
            // unless its key really signed the certificate (webpki ignores identifiers, so keep that case)
            if (!keyIdAllows(aki, c) && !signedBy(cur, c)) {
                continue;
            }
            path.add(c);
            int ft = firstTrusted >= 0 ? firstTrusted : trust.contains(c) ? path.size() - 1 : -1;
            if (dfs(path, ft, judge)) {
                return true;
            }
            path.remove(path.size() - 1);
        }
        return false;
    }

    /**
     * OpenSSL's {@code X509_check_issued} key-identifier test: a candidate whose subject key identifier differs from
     * the certificate's authority key identifier ({@code aki}, null when absent) is not its issuer.
     */
    private static boolean keyIdAllows(byte[] aki, X509Certificate candidate) {
        if (aki == null) {
            return true;
        }
        byte[] ski = subjectKeyId(candidate);
        return ski == null || Arrays.equals(aki, ski);
    }

    private static void sortByKeyId(List<X509Certificate> list, byte[] aki) {
        list.sort(java.util.Comparator.comparingInt(c -> Arrays.equals(subjectKeyId(c), aki) ? 0 : 1));
    }

    private static byte[] authorityKeyId(X509Certificate c) {
        try {
            byte[] v = Der.extension(c, ProfileChecks.AKI);
            if (v != null) {
                for (Der.Tlv t : Der.single(v).children()) {
                    if (t.contextNumber() == 0) {
                        return t.content();
                    }
                }
            }
        } catch (Der.Malformed e) {
            // no usable key identifier: order by name only
        }
        return null;
    }

    private static byte[] subjectKeyId(X509Certificate c) {
        try {
            return ProfileChecks.subjectKeyId(c);
        } catch (Der.Malformed e) {
            return null;
        }
    }

    /** A certificate with the same subject and key is already on the path: following it would loop. */
    private static boolean inPath(List<X509Certificate> path, X509Certificate c) {
        for (X509Certificate p : path) {
            if (p.equals(c) || (p.getSubjectX500Principal().equals(c.getSubjectX500Principal())
                    && Arrays.equals(p.getPublicKey().getEncoded(), c.getPublicKey().getEncoded()))) {
                return true;
            }
        }
        return false;
    }

    /** OpenSSL's {@code build_chain}: one chain, trusted issuers first, matching by name, and why it stopped. */
    Path greedy(X509Certificate leaf) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        int firstTrusted = trust.contains(leaf) ? 0 : -1;
        List<X509Certificate> rest = new ArrayList<>(pool);
        while (chain.size() < MAX_CHAIN) {
            X509Certificate cur = chain.get(chain.size() - 1);
            if (selfSigned(cur) || (firstTrusted >= 0 && partialChain)) {
                break;
            }
            X509Certificate issuer = findIssuer(cur, trust.bySubject(cur.getIssuerX500Principal()), chain);
            if (issuer != null) {
                trust.markUsed(issuer);
                chain.add(issuer);
                if (firstTrusted < 0) {
                    firstTrusted = chain.size() - 1;
                }
                continue;
            }
            if (firstTrusted >= 0) {
                break;
            }
            issuer = findIssuer(cur, rest, chain);
            if (issuer == null) {
                break;
            }
            rest.remove(issuer);
            chain.add(issuer);
            if (trust.contains(issuer)) {
                firstTrusted = chain.size() - 1;
            }
        }
        int top = chain.size() - 1;
        X509Certificate topCert = chain.get(top);
        int error;
        if (firstTrusted >= 0) {
            error = selfSigned(topCert) || partialChain ? VerifyCodes.OK : VerifyCodes.UNABLE_TO_GET_ISSUER_CERT;
        } else if (selfSigned(topCert)) {
            error = top == 0 ? VerifyCodes.DEPTH_ZERO_SELF_SIGNED_CERT : VerifyCodes.SELF_SIGNED_CERT_IN_CHAIN;
        } else {
            error = VerifyCodes.UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
        }
        return new Path(List.copyOf(chain), firstTrusted < 0 ? chain.size() : firstTrusted, error, top);
    }

    private X509Certificate findIssuer(X509Certificate cert, List<X509Certificate> candidates,
                                       List<X509Certificate> chain) {
        X509Certificate nameOnly = null;
        byte[] aki = authorityKeyId(cert);
        for (X509Certificate c : candidates) {
            if (!c.getSubjectX500Principal().equals(cert.getIssuerX500Principal()) || chain.contains(c)) {
                continue;
            }
            if (signedBy(cert, c)) {
                return c;
            }
            if (nameOnly == null && keyIdAllows(aki, c)) {
                nameOnly = c;
            }
        }
        return nameOnly; // OpenSSL matches by name (and key identifier); a bad signature is then reported as 7
    }
}
