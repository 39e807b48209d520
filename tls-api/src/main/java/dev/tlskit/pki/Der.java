package dev.tlskit.pki;

import java.security.cert.X509Certificate;
import java.security.cert.X509Extension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A strict reader of the DER the verifier's own checks need (extension values, name constraints, key identifiers):
 * one TLV at a time, definite lengths only. Anything malformed throws {@link Der.Malformed}, which the checks turn into
 * a rejection, never an acceptance.
 */
final class Der {
    static final int SEQUENCE = 0x30;
    static final int OCTET_STRING = 0x04;
    static final int INTEGER = 0x02;
    static final int BOOLEAN = 0x01;

    /** Malformed DER. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String what) {
            super(what, null, false, false);
        }
    }

    /** One TLV: its tag byte and its content bytes. */
    record Tlv(int tag, byte[] content) {
        /** Context-specific tag number ([n]), whatever the constructed bit says. */
        int contextNumber() {
            return (tag & 0xC0) == 0x80 ? tag & 0x1F : -1;
        }

        List<Tlv> children() throws Malformed {
            return Der.sequence(content);
        }
    }

    private Der() {
    }

    /** Every TLV in {@code data}, which must consist of whole TLVs and nothing else. */
    static List<Tlv> sequence(byte[] data) throws Malformed {
        List<Tlv> out = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < data.length) {
            out.add(next(data, pos));
        }
        return out;
    }

    /** The single TLV that makes up {@code data}. */
    static Tlv single(byte[] data) throws Malformed {
        int[] pos = {0};
        Tlv t = next(data, pos);
        if (pos[0] != data.length) {
            throw new Malformed("trailing bytes after a DER value");
        }
        return t;
    }

    private static Tlv next(byte[] d, int[] pos) throws Malformed {
        int p = pos[0];
        if (p + 2 > d.length) {
            throw new Malformed("truncated DER header");
        }
        int tag = d[p++] & 0xFF;
        if ((tag & 0x1F) == 0x1F) {
            throw new Malformed("multi-byte DER tags are not used in X.509 extensions");
        }
        int len = d[p++] & 0xFF;
        if (len >= 0x80) {
            int n = len & 0x7F;
            if (n == 0 || n > 3 || p + n > d.length) {
                throw new Malformed("unsupported or indefinite DER length");
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (d[p++] & 0xFF);
            }
            if (len < 0x80 || (n > 1 && len < (1 << (8 * (n - 1))))) {
                throw new Malformed("non-minimal DER length");
            }
        }
        if (p + len > d.length) {
            throw new Malformed("DER value runs past its container");
        }
        pos[0] = p + len;
        return new Tlv(tag, Arrays.copyOfRange(d, p, p + len));
    }

    /** The extension's inner value (the {@code extnValue} OCTET STRING unwrapped), or {@code null} if absent. */
    static byte[] extension(X509Extension x, String oid) throws Malformed {
        byte[] wrapped = x.getExtensionValue(oid);
        if (wrapped == null) {
            return null;
        }
        Tlv t = single(wrapped);
        if (t.tag() != OCTET_STRING) {
            throw new Malformed("extension " + oid + " is not wrapped in an OCTET STRING");
        }
        return t.content();
    }

    /** Whether {@code oid} is one of {@code c}'s critical extensions. */
    static boolean isCritical(X509Certificate c, String oid) {
        var crit = c.getCriticalExtensionOIDs();
        return crit != null && crit.contains(oid);
    }
}
