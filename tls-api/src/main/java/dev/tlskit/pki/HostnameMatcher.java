package dev.tlskit.pki;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Matches a certificate against a host name or IP address with OpenSSL's {@code X509_check_host} /
 * {@code X509_check_ip} rules as CPython configures them ({@code X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS}; plus
 * {@code NEVER_CHECK_SUBJECT} when {@code hostname_checks_common_name} is false). See
 * <a href="https://www.rfc-editor.org/rfc/rfc6125">RFC 6125</a>.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>DNS names compare ASCII case-insensitively; one trailing dot on the host is ignored (a deliberate difference:
 *       OpenSSL 3.0 reports a mismatch for {@code "example.com."}; RFC 6125 and browsers treat the absolute name as
 *       the same host); IDNA A-labels
 *       ({@code xn--}) compare literally (callers pass A-labels, never U-labels).</li>
 *   <li>A wildcard is allowed only as the whole left-most label of a pattern with at least two more labels
 *       ({@code *.example.com}); it matches exactly one non-empty label. {@code f*.example.com}, {@code *.com},
 *       {@code www.*.com} never match anything.</li>
 *   <li>The subject common name is consulted only when {@code checkCommonName} is true and the certificate has no
 *       DNS subjectAltName (an IP SAN alone does not stop the fallback — OpenSSL behaves so).</li>
 *   <li>IP addresses match only IP subjectAltNames, byte for byte; never wildcards, never the common name.</li>
 * </ul>
 * The certificate is re-parsed from its encoding first, so an object shared with the JDK's PKIX validator is never
 * read here.
 *
 * <pre>{@code
 * HostnameMatcher.matchesHost(leaf, "www.example.com", true);
 * HostnameMatcher.matchesIp(leaf, InetAddress.getByName("127.0.0.1"));
 * }</pre>
 */
public final class HostnameMatcher {
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private HostnameMatcher() {
    }

    /** Whether {@code leaf} is valid for the DNS name {@code host}. */
    public static boolean matchesHost(X509Certificate leaf, String host, boolean checkCommonName) {
        Objects.requireNonNull(leaf, "leaf");
        Objects.requireNonNull(host, "host");
        String h = host;
        if (h.length() > 1 && h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.isEmpty()) {
            return false;
        }
        X509Certificate cert = Certificates.copyOf(leaf);
        List<String> dnsNames = subjectAltNames(cert, SAN_DNS);
        if (!dnsNames.isEmpty()) {
            for (String pattern : dnsNames) {
                if (matchesPattern(pattern, h)) {
                    return true;
                }
            }
            return false;
        }
        if (!checkCommonName) {
            return false;
        }
        for (String cn : commonNames(cert)) {
            if (matchesPattern(cn, h)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code leaf} has an IP subjectAltName equal to {@code address}. */
    public static boolean matchesIp(X509Certificate leaf, InetAddress address) {
        Objects.requireNonNull(leaf, "leaf");
        Objects.requireNonNull(address, "address");
        byte[] want = address.getAddress();
        for (String ip : subjectAltNames(Certificates.copyOf(leaf), SAN_IP)) {
            Optional<InetAddress> have = parseIpLiteral(ip);
            if (have.isPresent() && Arrays.equals(have.get().getAddress(), want)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses an IPv4 dotted quad or an IPv6 literal (brackets allowed) without any DNS lookup; empty for anything
     * else, such as a host name. Used to decide between the host and the IP check, as CPython does with
     * {@code a2i_IPADDRESS}.
     */
    public static Optional<InetAddress> parseIpLiteral(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        String s = text;
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.indexOf(':') >= 0) {
            if (!s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                return Optional.empty();
            }
            try {
                return Optional.of(InetAddress.getByName("[" + s + "]")); // a literal: no lookup happens
            } catch (UnknownHostException | SecurityException e) {
                return Optional.empty();
            }
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return Optional.empty();
            }
            b[i] = (byte) v;
        }
        try {
            return Optional.of(InetAddress.getByAddress(b));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** OpenSSL's {@code equal_wildcard} with {@code NO_PARTIAL_WILDCARDS}; {@code host} has no trailing dot. */
    static boolean matchesPattern(String pattern, String host) {
        if (pattern == null || pattern.isEmpty()) {
            return false;
        }
        if (!pattern.startsWith("*.") || !validWildcard(pattern)) {
            return pattern.indexOf('*') < 0 && asciiLower(pattern).equals(asciiLower(host));
        }
        int dot = host.indexOf('.');
        if (dot <= 0) {
            return false; // the wildcard must match one non-empty label
        }
        return asciiLower(pattern.substring(1)).equals(asciiLower(host.substring(dot)));
    }

    private static boolean validWildcard(String pattern) {
        String rest = pattern.substring(2);
        if (rest.indexOf('*') >= 0 || rest.endsWith(".")) {
            return false;
        }
        String[] labels = rest.split("\\.", -1);
        if (labels.length < 2) {
            return false; // "*.com": OpenSSL wants at least two labels after the wildcard
        }
        for (String l : labels) {
            if (l.isEmpty() || !l.chars().allMatch(c -> (c < 0x80 && Character.isLetterOrDigit(c)) || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static String asciiLower(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return sb.toString();
    }

    private static List<String> subjectAltNames(X509Certificate cert, int type) {
        List<String> out = new ArrayList<>();
        Collection<List<?>> sans;
        try {
            sans = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return out; // a broken SAN extension matches nothing
        }
        if (sans == null) {
            return out;
        }
        for (List<?> san : sans) {
            if (san.size() >= 2 && san.get(0) instanceof Integer t && t == type && san.get(1) instanceof String s) {
                out.add(s);
            }
        }
        return out;
    }

    private static List<String> commonNames(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        try {
            LdapName name = new LdapName(cert.getSubjectX500Principal().getName());
            for (Rdn rdn : name.getRdns()) {
                var attrs = rdn.toAttributes().get("CN");
                if (attrs != null) {
                    for (int i = 0; i < attrs.size(); i++) {
                        Object v = attrs.get(i);
                        if (v instanceof String s) {
                            out.add(s);
                        }
                    }
                }
            }
        } catch (javax.naming.NamingException e) {
            return List.of();
        }
        return out;
    }
}
