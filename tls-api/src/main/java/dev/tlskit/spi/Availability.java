package dev.tlskit.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether a provider can be used here, and if not, why and what to do about it.
 *
 * <pre>{@code
 * Availability a = provider.availability();
 * if (!a.isAvailable()) System.err.println(a.reason() + " (" + a.hint() + ")");
 * }</pre>
 */
public final class Availability {
    private static final Availability AVAILABLE = new Availability(true, "available", "", null);

    private final boolean available;
    private final String reason;
    private final String hint;
    private final Throwable cause;

    private Availability(boolean available, String reason, String hint, Throwable cause) {
        this.available = available;
        this.reason = reason;
        this.hint = hint;
        this.cause = cause;
    }

    public static Availability available() {
        return AVAILABLE;
    }

    /**
     * @param reason what failed, e.g. "native library libconscrypt_openjdk_jni-linux-aarch_64 could not be loaded"
     * @param hint   how to fix it, e.g. "use -Dtlskit.provider=jdk"
     * @param cause  the underlying error, or {@code null}
     */
    public static Availability unavailable(String reason, String hint, Throwable cause) {
        return new Availability(false, Objects.requireNonNull(reason, "reason"), hint == null ? "" : hint, cause);
    }

    public boolean isAvailable() {
        return available;
    }

    public String reason() {
        return reason;
    }

    public String hint() {
        return hint;
    }

    public Optional<Throwable> cause() {
        return Optional.ofNullable(cause);
    }

    @Override
    public String toString() {
        return available ? "available" : "unavailable: " + reason + (hint.isEmpty() ? "" : " (" + hint + ")");
    }
}
