package dev.tlskit.pki;

import dev.tlskit.TlsCredentialException;
import dev.tlskit.TlsCredentialException.Kind;
import dev.tlskit.internal.pem.Der;
import dev.tlskit.internal.pem.PemBlock;
import dev.tlskit.internal.pem.PemReader;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The trusted CA certificates and CRLs of one context: the seed's {@code load_verify_locations},
 * {@code load_default_certs}/{@code set_default_verify_paths}, {@code get_ca_certs} and {@code cert_store_stats}.
 * Thread-safe; mutable; each connection takes an immutable {@link #snapshot()}.
 *
 * <h2>Semantics (as OpenSSL's {@code X509_STORE})</h2>
 * <ul>
 *   <li>The same certificate or CRL added twice is stored once.</li>
 *   <li>A CA file may hold certificates and {@code X509 CRL} blocks; text between PEM blocks is ignored; a file with
 *       neither gives {@link Kind#NO_CERTIFICATE} ("no certificate or crl found").</li>
 *   <li>CA directories ({@code capath}): every regular file is tried — OpenSSL's hashed names {@code xxxxxxxx.N}
 *       (certificates) and {@code xxxxxxxx.rN} (CRLs), and plain PEM/DER files; unreadable or non-certificate files
 *       are skipped, and a missing directory is accepted, as OpenSSL does. Their certificates are trusted but, like
 *       OpenSSL's lazily loaded ones, appear in {@link #caCertificates()} and {@link #stats()} only after a
 *       verification has used them.</li>
 *   <li>{@link #caCertificates()} lists only CA certificates ({@code X509_check_ca}), as CPython's
 *       {@code get_ca_certs} does; {@link #stats()} counts all ({@code x509}), CAs ({@code x509_ca}) and CRLs.</li>
 * </ul>
 *
 * <pre>{@code
 * TrustStore trust = new TrustStore();
 * trust.addCaFile(Path.of("ca.pem"));
 * trust.addCaPath(Path.of("/etc/ssl/certs"));
 * Map<String, Integer> stats = trust.stats();   // {x509=2, x509_ca=1, crl=0}
 * }</pre>
 */
public final class TrustStore {
    private static final Pattern HASHED_CRL = Pattern.compile("[0-9a-fA-F]{8}\\.r[0-9]+");

    private final Object lock = new Object();
    private final Set<X509Certificate> certs = new LinkedHashSet<>();
    private final Set<X509CRL> crls = new LinkedHashSet<>();
    private final Set<X509Certificate> dirCerts = new LinkedHashSet<>();
    private final Set<X509CRL> dirCrls = new LinkedHashSet<>();
    private volatile TrustSnapshot snapshot;

    public TrustStore() {
    }

    /**
     * The seed's {@code load_verify_locations(cafile, capath, cadata)}: each argument that is not {@code null};
     * {@code cadata} is PEM text ({@code String}) or DER bytes ({@code byte[]}).
     *
     * @throws IllegalArgumentException when all three are {@code null}
     */
    public void addLocations(Path cafile, Path capath, Object cadata) throws TlsCredentialException {
        if (cafile == null && capath == null && cadata == null) {
            throw new IllegalArgumentException("cafile, capath and cadata cannot be all omitted");
        }
        if (cafile != null) {
            addCaFile(cafile);
        }
        if (capath != null) {
            addCaPath(capath);
        }
        if (cadata instanceof String pem) {
            addCaData(pem);
        } else if (cadata instanceof byte[] der) {
            addCaData(der);
        }
    }

    /** Adds the certificates and CRLs in a PEM bundle (or one DER certificate or CRL): the seed's {@code cafile}. */
    public void addCaFile(Path cafile) throws TlsCredentialException {
        byte[] data = CredentialFiles.read(cafile);
        String source = cafile.toString();
        List<X509Certificate> newCerts = new ArrayList<>();
        List<X509CRL> newCrls = new ArrayList<>();
        readEither(data, source, newCerts, newCrls);
        if (newCerts.isEmpty() && newCrls.isEmpty()) {
            throw new TlsCredentialException(Kind.NO_CERTIFICATE, source, "no certificate or crl found in " + source, null);
        }
        add(newCerts, newCrls);
    }

    /** Adds a CA directory (the seed's {@code capath}); see the class documentation. */
    public void addCaPath(Path capath) {
        Objects.requireNonNull(capath, "capath");
        List<X509Certificate> newCerts = new ArrayList<>();
        List<X509CRL> newCrls = new ArrayList<>();
        if (Files.isDirectory(capath)) {
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(capath)) {
                List<Path> files = new ArrayList<>();
                dir.forEach(files::add);
                files.sort(null);
                for (Path f : files) {
                    if (!Files.isRegularFile(f)) {
                        continue;
                    }
                    try {
                        byte[] data = Files.readAllBytes(f);
                        List<X509Certificate> c = new ArrayList<>();
                        List<X509CRL> r = new ArrayList<>();
                        readEither(data, f.toString(), c, r);
                        newCerts.addAll(c);
                        if (HASHED_CRL.matcher(f.getFileName().toString()).matches() || c.isEmpty()) {
                            newCrls.addAll(r);
                        }
                    } catch (IOException | RuntimeException e) {
                        // OpenSSL's by_dir lookup skips files it cannot read or parse.
                    }
                }
            } catch (IOException e) {
                // An unreadable directory contributes nothing, as with OpenSSL.
            }
        }
        synchronized (lock) {
            dirCerts.addAll(newCerts);
            dirCrls.addAll(newCrls);
            snapshot = null;
        }
    }

    /** Adds PEM certificates (the seed's {@code cadata} as a string); at least one certificate must be present. */
    public void addCaData(String pem) throws TlsCredentialException {
        add(Certificates.fromPem(pem, "cadata"), List.of());
    }

    /** Adds DER certificates, one or several concatenated (the seed's {@code cadata} as bytes). */
    public void addCaData(byte[] der) throws TlsCredentialException {
        add(Certificates.fromDer(der, "cadata"), List.of());
    }

    /** Adds certificates already in memory. */
    public void addCertificates(Collection<X509Certificate> certificates) {
        add(List.copyOf(certificates), List.of());
    }

    /** Adds the CRLs in a PEM or DER file. */
    public void addCrls(Path file) throws TlsCredentialException {
        add(List.of(), Certificates.readCrls(file));
    }

    /** Adds CRLs already in memory. */
    public void addCrls(Collection<X509CRL> list) {
        add(List.of(), List.copyOf(list));
    }

    /** Adds the JDK's default trusted CAs ({@code cacerts}, or {@code javax.net.ssl.trustStore} if set). */
    public void addJdkDefaults() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init((KeyStore) null);
            List<X509Certificate> found = new ArrayList<>();
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    found.addAll(List.of(x.getAcceptedIssuers()));
                }
            }
            add(found, List.of());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's default trust store cannot be read: " + e, e);
        }
    }

    /**
     * The seed's {@code set_default_verify_paths}, as OpenSSL's {@code X509_STORE_set_default_paths}: each variable
     * replaces its own default. The CA file is {@code SSL_CERT_FILE}, else the JDK's CAs ({@link #addJdkDefaults()},
     * standing in for OpenSSL's {@code cert.pem}); the CA directory is {@code SSL_CERT_DIR} (a path-separator list,
     * loaded lazily like {@link #addCaPath}), else none. Missing or unreadable locations are silently ignored.
     *
     * <pre>{@code
     * // SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt java ...
     * store.setDefaultVerifyPaths();   // that bundle instead of cacerts
     * }</pre>
     */
    public void setDefaultVerifyPaths() {
        setDefaultVerifyPaths(System.getenv());
    }

    void setDefaultVerifyPaths(Map<String, String> env) {
        String file = env.get("SSL_CERT_FILE");
        String dir = env.get("SSL_CERT_DIR");
        if (file == null) {
            addJdkDefaults();
        } else if (!file.isEmpty()) {
            try {
                addCaFile(Path.of(file));
            } catch (TlsCredentialException | RuntimeException e) {
                // OpenSSL: "no error is returned if no certificates are to be found"
            }
        }
        if (dir != null) {
            for (String d : dir.split(Pattern.quote(File.pathSeparator))) {
                if (!d.isEmpty()) {
                    addCaPath(Path.of(d));
                }
            }
        }
    }

    /** The loaded CA certificates (the seed's {@code get_ca_certs}): CA directory ones only once used. */
    public List<X509Certificate> caCertificates() {
        synchronized (lock) {
            return certs.stream().filter(X509Checks::isCa).toList();
        }
    }

    /** The seed's {@code cert_store_stats()}: {@code {"x509": n, "x509_ca": n, "crl": n}}. */
    public Map<String, Integer> stats() {
        synchronized (lock) {
            Map<String, Integer> m = new LinkedHashMap<>();
            m.put("x509", certs.size());
            m.put("x509_ca", (int) certs.stream().filter(X509Checks::isCa).count());
            m.put("crl", crls.size());
            return Map.copyOf(m);
        }
    }

    /** An immutable view for one connection; cached until the store changes. */
    public TrustSnapshot snapshot() {
        TrustSnapshot s = snapshot;
        if (s != null) {
            return s;
        }
        synchronized (lock) {
            if (snapshot == null) {
                List<X509CRL> allCrls = new ArrayList<>(crls);
                dirCrls.stream().filter(c -> !crls.contains(c)).forEach(allCrls::add);
                snapshot = new TrustSnapshot(certs, dirCerts, allCrls, this::promote);
            }
            return snapshot;
        }
    }

    /** A CA-directory certificate was used by a verification: it now counts as loaded (OpenSSL caches it). */
    private void promote(X509Certificate cert) {
        synchronized (lock) {
            if (certs.add(cert)) {
                snapshot = null;
            }
        }
    }

    private void add(List<X509Certificate> newCerts, List<X509CRL> newCrls) {
        synchronized (lock) {
            boolean changed = certs.addAll(newCerts);
            changed |= crls.addAll(newCrls);
            if (changed) {
                snapshot = null;
            }
        }
    }

    private static void readEither(byte[] data, String source, List<X509Certificate> outCerts, List<X509CRL> outCrls)
            throws TlsCredentialException {
        if (PemReader.looksLikePem(data)) {
            List<PemBlock> blocks = PemReader.read(new String(data, StandardCharsets.ISO_8859_1), source);
            outCerts.addAll(Certificates.certificatesIn(blocks));
            outCrls.addAll(Certificates.crlsIn(blocks));
            return;
        }
        try {
            outCerts.addAll(Certificates.fromDer(data, source));
        } catch (TlsCredentialException certError) {
            try {
                Der.split(data);
            } catch (Der.DerException e) {
                throw certError;
            }
            // Not a certificate: maybe a DER CRL (OpenSSL's X509_load_cert_crl_file tries both).
            try {
                outCrls.addAll(crlsFromDer(data, source));
            } catch (TlsCredentialException crlError) {
                throw certError;
            }
        }
    }

    private static List<X509CRL> crlsFromDer(byte[] data, String source) throws TlsCredentialException {
        try {
            List<X509CRL> out = new ArrayList<>();
            for (byte[] one : Der.split(data)) {
                out.add((X509CRL) Certificates.factory().generateCRL(new java.io.ByteArrayInputStream(one)));
            }
            return out;
        } catch (Der.DerException | GeneralSecurityException | ClassCastException e) {
            throw new TlsCredentialException(Kind.MALFORMED, source, source + " is not a DER CRL: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "TrustStore" + stats();
    }
}
