package dev.tlskit.fuzz;

import dev.tlskit.TlsException;

/**
 * The one invariant every fuzz target checks: whatever the input, only a documented {@link TlsException} subtype or
 * {@link IllegalArgumentException} (API misuse) escapes. Anything else — a {@code NullPointerException}, an
 * {@code ArrayIndexOutOfBoundsException}, a raw JDK {@code CertificateException} or {@code SSLException} — is a finding.
 */
final class Invariant {
    /** How long one target fuzzes in fuzzing mode ({@code JAZZER_FUZZ=1}); regression runs replay seeds only. */
    static final String FUZZ_DURATION = "30m";

    private Invariant() {
    }

    /** A piece of code under fuzz that may throw anything. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    /** Runs [body]; documented failures are fine, anything else is rethrown as a finding. */
    static void onlyTypedFailures(Body body) {
        try {
            body.run();
        } catch (TlsException | IllegalArgumentException expected) {
            if (expected.getMessage() == null || expected.getMessage().isBlank()) {
                throw new AssertionError("a typed failure without a message", expected);
            }
        } catch (Exception e) {
            throw new AssertionError("undocumented exception escaped: " + e, e);
        }
    }
}
