package dev.tlskit.internal;

import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import dev.tlskit.internal.pem.Der;
import dev.tlskit.internal.pem.Der.DerException;
import dev.tlskit.internal.pem.Der.Element;

/**
 * The seed's {@code getpeercert()} / {@code get_ca_certs()} dictionary for a certificate: {@code subject} and
 * {@code issuer} as lists of RDNs of {@code [name, value]} pairs with OpenSSL's long attribute names, {@code version},
 * {@code serialNumber} (upper-case hex), {@code notBefore}/{@code notAfter} in OpenSSL's
 * {@code "Mar  1 00:00:00 2030 GMT"} format, {@code subjectAltName} as {@code [type, value]} pairs, and
 * {@code crlDistributionPoints} (URIs) when present.
 */
public final class CertificateDicts {
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("2.5.4.3", "commonName"), Map.entry("2.5.4.6", "countryName"),
            Map.entry("2.5.4.7", "localityName"), Map.entry("2.5.4.8", "stateOrProvinceName"),
            Map.entry("2.5.4.9", "streetAddress"), Map.entry("2.5.4.10", "organizationName"),
            Map.entry("2.5.4.11", "organizationalUnitName"), Map.entry("2.5.4.5", "serialNumber"),
            Map.entry("2.5.4.4", "surname"), Map.entry("2.5.4.42", "givenName"), Map.entry("2.5.4.12", "title"),
            Map.entry("2.5.4.17", "postalCode"), Map.entry("2.5.4.46", "dnQualifier"),
            Map.entry("2.5.4.65", "pseudonym"), Map.entry("1.2.840.113549.1.9.1", "emailAddress"),
            Map.entry("0.9.2342.19200300.100.1.25", "domainComponent"),
            Map.entry("0.9.2342.19200300.100.1.1", "userId"),
            Map.entry("1.3.6.1.4.1.311.60.2.1.3", "jurisdictionCountryName"),
            Map.entry("2.5.4.15", "businessCategory"));
    private static final DateTimeFormatter OPENSSL_TIME =
            DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private CertificateDicts() {
    }

    /** The seed's dictionary shape for {@code cert}. */
    public static Map<String, Object> toDict(X509Certificate cert) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("subject", name(cert.getSubjectX500Principal()));
        d.put("issuer", name(cert.getIssuerX500Principal()));
        d.put("version", cert.getVersion());
        d.put("serialNumber", serial(cert.getSerialNumber()));
        d.put("notBefore", OPENSSL_TIME.format(cert.getNotBefore().toInstant()));
        d.put("notAfter", OPENSSL_TIME.format(cert.getNotAfter().toInstant()));
        List<List<Object>> san = subjectAltNames(cert);
        if (!san.isEmpty()) {
            d.put("subjectAltName", san);
        }
        putUris(d, "OCSP", accessLocations(cert, "1.3.6.1.5.5.7.48.1"));
        putUris(d, "caIssuers", accessLocations(cert, "1.3.6.1.5.5.7.48.2"));
        putUris(d, "crlDistributionPoints", crlDistributionPoints(cert));
        return d;
    }

    /** {@link #toDict} of each certificate, in order. */
    public static List<Map<String, Object>> toDicts(List<X509Certificate> certs) {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (X509Certificate c : certs) {
            out.add(toDict(c));
        }
        return out;
    }

    /** {@link #der} of each certificate, in order. */
    public static List<byte[]> ders(List<X509Certificate> certs) {
        List<byte[]> out = new java.util.ArrayList<>();
        for (X509Certificate c : certs) {
            out.add(der(c));
        }
        return out;
    }

    /** DER bytes of {@code cert}. */
    public static byte[] der(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    /** The RDNs of a name in certificate order, each a list of {@code [longName, value]} pairs. */
    public static List<List<List<String>>> name(X500Principal principal) {
        List<List<List<String>>> rdns = new ArrayList<>();
        try {
            LdapName ldap = new LdapName(principal.getName(X500Principal.RFC2253, NAMES));
            for (Rdn rdn : ldap.getRdns()) { // LdapName lists RDNs in certificate (DER) order
                List<List<String>> pairs = new ArrayList<>();
                var attrs = rdn.toAttributes().getAll();
                while (attrs.hasMore()) {
                    var attr = attrs.next();
                    Object v = attr.get();
                    pairs.add(List.of(attr.getID(), v instanceof byte[] b ? hex(b) : String.valueOf(v)));
                }
                rdns.add(pairs);
            }
        } catch (javax.naming.NamingException e) {
            rdns.add(List.of(List.of("name", principal.getName())));
        }
        return rdns;
    }

    /** The first {@code commonName} of a name, or the whole RFC 2253 text if it has none. */
    public static String commonName(X500Principal principal) {
        for (List<List<String>> rdn : name(principal)) {
            for (List<String> pair : rdn) {
                if (pair.get(0).equals("commonName")) {
                    return pair.get(1);
                }
            }
        }
        return principal.getName(X500Principal.RFC2253);
    }

    private static void putUris(Map<String, Object> d, String key, List<String> uris) {
        if (!uris.isEmpty()) {
            d.put(key, uris);
        }
    }

    /** The inner value of extension {@code oid}, or {@code null} when absent. */
    private static Element extension(X509Certificate cert, String oid) throws DerException {
        byte[] wrapped = cert.getExtensionValue(oid);
        return wrapped == null ? null : Der.parse(Der.parse(wrapped).octets());
    }

    /**
     * The {@code subjectAltName} entries in certificate order, read from the DER itself so that embedded NULs survive
     * (the JDK's parser refuses such names, CVE-2013-4238): {@code [type, value]} with the seed's type names.
     */
    private static List<List<Object>> subjectAltNames(X509Certificate cert) {
        List<List<Object>> out = new ArrayList<>();
        try {
            Element san = extension(cert, "2.5.29.17");
            if (san == null) {
                return out;
            }
            for (Element g : san.children()) {
                out.add(generalName(g));
            }
        } catch (DerException | RuntimeException e) {
            out.clear(); // a malformed extension is left out, as the seed's decoder does
        }
        return out;
    }

    private static List<Object> generalName(Element g) throws DerException {
        byte[] c = g.content();
        return switch (g.tag() & 0x1F) {
            case 0 -> List.of("othername", "<unsupported>");
            case 1 -> List.of("email", latin1(c));
            case 2 -> List.of("DNS", latin1(c));
            case 3 -> List.of("X400Name", "<unsupported>");
            case 4 -> List.of("DirName", name(new X500Principal(Der.parse(c).encoded())));
            case 5 -> List.of("EdiPartyName", "<unsupported>");
            case 6 -> List.of("URI", latin1(c));
            case 7 -> List.of("IP Address", ipBytes(c));
            case 8 -> List.of("Registered ID", Der.parse(Der.tlv(Der.OID, c)).oid());
            default -> List.of("type" + (g.tag() & 0x1F), "<unsupported>");
        };
    }

    /** URIs of the authorityInfoAccess entries whose accessMethod is {@code method} (OCSP or caIssuers). */
    private static List<String> accessLocations(X509Certificate cert, String method) {
        List<String> out = new ArrayList<>();
        try {
            Element aia = extension(cert, "1.3.6.1.5.5.7.1.1");
            if (aia != null) {
                for (Element ad : aia.children()) {
                    List<Element> parts = ad.children();
                    if (parts.size() == 2 && parts.get(0).oid().equals(method) && parts.get(1).tag() == 0x86) {
                        out.add(latin1(parts.get(1).content()));
                    }
                }
            }
        } catch (DerException | RuntimeException e) {
            out.clear();
        }
        return out;
    }

    /**
     * URIs of the fullName of each CRL distribution point; points without one are skipped and a malformed extension
     * gives none (CVE-2019-5010: never a crash).
     */
    private static List<String> crlDistributionPoints(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        try {
            Element crldp = extension(cert, "2.5.29.31");
            if (crldp != null) {
                for (Element dp : crldp.children()) {
                    for (Element field : dp.children()) {
                        if (field.tag() != 0xA0) {
                            continue; // reasons, cRLIssuer
                        }
                        for (Element dpName : field.children()) {
                            if (dpName.tag() != 0xA0) {
                                continue; // nameRelativeToCRLIssuer
                            }
                            for (Element g : dpName.children()) {
                                if (g.tag() == 0x86) {
                                    out.add(latin1(g.content()));
                                }
                            }
                        }
                    }
                }
            }
        } catch (DerException | RuntimeException e) {
            out.clear();
        }
        return out;
    }

    private static String latin1(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static String ipBytes(byte[] b) {
        if (b.length == 4) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        if (b.length != 16) {
            return "<invalid>";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff)).toUpperCase(Locale.ROOT));
        }
        return sb.toString();
    }

    private static String serial(BigInteger serial) {
        String h = serial.toString(16).toUpperCase(Locale.ROOT);
        return h.length() % 2 == 1 ? "0" + h : h;
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder("#");
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }
}
