package dev.tlskit.pki;

/** The canonical text of an IP address: dotted decimal for IPv4, RFC 5952 (lower case, longest zero run as ::) for IPv6. */
final class IpText {
    private IpText() {
    }

    static String canonical(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xFF) + "." + (a[1] & 0xFF) + "." + (a[2] & 0xFF) + "." + (a[3] & 0xFF);
        }
        if (a.length != 16) {
            return null;
        }
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = ((a[2 * i] & 0xFF) << 8) | (a[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLen = 1; // RFC 5952 4.2.2: a single zero group is not shortened
        for (int i = 0; i < 8; ) {
            if (w[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && w[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(w[i]));
        }
        return sb.toString();
    }

    /**
     * The address a text means to a lenient reader (inet_aton forms: a single hex or decimal number, leading zeros;
     * any IPv6 spelling), or {@code null}: used to spot a CN that spells a SAN's address differently.
     */
    static byte[] lenientParse(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        if (s.indexOf(':') >= 0) {
            return HostnameMatcher.parseIpLiteral(s).map(java.net.InetAddress::getAddress).orElse(null);
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 1 && parts.length != 4) {
            return null;
        }
        long[] v = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].toLowerCase(java.util.Locale.ROOT);
            try {
                v[i] = p.startsWith("0x") ? Long.parseLong(p.substring(2), 16) : Long.parseLong(p, 10);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (parts.length == 1) {
            long x = v[0];
            return x < 0 || x > 0xFFFFFFFFL ? null
                    : new byte[] {(byte) (x >>> 24), (byte) (x >>> 16), (byte) (x >>> 8), (byte) x};
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (v[i] < 0 || v[i] > 255) {
                return null;
            }
            out[i] = (byte) v[i];
        }
        return out;
    }
}
