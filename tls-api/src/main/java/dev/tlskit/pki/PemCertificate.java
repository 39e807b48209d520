package dev.tlskit.pki;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The seed's {@code ssl.PEM_HEADER}, {@code ssl.PEM_FOOTER}, {@code ssl.DER_cert_to_PEM_cert(der)} and
 * {@code ssl.PEM_cert_to_DER_cert(pem)}: one certificate between its PEM armour and its DER bytes, in exactly the
 * seed's text shape (64-character base64 lines, header and footer on lines of their own, a final newline).
 *
 * <pre>{@code
 * String pem = PemCertificate.derToPem(conn.getPeerCertDer().orElseThrow());
 * byte[] der = PemCertificate.pemToDer(pem);
 * }</pre>
 *
 * For files with several certificates, keys or CRLs use {@link Certificates#fromPem}.
 */
public final class PemCertificate {
    /** Seed {@code ssl.PEM_HEADER}. */
    public static final String PEM_HEADER = "-----BEGIN CERTIFICATE-----";
    /** Seed {@code ssl.PEM_FOOTER}. */
    public static final String PEM_FOOTER = "-----END CERTIFICATE-----";

    private PemCertificate() {
    }

    /** Seed {@code DER_cert_to_PEM_cert(der_cert_bytes)}: the PEM text, ending in {@code PEM_FOOTER + "\n"}. */
    public static String derToPem(byte[] der) {
        String b64 = Base64.getEncoder().encodeToString(der);
        StringBuilder sb = new StringBuilder(PEM_HEADER).append('\n');
        for (int i = 0; i < b64.length(); i += 64) {
            sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
        }
        return sb.append(PEM_FOOTER).append('\n').toString();
    }

    /**
     * Seed {@code PEM_cert_to_DER_cert(pem_cert_string)}: the DER bytes of one PEM certificate.
     *
     * @throws IllegalArgumentException when the text does not start with {@link #PEM_HEADER}, does not end with
     *                                  {@link #PEM_FOOTER} (surrounding white space aside) or holds invalid base64
     */
    public static byte[] pemToDer(String pem) {
        if (!pem.startsWith(PEM_HEADER)) {
            throw new IllegalArgumentException("Invalid PEM encoding; must start with " + PEM_HEADER);
        }
        String t = pem.strip();
        if (!t.endsWith(PEM_FOOTER)) {
            throw new IllegalArgumentException("Invalid PEM encoding; must end with " + PEM_FOOTER);
        }
        String body = t.substring(PEM_HEADER.length(), t.length() - PEM_FOOTER.length());
        return Base64.getMimeDecoder().decode(body.getBytes(StandardCharsets.US_ASCII));
    }
}
