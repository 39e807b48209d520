package dev.tlskit.internal;

import java.util.Locale;

/**
 * The OS error number behind a JVM I/O error, for pyOpenSSL's {@code SysCallError.args[0]}: the JVM keeps only the
 * text ({@code "Broken pipe"}, {@code "Connection reset"}), so the number is recovered from it (Linux numbering).
 */
public final class Errnos {
    /** {@code EPIPE}. */
    public static final int EPIPE = 32;
    /** {@code ECONNRESET}. */
    public static final int ECONNRESET = 104;
    /** {@code ENETUNREACH}. */
    public static final int ENETUNREACH = 101;
    /** {@code ETIMEDOUT}. */
    public static final int ETIMEDOUT = 110;
    /** {@code ECONNREFUSED}. */
    public static final int ECONNREFUSED = 111;
    /** {@code EHOSTUNREACH}. */
    public static final int EHOSTUNREACH = 113;

    private Errnos() {
    }

    /** The error number {@code t} (or a cause of it) stands for, or {@code -1}. */
    public static int of(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("broken pipe") || (m.contains("output") && m.contains("shutdown"))) {
                return EPIPE; // Linux write() after shutdown(SHUT_WR) fails with EPIPE; the JVM refuses it by name
            }
            if (m.contains("connection reset")) {
                return ECONNRESET;
            }
            if (m.contains("connection refused")) {
                return ECONNREFUSED;
            }
            if (m.contains("no route to host") || m.contains("host is unreachable")) {
                return EHOSTUNREACH;
            }
            if (m.contains("network is unreachable")) {
                return ENETUNREACH;
            }
            if (m.contains("timed out")) {
                return ETIMEDOUT; // "Connection timed out" from the kernel, "Connect timed out" from the socket timeout
            }
        }
        return -1;
    }
}
