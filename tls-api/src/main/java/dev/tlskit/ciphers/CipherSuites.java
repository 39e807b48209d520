package dev.tlskit.ciphers;

import java.util.Locale;

/**
 * Name mapping between IANA/JSSE cipher-suite names and OpenSSL's. This is the seed of tlskit's cipher registry: it
 * derives OpenSSL names and strengths from the structure of IANA names, which covers every suite JSSE and BoringSSL
 * negotiate by default (TLS 1.3 suites, ECDHE/DHE/RSA with AES-GCM, AES-CBC, ChaCha20-Poly1305, 3DES).
 *
 * <pre>{@code
 * CipherSuites.openSslName("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")   // "ECDHE-RSA-AES128-GCM-SHA256"
 * }</pre>
 */
public final class CipherSuites {
    private CipherSuites() {
    }

    /** OpenSSL's name for an IANA/JSSE suite name; unknown shapes are returned unchanged. */
    public static String openSslName(String iana) {
        if (iana == null) {
            return null;
        }
        if (!iana.contains("_WITH_")) {
            return iana; // TLS 1.3 suites keep their IANA names in OpenSSL, and unknown names pass through
        }
        String kx = iana.substring(iana.startsWith("TLS_") || iana.startsWith("SSL_") ? 4 : 0, iana.indexOf("_WITH_"));
        String rest = iana.substring(iana.indexOf("_WITH_") + 6);
        String prefix = switch (kx) {
            case "RSA" -> "";
            case "ECDHE_RSA" -> "ECDHE-RSA-";
            case "ECDHE_ECDSA" -> "ECDHE-ECDSA-";
            case "DHE_RSA" -> "DHE-RSA-";
            case "DHE_DSS" -> "DHE-DSS-";
            case "ECDH_RSA" -> "ECDH-RSA-";
            case "ECDH_ECDSA" -> "ECDH-ECDSA-";
            case "ECDHE_PSK" -> "ECDHE-PSK-";
            case "PSK" -> "PSK-";
            default -> kx.replace('_', '-') + "-";
        };
        String body;
        if (rest.startsWith("CHACHA20_POLY1305")) {
            body = "CHACHA20-POLY1305";
        } else if (rest.equals("3DES_EDE_CBC_SHA")) {
            body = "DES-CBC3-SHA";
            prefix = prefix.equals("DHE-RSA-") ? "EDH-RSA-" : prefix; // OpenSSL keeps the old EDH spelling here
        } else {
            body = rest.replace("AES_128", "AES128").replace("AES_256", "AES256")
                    .replace("_CBC_SHA256", "-SHA256").replace("_CBC_SHA384", "-SHA384").replace("_CBC_SHA", "-SHA")
                    .replace("_GCM_", "-GCM-").replace('_', '-');
        }
        return prefix + body;
    }

    /** The suite's symmetric strength in bits, as OpenSSL reports {@code secret_bits}; 0 when unknown. */
    public static int secretBits(String iana) {
        String u = iana == null ? "" : iana.toUpperCase(Locale.ROOT);
        if (u.contains("AES_256") || u.contains("CHACHA20")) {
            return 256;
        }
        if (u.contains("AES_128")) {
            return 128;
        }
        if (u.contains("3DES")) {
            return 112;
        }
        return 0;
    }

    /** The {@link CipherInfo} for a negotiated suite. */
    public static CipherInfo info(String iana, String protocol) {
        return new CipherInfo(openSslName(iana), protocol, secretBits(iana), iana);
    }
}
