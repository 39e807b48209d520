package dev.tlskit.internal.pem;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal DER reader and writer: just enough ASN.1 for private-key containers (PKCS#8, PKCS#1, SEC1, PBES2
 * parameters). Not API.
 *
 * <p>Every malformed input raises {@link DerException}, never an index or arithmetic exception.
 */
public final class Der {
    public static final int SEQUENCE = 0x30;
    public static final int INTEGER = 0x02;
    public static final int OCTET_STRING = 0x04;
    public static final int BIT_STRING = 0x03;
    public static final int NULL = 0x05;
    public static final int OID = 0x06;

    /** Malformed DER. */
    public static final class DerException extends Exception {
        private static final long serialVersionUID = 1L;

        public DerException(String message) {
            super(message);
        }
    }

    /** One TLV element; {@code content} is a view into the original array. */
    public static final class Element {
        private final int tag;
        private final byte[] buf;
        private final int start;
        private final int contentStart;
        private final int end;

        Element(int tag, byte[] buf, int start, int contentStart, int end) {
            this.tag = tag;
            this.buf = buf;
            this.start = start;
            this.contentStart = contentStart;
            this.end = end;
        }

        public int tag() {
            return tag;
        }

        public byte[] content() {
            byte[] out = new byte[end - contentStart];
            System.arraycopy(buf, contentStart, out, 0, out.length);
            return out;
        }

        /** The whole element, tag and length included. */
        public byte[] encoded() {
            byte[] out = new byte[end - start];
            System.arraycopy(buf, start, out, 0, out.length);
            return out;
        }

        /** The children of a constructed element (SEQUENCE, SET, [n] explicit). */
        public List<Element> children() throws DerException {
            if ((tag & 0x20) == 0) {
                throw new DerException(String.format("tag 0x%02x is not constructed", tag));
            }
            List<Element> out = new ArrayList<>();
            int pos = contentStart;
            while (pos < end) {
                Element e = readAt(buf, pos, end);
                out.add(e);
                pos = e.end;
            }
            return out;
        }

        public Element expect(int expectedTag) throws DerException {
            if (tag != expectedTag) {
                throw new DerException(String.format("expected tag 0x%02x, found 0x%02x", expectedTag, tag));
            }
            return this;
        }

        public BigInteger integer() throws DerException {
            expect(INTEGER);
            if (end == contentStart) {
                throw new DerException("empty INTEGER");
            }
            return new BigInteger(content());
        }

        public String oid() throws DerException {
            expect(OID);
            return decodeOid(content());
        }

        public byte[] octets() throws DerException {
            return expect(OCTET_STRING).content();
        }
    }

    private Der() {
    }

    /** Parses exactly one element covering the whole array. */
    public static Element parse(byte[] der) throws DerException {
        Element e = readAt(der, 0, der.length);
        if (e.end != der.length) {
            throw new DerException((der.length - e.end) + " trailing bytes after DER element");
        }
        return e;
    }

    /** Parses a concatenation of elements (e.g. several DER certificates back to back). */
    public static List<byte[]> split(byte[] der) throws DerException {
        List<byte[]> out = new ArrayList<>();
        int pos = 0;
        while (pos < der.length) {
            Element e = readAt(der, pos, der.length);
            out.add(e.encoded());
            pos = e.end;
        }
        return out;
    }

    static Element readAt(byte[] buf, int pos, int limit) throws DerException {
        if (pos + 2 > limit) {
            throw new DerException("truncated DER at offset " + pos);
        }
        int tag = buf[pos] & 0xff;
        if ((tag & 0x1f) == 0x1f) {
            throw new DerException("multi-byte tags are not supported");
        }
        int lenByte = buf[pos + 1] & 0xff;
        int p = pos + 2;
        long len;
        if (lenByte < 0x80) {
            len = lenByte;
        } else {
            int n = lenByte & 0x7f;
            if (n == 0 || n > 4) {
                throw new DerException("unsupported DER length encoding at offset " + pos);
            }
            if (p + n > limit) {
                throw new DerException("truncated DER length at offset " + pos);
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (buf[p++] & 0xff);
            }
        }
        if (len > limit - p) {
            throw new DerException("DER element at offset " + pos + " claims " + len + " bytes, only " + (limit - p) + " left");
        }
        return new Element(tag, buf, pos, p, p + (int) len);
    }

    static String decodeOid(byte[] b) throws DerException {
        if (b.length == 0) {
            throw new DerException("empty OID");
        }
        StringBuilder sb = new StringBuilder();
        long value = 0;
        boolean first = true;
        for (int i = 0; i < b.length; i++) {
            value = (value << 7) | (b[i] & 0x7f);
            if (value > (1L << 56)) {
                throw new DerException("OID arc too large");
            }
            if ((b[i] & 0x80) == 0) {
                if (first) {
                    long a = Math.min(value / 40, 2);
                    sb.append(a).append('.').append(value - a * 40);
                    first = false;
                } else {
                    sb.append('.').append(value);
                }
                value = 0;
            } else if (i == b.length - 1) {
                throw new DerException("truncated OID");
            }
        }
        return sb.toString();
    }

    // ---- writing (only what re-wrapping PKCS#1 into PKCS#8 needs) ----

    public static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            content.writeBytes(p);
        }
        byte[] c = content.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = c.length;
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len);
        } else {
            out.write(0x83);
            out.write(len >> 16);
            out.write(len >> 8);
            out.write(len);
        }
        out.writeBytes(c);
        return out.toByteArray();
    }

    public static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeArc(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            writeArc(out, Long.parseLong(arcs[i]));
        }
        return tlv(OID, out.toByteArray());
    }

    private static void writeArc(ByteArrayOutputStream out, long v) {
        int n = 1;
        while ((v >>> (7 * n)) != 0) {
            n++;
        }
        for (int i = n - 1; i >= 0; i--) {
            int b = (int) ((v >>> (7 * i)) & 0x7f);
            out.write(i == 0 ? b : b | 0x80);
        }
    }
}
