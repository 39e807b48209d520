package dev.tlskit.internal;

import dev.tlskit.TlsException;
import dev.tlskit.TlsProtocolException;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLException;

/**
 * Checks the header of the TLS record at the head of the inbound bytes before the engine sees it, as OpenSSL's record
 * layer does as soon as the header is there (the seeds' behaviour): bytes that are no TLS record fail with
 * {@code WRONG_VERSION_NUMBER}, and a length over 2<sup>14</sup> + 2048 (RFC 5246 section 6.2.3, RFC 8446 section 5.2)
 * with {@code ENCRYPTED_LENGTH_TOO_LONG} (OpenSSL's reason; it sends {@code record_overflow}).
 *
 * <p>Without it the backends disagree with the seeds and with each other: SunJSSE waits for the ~21 KB a text line such
 * as {@code "SSH-2.0-..."} announces as a record length (then reports an EOF, or hangs while the peer keeps the
 * connection open), and it reads an oversized record as a handshake message ("exceeds the maximum allowed size"), as
 * a record that fails to decrypt, or as "input record too big", depending on the state; BoringSSL refuses both at the
 * header. SSLv2-format ClientHellos (high bit set) are left to the engine.
 */
final class RecordGuard {
    /** The largest record length a peer may announce. */
    static final int MAX_CIPHERTEXT = 16384 + 2048;

    private RecordGuard() {
    }

    /** Throws {@link Violation} when the bytes at {@code src}'s position cannot start a TLS record. */
    static void check(ByteBuffer src) throws Violation {
        int at = src.position();
        int have = src.remaining();
        if (have < 1) {
            return;
        }
        int type = src.get(at) & 0xff;
        if ((type & 0x80) != 0) {
            return; // SSLv2-format hello: the engine accepts or refuses it
        }
        if (type < 20 || type > 24 || (have >= 2 && src.get(at + 1) != 3)) {
            throw new Violation(new TlsProtocolException("WRONG_VERSION_NUMBER", "[SSL: WRONG_VERSION_NUMBER] wrong "
                    + "version number (the peer sent bytes that are no TLS record: " + hex(src, at, Math.min(have, 5))
                    + "...; is it speaking another protocol, or plain text?)", null));
        }
        if (have >= 5) {
            int length = ((src.get(at + 3) & 0xff) << 8) | (src.get(at + 4) & 0xff);
            if (length > MAX_CIPHERTEXT) {
                throw new Violation(new TlsProtocolException("ENCRYPTED_LENGTH_TOO_LONG",
                        "[SSL: ENCRYPTED_LENGTH_TOO_LONG] encrypted length too long (the peer announced a record of "
                                + length + " bytes, more than the " + MAX_CIPHERTEXT + " TLS allows: record_overflow)",
                        null));
            }
        }
    }

    private static String hex(ByteBuffer b, int at, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(String.format("%02x", b.get(at + i) & 0xff));
        }
        return sb.toString();
    }

    /** A header the engine must not see; carries the error the caller gets. */
    static final class Violation extends SSLException {
        private static final long serialVersionUID = 1L;

        private final transient TlsException error;

        Violation(TlsException error) {
            super(error.getMessage());
            this.error = error;
        }

        TlsException error() {
            return error;
        }
    }
}
