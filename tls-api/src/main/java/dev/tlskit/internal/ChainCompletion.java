package dev.tlskit.internal;

import dev.tlskit.TlsCredentialException;
import dev.tlskit.pki.Identity;
import dev.tlskit.pki.TrustSnapshot;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * <b>Not API.</b> OpenSSL's automatic chain building for the certificate a side sends: an identity loaded as a leaf
 * alone is completed with its issuers from the context's verify store ({@code load_verify_locations}), up to and
 * including the trust anchor, as {@code ssl_add_cert_chain} does when no chain was configured. An identity loaded
 * with any intermediates is sent exactly as loaded.
 */
final class ChainCompletion {
    private static final int MAX_LENGTH = 10;

    private ChainCompletion() {
    }

    static List<Identity> complete(List<Identity> identities, TrustSnapshot trust) {
        if (trust == null || trust.isEmpty()) {
            return identities;
        }
        List<Identity> out = new ArrayList<>(identities.size());
        for (Identity id : identities) {
            out.add(id.chain().size() == 1 ? complete(id, trust.certificates()) : id);
        }
        return out;
    }

    private static Identity complete(Identity id, List<X509Certificate> store) {
        List<X509Certificate> chain = new ArrayList<>(id.chain());
        while (chain.size() < MAX_LENGTH) {
            X509Certificate last = chain.get(chain.size() - 1);
            if (last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
                break; // self-issued: the anchor is in
            }
            X509Certificate issuer = issuerOf(last, store, chain);
            if (issuer == null) {
                break;
            }
            chain.add(issuer);
        }
        if (chain.size() == 1) {
            return id;
        }
        try {
            return Identity.of(id.key(), chain);
        } catch (TlsCredentialException e) {
            return id; // cannot happen: the leaf and key are unchanged
        }
    }

    private static X509Certificate issuerOf(X509Certificate cert, List<X509Certificate> store, List<X509Certificate> chain) {
        for (X509Certificate c : store) {
            if (!chain.contains(c) && c.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                try {
                    cert.verify(c.getPublicKey());
                    return c;
                } catch (java.security.GeneralSecurityException e) {
                    // same name, other key: keep looking
                }
            }
        }
        return null;
    }
}
