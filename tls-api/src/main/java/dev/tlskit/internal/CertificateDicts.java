package dev.tlskit.internal;

import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

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
        List<List<String>> san = subjectAltNames(cert);
        if (!san.isEmpty()) {
            d.put("subjectAltName", san);
        }
        List<String> crlDps = CrlDistributionPointUris.of(cert);
        if (!crlDps.isEmpty()) {
            d.put("crlDistributionPoints", crlDps);
        }
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

    private static List<List<String>> subjectAltNames(X509Certificate cert) {
        List<List<String>> out = new ArrayList<>();
        Collection<List<?>> names;
        try {
            names = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return out;
        }
        if (names == null) {
            return out;
        }
        for (List<?> entry : names) {
            int type = (Integer) entry.get(0);
            Object value = entry.get(1);
            String label = switch (type) {
                case 0 -> "othername";
                case 1 -> "email";
                case 2 -> "DNS";
                case 4 -> "DirName";
                case 6 -> "URI";
                case 7 -> "IP Address";
                case 8 -> "Registered ID";
                default -> "type" + type;
            };
            String text = value instanceof String s ? (type == 7 ? ipText(s) : s) : "<unsupported>";
            out.add(List.of(label, text));
        }
        return out;
    }

    /** IPv6 the way the seed prints it: upper-case, no zero compression. */
    private static String ipText(String ip) {
        if (ip.indexOf(':') < 0) {
            return ip;
        }
        try {
            byte[] b = java.net.InetAddress.getByName(ip).getAddress();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < b.length; i += 2) {
                if (i > 0) {
                    sb.append(':');
                }
                sb.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff)).toUpperCase(Locale.ROOT));
            }
            return sb.toString();
        } catch (java.net.UnknownHostException e) {
            return ip;
        }
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
