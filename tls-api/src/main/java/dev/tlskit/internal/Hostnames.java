package dev.tlskit.internal;

import java.net.IDN;

/** Validation and IDNA normalisation of {@code server_hostname} values, as the seed does at wrap time. */
public final class Hostnames {
    private Hostnames() {
    }

    /**
     * The A-label form of {@code host} (a U-label is converted with IDNA 2003, as CPython does); IP literals are
     * returned unchanged; {@code null} stays {@code null}.
     *
     * @throws IllegalArgumentException for an empty name, a leading dot, an embedded NUL or a name IDNA rejects
     */
    public static String normalize(String host) {
        if (host == null) {
            return null;
        }
        if (host.isEmpty() || host.startsWith(".")) {
            throw new IllegalArgumentException("server_hostname cannot be an empty string or start with a leading dot.");
        }
        if (host.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("server_hostname must not contain a NUL character");
        }
        if (isIpLiteral(host)) {
            return host;
        }
        try {
            return IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(java.util.Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("server_hostname '" + host + "' is not a valid IDNA host name: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code host} is an IP literal: anything with a colon (IPv6, bracketed or not), or a dotted quad as the
     * verifier parses it ({@link dev.tlskit.pki.HostnameMatcher#parseIpLiteral}).
     */
    public static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || dev.tlskit.pki.HostnameMatcher.parseIpLiteral(host).isPresent();
    }

    /**
     * Whether a (normalised, non-IP) host name has a single label, such as {@code "db"}; {@code localhost} does not
     * count, because every backend sends SNI for it (see {@link dev.tlskit.Capability#SNI_SINGLE_LABEL_NAMES}).
     */
    public static boolean isSingleLabel(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        return h.indexOf('.') < 0 && !h.equalsIgnoreCase("localhost");
    }
}
