package dev.tlskit.pki;

import dev.tlskit.TlsCredentialException;
import dev.tlskit.TlsCredentialException.Kind;
import dev.tlskit.internal.pem.Der;
import dev.tlskit.internal.pem.PemBlock;
import dev.tlskit.internal.pem.PemReader;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads X.509 certificates and CRLs from PEM or DER, the way OpenSSL's loaders read them for
 * {@code load_cert_chain}, {@code load_verify_locations(cafile=, cadata=)} and pyOpenSSL's
 * {@code use_certificate_file}.
 *
 * <h2>Formats</h2>
 * PEM bundles ({@code CERTIFICATE}, {@code X509 CERTIFICATE}, {@code TRUSTED CERTIFICATE}; other blocks such as keys
 * are skipped, and so is text between blocks), a single DER certificate, or several DER certificates back to back
 * (the seed's {@code cadata} bytes). CRLs: PEM {@code X509 CRL} blocks or DER.
 *
 * <h2>Errors</h2>
 * {@link TlsCredentialException} with {@link Kind#FILE_NOT_READABLE} (path in the message), {@link Kind#TRUNCATED}
 * (a PEM block that never ends), {@link Kind#MALFORMED} (names the source and block number) or
 * {@link Kind#NO_CERTIFICATE}.
 *
 * <pre>{@code
 * List<X509Certificate> chain = Certificates.read(Path.of("fullchain.pem"));
 * List<X509Certificate> cas = Certificates.fromPem(pemText, "cadata");
 * }</pre>
 */
public final class Certificates {
    private static final Set<String> CERT_TYPES = Set.of("CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE");
    private static final Set<String> CRL_TYPES = Set.of("X509 CRL");

    private Certificates() {
    }

    /** All certificates in a PEM bundle, or the DER certificate(s) if the file is not PEM. */
    public static List<X509Certificate> read(Path file) throws TlsCredentialException {
        byte[] data = CredentialFiles.read(file);
        String source = file.toString();
        if (PemReader.looksLikePem(data)) {
            return fromPem(new String(data, StandardCharsets.ISO_8859_1), source);
        }
        return fromDer(data, source);
    }

    /**
     * pyOpenSSL {@code use_certificate_file(file, filetype)}: certificates in the declared encoding only.
     *
     * @throws TlsCredentialException ({@code MALFORMED}) when the file is not in that encoding
     */
    public static List<X509Certificate> read(Path file, dev.tlskit.FileType type) throws TlsCredentialException {
        byte[] data = CredentialFiles.read(file);
        boolean pem = PemReader.looksLikePem(data);
        CredentialFiles.checkType(type, pem, file);
        return pem ? fromPem(new String(data, StandardCharsets.ISO_8859_1), file.toString()) : fromDer(data, file.toString());
    }

    /** All certificates in PEM text; at least one must be present. */
    public static List<X509Certificate> fromPem(String text, String sourceName) throws TlsCredentialException {
        Objects.requireNonNull(text, "text");
        List<X509Certificate> out = certificatesIn(PemReader.read(text, sourceName));
        if (out.isEmpty()) {
            throw new TlsCredentialException(Kind.NO_CERTIFICATE, sourceName,
                    "no start line: " + sourceName + " does not contain a certificate", null);
        }
        return out;
    }

    /** One DER certificate, or several concatenated; at least one must be present. */
    public static List<X509Certificate> fromDer(byte[] der, String sourceName) throws TlsCredentialException {
        Objects.requireNonNull(der, "der");
        if (der.length == 0) {
            throw new TlsCredentialException(Kind.NO_CERTIFICATE, sourceName, sourceName + " is empty: no certificate", null);
        }
        List<byte[]> parts;
        try {
            parts = Der.split(der);
        } catch (Der.DerException e) {
            throw new TlsCredentialException(Kind.MALFORMED, sourceName,
                    "not enough data: " + sourceName + " does not contain a certificate (neither PEM nor DER: "
                            + e.getMessage() + ")", e);
        }
        List<X509Certificate> out = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            out.add(parse(parts.get(i), sourceName + " (DER certificate " + (i + 1) + ")", sourceName));
        }
        return out;
    }

    /** The certificates among already-split PEM blocks (other block types are ignored). */
    static List<X509Certificate> certificatesIn(List<PemBlock> blocks) throws TlsCredentialException {
        List<X509Certificate> out = new ArrayList<>();
        for (PemBlock b : blocks) {
            if (CERT_TYPES.contains(b.type())) {
                out.add(parse(b.der(), b.where(), b.source()));
            }
        }
        return out;
    }

    /** The CRLs among already-split PEM blocks. */
    static List<X509CRL> crlsIn(List<PemBlock> blocks) throws TlsCredentialException {
        List<X509CRL> out = new ArrayList<>();
        for (PemBlock b : blocks) {
            if (CRL_TYPES.contains(b.type())) {
                out.add(parseCrl(b.der(), b.where(), b.source()));
            }
        }
        return out;
    }

    /** All CRLs in a PEM file ({@code X509 CRL} blocks) or a DER CRL file; at least one must be present. */
    public static List<X509CRL> readCrls(Path file) throws TlsCredentialException {
        byte[] data = CredentialFiles.read(file);
        String source = file.toString();
        if (PemReader.looksLikePem(data)) {
            List<X509CRL> out = crlsIn(PemReader.read(new String(data, StandardCharsets.ISO_8859_1), source));
            if (out.isEmpty()) {
                throw new TlsCredentialException(Kind.NO_CERTIFICATE, source, "no CRL found in " + source, null);
            }
            return out;
        }
        List<byte[]> parts;
        try {
            parts = Der.split(data);
        } catch (Der.DerException e) {
            throw new TlsCredentialException(Kind.MALFORMED, source, source + " is neither PEM nor DER: " + e.getMessage(), e);
        }
        List<X509CRL> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            out.add(parseCrl(parts.get(i), source + " (DER CRL " + (i + 1) + ")", source));
        }
        if (out.isEmpty()) {
            throw new TlsCredentialException(Kind.NO_CERTIFICATE, source, "no CRL found in " + source, null);
        }
        return out;
    }

    /**
     * A fresh, independent copy of {@code cert}, parsed again from its encoding. Used before hostname checks because
     * the JDK's PKIX name-constraint checker caches state inside the certificate object it validated.
     */
    public static X509Certificate copyOf(X509Certificate cert) {
        try {
            return (X509Certificate) factory().generateCertificate(new ByteArrayInputStream(cert.getEncoded()));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("certificate cannot be re-encoded: " + e.getMessage(), e);
        }
    }

    private static X509Certificate parse(byte[] der, String where, String source) throws TlsCredentialException {
        try {
            // TRUSTED CERTIFICATE blocks append OpenSSL trust settings after the certificate; keep the first element.
            byte[] first = Der.split(der).get(0);
            return (X509Certificate) factory().generateCertificate(new ByteArrayInputStream(first));
        } catch (Der.DerException | CertificateException | IndexOutOfBoundsException | ClassCastException e) {
            throw new TlsCredentialException(Kind.MALFORMED, source, where + " is not a valid X.509 certificate: " + e.getMessage(), e);
        }
    }

    private static X509CRL parseCrl(byte[] der, String where, String source) throws TlsCredentialException {
        try {
            return (X509CRL) factory().generateCRL(new ByteArrayInputStream(der));
        } catch (CRLException | CertificateException | ClassCastException e) {
            throw new TlsCredentialException(Kind.MALFORMED, source, where + " is not a valid X.509 CRL: " + e.getMessage(), e);
        }
    }

    static CertificateFactory factory() throws CertificateException {
        return CertificateFactory.getInstance("X.509");
    }
}
