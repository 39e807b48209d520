package dev.tlskit.pki;

import dev.tlskit.TlsCredentialException;
import dev.tlskit.internal.CertificateDicts;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * A certificate as the seed's {@code getpeercert()} dictionary, without a handshake: what CPython's
 * {@code ssl._ssl._test_decode_cert(path)} returns and what {@link dev.tlskit.TlsConnection#getPeerCert()} and
 * {@link dev.tlskit.TlsContext#getCaCerts()} hand out.
 *
 * <h2>Shape</h2>
 * {@code subject} and {@code issuer}: lists of RDNs, each a list of {@code [longName, value]} pairs
 * ({@code commonName}, {@code organizationName}, {@code emailAddress}, ...); {@code version} (3); {@code serialNumber}
 * (upper-case hex of even length); {@code notBefore}/{@code notAfter} ({@code "Jul  7 14:23:16 2028 GMT"}, see
 * {@link CertTime}); {@code subjectAltName} as ordered {@code [type, value]} pairs ({@code DNS}, {@code email},
 * {@code URI}, {@code IP Address} with upper-case uncompressed IPv6, {@code DirName} with an RDN list,
 * {@code Registered ID}, {@code othername} as {@code "<unsupported>"}); and, when present, {@code OCSP},
 * {@code caIssuers} and {@code crlDistributionPoints} as lists of URIs. Embedded NULs are kept (CVE-2013-4238); a
 * malformed extension leaves its key out (CVE-2019-5010).
 *
 * <pre>{@code
 * Map<String, Object> d = CertificateDict.decode(Path.of("server.pem"));
 * List<?> sans = (List<?>) d.get("subjectAltName");      // [[DNS, localhost], [IP Address, 127.0.0.1]]
 * }</pre>
 */
public final class CertificateDict {
    private CertificateDict() {
    }

    /** The seed's dictionary for {@code cert}. */
    public static Map<String, Object> decode(X509Certificate cert) {
        return CertificateDicts.toDict(cert);
    }

    /**
     * Seed {@code _test_decode_cert(path)}: the dictionary of the first certificate in a PEM (or DER) file.
     *
     * @throws TlsCredentialException when the file cannot be read or holds no certificate
     */
    public static Map<String, Object> decode(Path certFile) throws TlsCredentialException {
        List<X509Certificate> certs = Certificates.read(certFile);
        return decode(certs.get(0));
    }
}
