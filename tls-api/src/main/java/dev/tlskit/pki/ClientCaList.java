package dev.tlskit.pki;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/**
 * The CA names a TLS server sends when it asks for a client certificate (OpenSSL's client CA list): the
 * {@code certificate_authorities} of a TLS 1.2 CertificateRequest or of the TLS 1.3 extension. A client uses them to
 * pick a certificate; they are names only and say nothing about what the server trusts.
 *
 * <h2>Rules (OpenSSL's and pyOpenSSL's)</h2>
 * <ul>
 *   <li>Empty by default: a server sends no names unless given some, whatever it trusts.</li>
 *   <li>{@link #load(Path)} ({@code load_client_ca}) takes the subject of every certificate in a PEM file, each name
 *       once, and replaces the list; {@link #of(List)} ({@code set_client_ca_list}) replaces it with the names given;
 *       {@link #plus(X509Certificate)} ({@code add_client_ca}) appends the subject of one CA certificate.</li>
 * </ul>
 *
 * <pre>{@code
 * ClientCaList cas = ClientCaList.load(Path.of("client-cas.pem")).plus(extraCa);
 * cas.names();   // [CN=Client CA 1, CN=Client CA 2, CN=Extra CA]
 * }</pre>
 */
public final class ClientCaList {
    private static final ClientCaList EMPTY = new ClientCaList(List.of());

    private final List<X500Principal> names;

    private ClientCaList(List<X500Principal> names) {
        this.names = List.copyOf(names);
    }

    /** No names: OpenSSL's default. */
    public static ClientCaList empty() {
        return EMPTY;
    }

    /**
     * pyOpenSSL {@code load_client_ca(cafile)}: the subjects of the certificates in a PEM (or DER) file, duplicates
     * dropped, in file order.
     *
     * @throws dev.tlskit.TlsCredentialException when the file is missing, malformed or holds no certificate
     */
    public static ClientCaList load(Path cafile) throws dev.tlskit.TlsCredentialException {
        LinkedHashSet<X500Principal> out = new LinkedHashSet<>();
        for (X509Certificate c : Certificates.read(Objects.requireNonNull(cafile, "cafile"))) {
            out.add(c.getSubjectX500Principal());
        }
        return new ClientCaList(new ArrayList<>(out));
    }

    /** pyOpenSSL {@code set_client_ca_list(certificate_authorities)}: exactly these names, in this order. */
    public static ClientCaList of(List<X500Principal> names) {
        Objects.requireNonNull(names, "names");
        for (int i = 0; i < names.size(); i++) {
            Objects.requireNonNull(names.get(i), "client CA name at index " + i);
        }
        return names.isEmpty() ? EMPTY : new ClientCaList(names);
    }

    /** pyOpenSSL {@code add_client_ca(certificate_authority)}: this list with the CA's subject appended. */
    public ClientCaList plus(X509Certificate ca) {
        Objects.requireNonNull(ca, "certificate authority");
        List<X500Principal> out = new ArrayList<>(names);
        out.add(ca.getSubjectX500Principal());
        return new ClientCaList(out);
    }

    /** The names, in the order they are sent. */
    public List<X500Principal> names() {
        return names;
    }

    /** Whether no name is sent. */
    public boolean isEmpty() {
        return names.isEmpty();
    }

    /**
     * The names as {@code X509TrustManager.getAcceptedIssuers()} must return them: JSSE and Conscrypt both send the
     * subject of each returned certificate, so each name rides in a {@link NameOnlyCertificate}.
     */
    X509Certificate[] asAcceptedIssuers() {
        X509Certificate[] out = new X509Certificate[names.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new NameOnlyCertificate(names.get(i));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientCaList other && names.equals(other.names);
    }

    @Override
    public int hashCode() {
        return names.hashCode();
    }

    @Override
    public String toString() {
        return "ClientCaList" + names;
    }
}
