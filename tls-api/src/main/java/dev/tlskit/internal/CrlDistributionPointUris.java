package dev.tlskit.internal;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * <b>Not API.</b> The URIs of a certificate's CRL distribution points (RFC 5280 section 4.2.1.13), as the seed's
 * {@code getpeercert()} lists them under {@code crlDistributionPoints}: each {@code fullName} general name of type
 * {@code uniformResourceIdentifier}, in order. Anything the reader does not understand contributes nothing.
 */
final class CrlDistributionPointUris {
    private static final String OID = "2.5.29.31";

    private CrlDistributionPointUris() {
    }

    /** The URIs, empty when the extension is absent or malformed. */
    static List<String> of(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(OID);
        List<String> out = new ArrayList<>();
        if (ext == null) {
            return out;
        }
        try {
            byte[] seq = content(ext, 0, 0x04);          // extnValue OCTET STRING holding the SEQUENCE
            if ((seq[0] & 0xff) != 0x30) {
                return out;
            }
            for (byte[] dp : children(seq)) {            // CRLDistributionPoints ::= SEQUENCE OF DistributionPoint
                for (byte[] field : children(dp)) {
                    if ((field[0] & 0xff) != 0xa0) {         // distributionPoint [0]
                        continue;
                    }
                    for (byte[] dpName : children(field)) {
                        if ((dpName[0] & 0xff) != 0xa0) {    // fullName [0] GeneralNames
                            continue;
                        }
                        for (byte[] gn : children(dpName)) {
                            if ((gn[0] & 0xff) == 0x86) {    // uniformResourceIdentifier [6] IA5String
                                out.add(new String(content(gn, 0, 0x86), java.nio.charset.StandardCharsets.US_ASCII));
                            }
                        }
                    }
                }
            }
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return new ArrayList<>();
        }
        return out;
    }

    /** The content octets of the TLV at {@code off}, which must carry {@code tag}. */
    private static byte[] content(byte[] d, int off, int tag) {
        if ((d[off] & 0xff) != tag) {
            throw new IllegalArgumentException("unexpected tag");
        }
        int[] hl = header(d, off);
        return java.util.Arrays.copyOfRange(d, off + hl[0], off + hl[0] + hl[1]);
    }

    /** The complete TLVs inside a constructed TLV (tag and length included). */
    private static List<byte[]> children(byte[] tlv) {
        int[] hl = header(tlv, 0);
        List<byte[]> out = new ArrayList<>();
        int pos = hl[0];
        int end = hl[0] + hl[1];
        while (pos < end) {
            int[] c = header(tlv, pos);
            out.add(java.util.Arrays.copyOfRange(tlv, pos, pos + c[0] + c[1]));
            pos += c[0] + c[1];
        }
        return out;
    }

    /** {header length, content length} of the TLV at {@code off} (single-byte tags; definite lengths). */
    private static int[] header(byte[] d, int off) {
        int len = d[off + 1] & 0xff;
        if (len < 0x80) {
            return new int[] {2, len};
        }
        int n = len & 0x7f;
        if (n == 0 || n > 3) {
            throw new IllegalArgumentException("unsupported length");
        }
        int v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (d[off + 2 + i] & 0xff);
        }
        if (off + 2 + n + v > d.length) {
            throw new IllegalArgumentException("truncated");
        }
        return new int[] {2 + n, v};
    }
}
