package dev.tlskit.internal.pem;

import java.util.Map;

/**
 * One PEM block: its label ({@code "CERTIFICATE"}, {@code "RSA PRIVATE KEY"}, ...), RFC 1421 headers such as
 * {@code Proc-Type} and {@code DEK-Info} (in file order), the decoded DER, and its 1-based position in the source.
 * Not API.
 */
public record PemBlock(String type, Map<String, String> headers, byte[] der, int index, String source) {

    public PemBlock {
        headers = Map.copyOf(headers);
    }

    /** "block 2 of /etc/ssl/x.pem" — used in error messages. */
    public String where() {
        return "PEM block " + index + " (" + type + ") of " + source;
    }

    public boolean isEncryptedTraditional() {
        String procType = headers.get("Proc-Type");
        return procType != null && procType.replace(" ", "").equalsIgnoreCase("4,ENCRYPTED");
    }
}
