package dev.tlskit.internal;

import dev.tlskit.SslErrorNumber;
import dev.tlskit.TlsException;
import dev.tlskit.TlsSyscallException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/**
 * CPython's guard against data that arrived before the TLS handshake on a connection the peer then reset
 * ({@code SSLSocket._create}, CVE-2023-40217): such bytes are never returned as application data, and the wrap fails
 * with {@code SSLError(ENOTCONN, "Closed before TLS handshake with data in recv buffer.")}, {@code library None}.
 *
 * <p>CPython sees the reset as {@code getpeername()} failing before the handshake starts. A Java socket keeps its
 * peer address, so the socket transport recognises the same situation from what it observes during the handshake:
 * the transport failed (a reset makes the first write fail) and the first bytes the peer sent are not a TLS record.
 */
public final class PreHandshakeData {
    /** The seed's reason and message text. */
    public static final String REASON = "Closed before TLS handshake with data in recv buffer.";
    /** How long the probe read may wait; a reset socket answers at once, this only bounds a surprise. */
    private static final int PROBE_TIMEOUT_MILLIS = 1000;

    private PreHandshakeData() {
    }

    /** Whether {@code b} cannot start a TLS record (content types 20 to 24). */
    public static boolean notTls(int b) {
        return b < 20 || b > 24;
    }

    /**
     * The seed's error when the handshake over {@code socket} failed with {@code failure} because the peer had sent
     * bytes that are not TLS and reset the connection: {@code firstBytes} are what the handshake read (else, after a
     * transport failure, what is still queued in the socket), and the reset shows as that transport failure or as a
     * reset socket. {@code null} when this is not that situation (a live peer that sent junk, a peer that closed
     * cleanly, a TLS peer).
     */
    public static TlsException check(Socket socket, byte[] firstBytes, TlsException failure) {
        boolean transportFailed = failure instanceof TlsSyscallException && failure.getCause() instanceof IOException
                && !(failure.getCause() instanceof java.net.SocketTimeoutException);
        byte[] head = firstBytes;
        if (head == null && transportFailed) {
            head = drain(socket, 16, PROBE_TIMEOUT_MILLIS).data();
        }
        if (head == null || head.length == 0 || !notTls(head[0] & 0xff)) {
            return null;
        }
        if (!transportFailed && !drain(socket, 64 * 1024, 1).reset()) {
            return null;
        }
        TlsException e = new TlsException(SslErrorNumber.SSL_ERROR_SYSCALL, null, REASON, REASON + " The peer sent "
                + "bytes that are not TLS (starting \"" + printable(head) + "\") and reset the connection before the "
                + "handshake; they were discarded, not returned as data. Check that the peer speaks TLS on this port.",
                failure.getCause() != null ? failure.getCause() : failure);
        e.addSuppressed(failure);
        return e;
    }

    private record Drained(byte[] data, boolean reset) {
    }

    /**
     * Reads what the socket still holds, up to {@code limit} bytes, each read bounded by {@code timeoutMillis}: the
     * first bytes, and whether the read ended in a reset. A live peer that sends nothing more ends it with a timeout,
     * a clean close with EOF: neither is a reset.
     */
    private static Drained drain(Socket socket, int limit, int timeoutMillis) {
        byte[] first = null;
        try {
            int old = socket.getSoTimeout();
            socket.setSoTimeout(timeoutMillis);
            try {
                InputStream in = socket.getInputStream();
                byte[] b = new byte[Math.min(limit, 4096)];
                int total = 0;
                while (total < limit) {
                    int n = in.read(b);
                    if (n < 0) {
                        return new Drained(first, false);
                    }
                    if (first == null && n > 0) {
                        first = java.util.Arrays.copyOf(b, Math.min(n, 16));
                    }
                    total += n;
                }
                return new Drained(first, false);
            } finally {
                socket.setSoTimeout(old);
            }
        } catch (java.net.SocketTimeoutException e) {
            return new Drained(first, false);
        } catch (IOException | RuntimeException e) {
            return new Drained(first, !socket.isClosed()); // the read failed: the connection was reset
        }
    }

    private static String printable(byte[] head) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(head.length, 16); i++) {
            int c = head[i] & 0xff;
            sb.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? String.valueOf((char) c)
                    : String.format("\\x%02x", c));
        }
        return sb.toString();
    }
}
