package dev.tlskit.pki;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * The names a certificate asserts, as GeneralName TLVs read straight from its encoding (never from the JDK's cached,
 * mutable subjectAltName list): what {@link NameConstraints} checks and {@link ProfileChecks} validates.
 */
final class CertNames {
    static final String SAN_OID = "2.5.29.17";
    private static final String EMAIL_OID = "1.2.840.113549.1.9.1";
    private static final int DNS = 0x82;
    private static final int IP = 0x87;
    private static final int RFC822 = 0x81;
    private static final int DIRECTORY = 0xA4;

    private CertNames() {
    }

    /** The subjectAltName entries, or {@code null} when the extension is absent. */
    static List<Der.Tlv> subjectAltNames(X509Certificate cert) throws NameConstraints.Violation {
        try {
            byte[] v = Der.extension(cert, SAN_OID);
            if (v == null) {
                return null;
            }
            Der.Tlv seq = Der.single(v);
            if (seq.tag() != Der.SEQUENCE) {
                throw new Der.Malformed("subjectAltName is not a SEQUENCE");
            }
            return seq.children();
        } catch (Der.Malformed m) {
            throw new NameConstraints.Violation(VerifyCodes.UNSUPPORTED_NAME_SYNTAX, "malformed subjectAltName: " + m.getMessage());
        }
    }

    /**
     * Every name that name constraints apply to (see {@link NameConstraints}); the CN of a leaf without
     * subjectAltNames counts as a DNS name or IP when it looks like one (a CA's CN is a label, not a host).
     */
    static List<Der.Tlv> of(X509Certificate cert, boolean leaf) throws NameConstraints.Violation {
        List<Der.Tlv> out = new ArrayList<>();
        List<Der.Tlv> san = subjectAltNames(cert);
        if (san != null) {
            out.addAll(san);
        }
        X500Principal subject = cert.getSubjectX500Principal();
        if (subject.getEncoded().length > 2) {
            out.add(new Der.Tlv(DIRECTORY, subject.getEncoded()));
        }
        for (String email : attributes(subject, "EMAILADDRESS")) {
            out.add(new Der.Tlv(RFC822, email.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        if (san == null && leaf) {
            for (String cn : attributes(subject, "CN")) {
                var ip = HostnameMatcher.parseIpLiteral(cn);
                if (ip.isPresent()) {
                    out.add(new Der.Tlv(IP, ip.get().getAddress()));
                } else if (DnsNames.isValid(cn, true)) {
                    out.add(new Der.Tlv(DNS, cn.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
                }
            }
        }
        return out;
    }

    /** The string values of one attribute type in {@code name} ("CN", "EMAILADDRESS"). */
    static List<String> attributes(X500Principal name, String type) {
        List<String> out = new ArrayList<>();
        try {
            LdapName ldap = new LdapName(name.getName(X500Principal.RFC2253, Map.of(EMAIL_OID, "EMAILADDRESS")));
            for (Rdn rdn : ldap.getRdns()) {
                var attr = rdn.toAttributes().get(type);
                if (attr != null) {
                    for (int i = 0; i < attr.size(); i++) {
                        if (attr.get(i) instanceof String s) {
                            out.add(s);
                        }
                    }
                }
            }
        } catch (javax.naming.NamingException | IllegalArgumentException e) {
            return List.of();
        }
        return out;
    }
}
