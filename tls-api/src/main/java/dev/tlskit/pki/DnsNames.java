package dev.tlskit.pki;

/**
 * The "preferred name syntax" of RFC 1034 section 3.5 as RFC 5280 4.2.1.6 requires for dNSName: letters, digits and
 * hyphens, labels of 1 to 63 characters that neither start nor end with a hyphen, 253 characters at most, no trailing
 * dot. So {@code foo_bar.example.com} is refused (no underscore), as webpki and Go do.
 */
final class DnsNames {
    private DnsNames() {
    }

    /** Whether {@code name} is a valid DNS name; {@code wildcard} allows {@code *.} as the whole first label. */
    static boolean isValid(String name, boolean wildcard) {
        if (name == null || name.isEmpty() || name.length() > 253 || name.endsWith(".")) {
            return false;
        }
        String s = name;
        if (wildcard && s.startsWith("*.")) {
            s = s.substring(2);
        }
        for (String label : s.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
                    return false;
                }
            }
        }
        return true;
    }
}
