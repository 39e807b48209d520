package dev.tlskit.pki;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.security.auth.x500.X500Principal;

/**
 * An immutable view of a {@link TrustStore} at one moment: the trusted certificates (from CA files, CA data, CA
 * directories and the system) and the CRLs. {@link TrustStore#snapshot()} caches it until the store changes, so taking
 * one per connection costs nothing.
 *
 * <pre>{@code
 * TrustSnapshot trust = store.snapshot();
 * TlsTrustManager tm = new TlsTrustManager(TrustConfig.builder(trust).build());
 * }</pre>
 */
public final class TrustSnapshot {
    private static final TrustSnapshot EMPTY = new TrustSnapshot(List.of(), List.of(), List.of(), c -> { });

    private final List<X509Certificate> loaded;
    private final List<X509Certificate> all;
    private final Set<X509Certificate> lazy;
    private final List<X509CRL> crls;
    private final Map<X500Principal, List<X509Certificate>> bySubject;
    private final Consumer<X509Certificate> onLazyUse;

    TrustSnapshot(Collection<X509Certificate> loaded, Collection<X509Certificate> lazy, Collection<X509CRL> crls,
                  Consumer<X509Certificate> onLazyUse) {
        this.loaded = List.copyOf(loaded);
        List<X509Certificate> a = new ArrayList<>(loaded);
        Set<X509Certificate> seen = new HashSet<>(loaded);
        Set<X509Certificate> lz = new HashSet<>();
        for (X509Certificate c : lazy) {
            if (seen.add(c)) {
                a.add(c);
                lz.add(c);
            }
        }
        this.all = List.copyOf(a);
        this.lazy = Set.copyOf(lz);
        this.crls = List.copyOf(crls);
        Map<X500Principal, List<X509Certificate>> m = new HashMap<>();
        for (X509Certificate c : all) {
            m.computeIfAbsent(c.getSubjectX500Principal(), k -> new ArrayList<>()).add(c);
        }
        m.replaceAll((k, v) -> List.copyOf(v));
        this.bySubject = Map.copyOf(m);
        this.onLazyUse = onLazyUse;
    }

    /** A snapshot of exactly these certificates and CRLs, not tied to any store. */
    public static TrustSnapshot of(Collection<X509Certificate> certificates, Collection<X509CRL> crls) {
        return new TrustSnapshot(certificates, List.of(), crls, c -> { });
    }

    /** A snapshot that trusts nothing. */
    public static TrustSnapshot empty() {
        return EMPTY;
    }

    /** Every trusted certificate, CA-directory ones included. */
    public List<X509Certificate> certificates() {
        return all;
    }

    public List<X509CRL> crls() {
        return crls;
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }

    /** Whether exactly this certificate (same encoding) is trusted. */
    public boolean contains(X509Certificate cert) {
        List<X509Certificate> same = bySubject.get(cert.getSubjectX500Principal());
        return same != null && same.contains(cert);
    }

    /** Trusted certificates whose subject is {@code issuer} (candidates, signatures not yet checked). */
    List<X509Certificate> bySubject(X500Principal issuer) {
        return bySubject.getOrDefault(issuer, List.of());
    }

    /** Reports that a verification used this certificate (so a CA-directory certificate now counts as loaded). */
    void markUsed(X509Certificate cert) {
        if (lazy.contains(cert)) {
            onLazyUse.accept(cert);
        }
    }

    List<X509Certificate> loaded() {
        return loaded;
    }

    @Override
    public String toString() {
        return "TrustSnapshot(" + all.size() + " certificates, " + crls.size() + " CRLs)";
    }
}
