package dev.tlskit.internal.pem;

import dev.tlskit.TlsCredentialException;
import dev.tlskit.TlsCredentialException.Kind;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits PEM text into {@link PemBlock}s the way OpenSSL's {@code PEM_read_bio} does: text outside
 * {@code -----BEGIN X-----}/{@code -----END X-----} pairs (comments, {@code openssl x509 -text} dumps, blank lines) is
 * skipped; a block that starts but never ends, whose END label differs, or whose base64 is broken raises
 * {@link TlsCredentialException} of kind {@link Kind#TRUNCATED} naming the source and the block number. Not API.
 *
 * <pre>{@code
 * for (PemBlock b : PemReader.read(text, "ca.pem")) { if (b.type().equals("CERTIFICATE")) ... }
 * }</pre>
 */
public final class PemReader {
    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    private PemReader() {
    }

    /** True if the bytes contain a PEM BEGIN line (so they are PEM, not DER). */
    public static boolean looksLikePem(byte[] data) {
        // DER certificates, keys and CRLs are a SEQUENCE (0x30) with a long-form length (0x81..0x84); text never is.
        if (data.length > 1 && (data[0] & 0xff) == 0x30 && (data[1] & 0xff) >= 0x81 && (data[1] & 0xff) <= 0x84) {
            return false;
        }
        return new String(data, StandardCharsets.ISO_8859_1).contains(BEGIN);
    }

    public static List<PemBlock> read(String text, String source) throws TlsCredentialException {
        List<PemBlock> blocks = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        int i = 0;
        while (i < lines.length) {
            String line = lines[i].strip();
            i++;
            if (!line.startsWith(BEGIN) || !line.endsWith(DASHES) || line.length() < BEGIN.length() + DASHES.length()) {
                continue; // junk between blocks, like OpenSSL
            }
            String type = line.substring(BEGIN.length(), line.length() - DASHES.length());
            int index = blocks.size() + 1;
            Map<String, String> headers = new LinkedHashMap<>();
            StringBuilder b64 = new StringBuilder();
            boolean ended = false;
            boolean inHeaders = true;
            while (i < lines.length) {
                String l = lines[i].strip();
                i++;
                if (l.startsWith(END)) {
                    String endType = l.endsWith(DASHES) && l.length() >= END.length() + DASHES.length()
                            ? l.substring(END.length(), l.length() - DASHES.length()) : l;
                    if (!endType.equals(type)) {
                        throw truncated(source, index, type, "ends with '" + l + "' instead of '-----END " + type + "-----'");
                    }
                    ended = true;
                    break;
                }
                if (l.startsWith(BEGIN)) {
                    throw truncated(source, index, type, "has no END line before the next BEGIN line");
                }
                if (inHeaders && l.contains(":")) {
                    int c = l.indexOf(':');
                    headers.put(l.substring(0, c).strip(), l.substring(c + 1).strip());
                    continue;
                }
                if (l.isEmpty()) {
                    inHeaders = false;
                    continue;
                }
                inHeaders = false;
                b64.append(l);
            }
            if (!ended) {
                throw truncated(source, index, type, "is truncated: no '-----END " + type + "-----' line");
            }
            byte[] der;
            try {
                der = Base64.getDecoder().decode(b64.toString());
            } catch (IllegalArgumentException e) {
                throw new TlsCredentialException(Kind.TRUNCATED, source,
                        "PEM block " + index + " (" + type + ") of " + source + " has broken base64: " + e.getMessage(), e);
            }
            if (der.length == 0) {
                throw truncated(source, index, type, "is empty");
            }
            blocks.add(new PemBlock(type, headers, der, index, source));
        }
        return blocks;
    }

    private static TlsCredentialException truncated(String source, int index, String type, String what) {
        return new TlsCredentialException(Kind.TRUNCATED, source,
                "PEM block " + index + " (" + type + ") of " + source + " " + what, null);
    }
}
