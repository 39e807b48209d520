package dev.tlskit.pki;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * RFC 5280 section 4.2.1.10 name constraints, checked by tlskit itself rather than the JDK's PKIX code, because the
 * JDK ignores the constraints of a trust anchor, matches the subject CN as if it were a DNS name or IP even when the
 * certificate has subjectAltNames, and adds that CN to the certificate object's cached names as a side effect.
 *
 * <h2>Rules</h2>
 * Constraints of every CA in the path, the trust anchor included, apply to every certificate below it (self-issued
 * intermediates excepted, RFC 5280 6.1.4), over: DNS, IP and e-mail subjectAltNames, directoryName subjectAltNames and
 * the subject DN, e-mail addresses in the subject DN, and — only when the certificate has no subjectAltName at all — a
 * subject CN that looks like a DNS name or IP address. A wildcard DNS name must lie wholly inside a permitted subtree
 * and wholly outside every excluded one (CVE-2025-61727). Malformed constraints (wildcards, a leading dot, a
 * non-contiguous IP mask, neither subtree present, minimum/maximum) reject the chain, and so does a constraint set
 * whose size times the number of names exceeds {@link #MAX_COMPARISONS} (quadratic blow-up, as webpki and Go limit).
 */
final class NameConstraints {
    static final String OID = "2.5.29.30";
    /** Most constraint-against-name comparisons one CA may cost. */
    static final int MAX_COMPARISONS = 1 << 16;

    private static final int RFC822 = 1;
    private static final int DNS = 2;
    private static final int DIRECTORY = 4;
    private static final int IP = 7;

    private final List<Der.Tlv> permitted;
    private final List<Der.Tlv> excluded;

    private NameConstraints(List<Der.Tlv> permitted, List<Der.Tlv> excluded) {
        this.permitted = permitted;
        this.excluded = excluded;
    }

    /** A problem with the constraints or a name, with OpenSSL's code. */
    static final class Violation extends Exception {
        private static final long serialVersionUID = 1L;
        final int code;

        Violation(int code, String what) {
            super(what, null, false, false);
            this.code = code;
        }
    }

    /** The constraints of {@code ca}, or {@code null} when it has none. */
    static NameConstraints of(X509Certificate ca) throws Violation {
        try {
            byte[] v = Der.extension(ca, OID);
            if (v == null) {
                return null;
            }
            Der.Tlv seq = Der.single(v);
            if (seq.tag() != Der.SEQUENCE) {
                throw new Violation(VerifyCodes.UNSUPPORTED_CONSTRAINT_SYNTAX, "nameConstraints is not a SEQUENCE");
            }
            List<Der.Tlv> p = null;
            List<Der.Tlv> e = null;
            for (Der.Tlv t : seq.children()) {
                switch (t.contextNumber()) {
                    case 0 -> p = subtrees(t);
                    case 1 -> e = subtrees(t);
                    default -> throw new Violation(VerifyCodes.UNSUPPORTED_CONSTRAINT_SYNTAX, "unknown nameConstraints field");
                }
            }
            if ((p == null || p.isEmpty()) && (e == null || e.isEmpty())) {
                throw new Violation(VerifyCodes.UNSUPPORTED_CONSTRAINT_SYNTAX,
                        "nameConstraints has neither permitted nor excluded subtrees (RFC 5280 4.2.1.10)");
            }
            return new NameConstraints(p == null ? List.of() : p, e == null ? List.of() : e);
        } catch (Der.Malformed m) {
            throw new Violation(VerifyCodes.UNSUPPORTED_CONSTRAINT_SYNTAX, "malformed nameConstraints: " + m.getMessage());
        }
    }

    private static List<Der.Tlv> subtrees(Der.Tlv t) throws Der.Malformed, Violation {
        List<Der.Tlv> bases = new ArrayList<>();
        for (Der.Tlv subtree : t.children()) {
            List<Der.Tlv> parts = subtree.children();
            if (subtree.tag() != Der.SEQUENCE || parts.isEmpty()) {
                throw new Der.Malformed("GeneralSubtree is not a SEQUENCE");
            }
            if (parts.size() > 1) {
                throw new Violation(VerifyCodes.SUBTREE_MINMAX, "name constraint with minimum or maximum");
            }
            Der.Tlv base = parts.get(0);
            validate(base);
            bases.add(base);
        }
        return bases;
    }

    private static void validate(Der.Tlv base) throws Violation {
        String bad = null;
        switch (base.contextNumber()) {
            case DNS -> {
                String s = ascii(base.content());
                if (s == null || s.startsWith(".") || s.indexOf('*') >= 0 || (!s.isEmpty() && !DnsNames.isValid(s, false))) {
                    bad = "dNSName constraint '" + s + "'";
                }
            }
            case IP -> {
                byte[] b = base.content();
                if ((b.length != 8 && b.length != 32) || !contiguousMask(b)) {
                    bad = "iPAddress constraint of " + b.length + " bytes or with a non-contiguous mask";
                }
            }
            case RFC822 -> {
                if (ascii(base.content()) == null) {
                    bad = "rfc822Name constraint";
                }
            }
            default -> {
                // other name forms are checked only if a certificate carries such names (see check)
            }
        }
        if (bad != null) {
            throw new Violation(VerifyCodes.UNSUPPORTED_CONSTRAINT_SYNTAX, "invalid " + bad);
        }
    }

    /** Checks every name of {@code cert} against these constraints; {@code leaf}: the end entity (its CN may count). */
    void check(X509Certificate cert, boolean leaf) throws Violation {
        List<Der.Tlv> names = CertNames.of(cert, leaf);
        if ((long) names.size() * (permitted.size() + excluded.size()) > MAX_COMPARISONS) {
            throw new Violation(VerifyCodes.UNSUPPORTED_CONSTRAINT_SYNTAX,
                    "too many name constraints times names to check (" + names.size() + " names)");
        }
        for (Der.Tlv name : names) {
            int type = name.contextNumber();
            boolean anyOfType = false;
            boolean ok = false;
            for (Der.Tlv c : permitted) {
                if (c.contextNumber() == type) {
                    anyOfType = true;
                    if (within(type, name.content(), c.content(), false)) {
                        ok = true;
                        break;
                    }
                }
            }
            if (anyOfType && !ok) {
                throw new Violation(VerifyCodes.PERMITTED_VIOLATION, "name not in a permitted subtree");
            }
            for (Der.Tlv c : excluded) {
                if (c.contextNumber() == type && within(type, name.content(), c.content(), true)) {
                    throw new Violation(VerifyCodes.EXCLUDED_VIOLATION, "name in an excluded subtree");
                }
            }
            if (type != DNS && type != IP && type != RFC822 && type != DIRECTORY && (anyOfType || hasType(excluded, type))) {
                throw new Violation(VerifyCodes.UNSUPPORTED_CONSTRAINT_TYPE, "unsupported name constraint type [" + type + "]");
            }
        }
    }

    private static boolean hasType(List<Der.Tlv> list, int type) {
        return list.stream().anyMatch(t -> t.contextNumber() == type);
    }

    /**
     * Whether {@code name} lies in the subtree {@code constraint}. For an excluded subtree a wildcard DNS name counts
     * as inside when it merely overlaps; for a permitted one it must lie wholly inside.
     */
    private static boolean within(int type, byte[] name, byte[] constraint, boolean excluded) throws Violation {
        return switch (type) {
            case DNS -> dnsWithin(ascii(name), ascii(constraint), excluded);
            case IP -> ipWithin(name, constraint);
            case RFC822 -> emailWithin(ascii(name), ascii(constraint));
            case DIRECTORY -> dnWithin(name, constraint);
            default -> false;
        };
    }

    static boolean dnsWithin(String name, String constraint, boolean excluded) throws Violation {
        if (name == null || constraint == null) {
            throw new Violation(VerifyCodes.UNSUPPORTED_NAME_SYNTAX, "DNS name is not ASCII");
        }
        String n = name.toLowerCase(Locale.ROOT);
        String c = constraint.toLowerCase(Locale.ROOT);
        if (c.isEmpty()) {
            return true;
        }
        if (n.startsWith("*.")) {
            String base = n.substring(2);
            if (subdomainOrSame(base, c) && !base.equals(c)) {
                return true; // every name the wildcard matches is under the constraint
            }
            if (base.equals(c)) {
                return true; // *.example.com under "example.com": all its names are subdomains
            }
            // the wildcard's names overlap an excluded subtree deeper than it
            return excluded && c.endsWith("." + base) && c.indexOf('.') == c.length() - base.length() - 1;
        }
        return subdomainOrSame(n, c);
    }

    private static boolean subdomainOrSame(String n, String c) {
        return n.equals(c) || n.endsWith("." + c);
    }

    private static boolean ipWithin(byte[] ip, byte[] constraint) {
        int len = constraint.length / 2;
        if (ip.length != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            byte mask = constraint[len + i];
            if ((ip[i] & mask) != (constraint[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static boolean contiguousMask(byte[] b) {
        int len = b.length / 2;
        boolean zeros = false;
        for (int i = len; i < b.length; i++) {
            for (int bit = 7; bit >= 0; bit--) {
                boolean one = ((b[i] >> bit) & 1) != 0;
                if (one && zeros) {
                    return false;
                }
                zeros |= !one;
            }
        }
        return true;
    }

    private static boolean emailWithin(String name, String constraint) throws Violation {
        if (name == null || constraint == null) {
            throw new Violation(VerifyCodes.UNSUPPORTED_NAME_SYNTAX, "e-mail address is not ASCII");
        }
        int at = name.lastIndexOf('@');
        if (at <= 0) {
            throw new Violation(VerifyCodes.UNSUPPORTED_NAME_SYNTAX, "e-mail address without a local part");
        }
        String host = name.substring(at + 1).toLowerCase(Locale.ROOT);
        String c = constraint.toLowerCase(Locale.ROOT);
        if (c.indexOf('@') >= 0) {
            return name.substring(0, at).equals(constraint.substring(0, constraint.lastIndexOf('@')))
                    && host.equals(c.substring(c.lastIndexOf('@') + 1));
        }
        if (c.startsWith(".")) {
            return host.endsWith(c);
        }
        return host.equals(c);
    }

    private static boolean dnWithin(byte[] name, byte[] constraint) throws Violation {
        List<Rdn> n = rdns(name);
        List<Rdn> c = rdns(constraint);
        if (c.size() > n.size()) {
            return false;
        }
        for (int i = 0; i < c.size(); i++) {
            if (!n.get(i).equals(c.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** RDNs most significant first; {@code encoded} is the DER of a Name. */
    private static List<Rdn> rdns(byte[] encoded) throws Violation {
        try {
            String canonical = new X500Principal(encoded).getName(X500Principal.CANONICAL);
            return new LdapName(canonical).getRdns();
        } catch (IllegalArgumentException | InvalidNameException e) {
            throw new Violation(VerifyCodes.UNSUPPORTED_NAME_SYNTAX, "unreadable distinguished name");
        }
    }

    static String ascii(byte[] b) {
        for (byte x : b) {
            if (x < 0x20 || x > 0x7E) {
                return null;
            }
        }
        return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "NameConstraints(" + permitted.size() + " permitted, " + excluded.size() + " excluded)";
    }
}
