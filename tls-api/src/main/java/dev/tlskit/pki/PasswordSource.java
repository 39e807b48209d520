package dev.tlskit.pki;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The password for an encrypted private key: the seed's {@code password} argument of
 * {@code SSLContext.load_cert_chain} (a string, bytes, or a callable returning either) and pyOpenSSL's
 * {@code Context.set_passwd_cb}.
 *
 * <h2>Rules (as CPython applies them)</h2>
 * <ul>
 *   <li>A callback is called only when a key is actually encrypted, at most once per key.</li>
 *   <li>Text is encoded as UTF-8; the encoded password may be at most {@value #MAX_LENGTH} bytes (OpenSSL's
 *       {@code PEM_BUFSIZE}); longer gives {@link IllegalArgumentException}
 *       {@code "password cannot be longer than 1024 bytes"}.</li>
 *   <li>A callback returning something other than {@code char[]}, {@code String} or {@code byte[]} gives
 *       {@link IllegalArgumentException} {@code "password callback must return a string"}.</li>
 * </ul>
 * Arrays are copied on the way in and on the way out; the caller may wipe its own copy right after.
 *
 * <pre>{@code
 * Identity id = Identity.load(Path.of("cert.pem"), Path.of("key.pem"), PasswordSource.of("secret".toCharArray()));
 * Identity lazy = Identity.load(cert, key, PasswordSource.callback(() -> System.getenv("KEY_PASSWORD")));
 * }</pre>
 */
public final class PasswordSource {
    /** OpenSSL's {@code PEM_BUFSIZE}: CPython refuses longer passwords. */
    public static final int MAX_LENGTH = 1024;

    private final byte[] fixed;
    private final Supplier<Object> callback;

    private PasswordSource(byte[] fixed, Supplier<Object> callback) {
        this.fixed = fixed;
        this.callback = callback;
    }

    /** A fixed password, encoded as UTF-8. */
    public static PasswordSource of(char[] password) {
        Objects.requireNonNull(password, "password");
        return new PasswordSource(validate(encode(password)), null);
    }

    /** A fixed password given as raw bytes (used as-is, conventionally UTF-8). */
    public static PasswordSource of(byte[] password) {
        Objects.requireNonNull(password, "password");
        return new PasswordSource(validate(password.clone()), null);
    }

    /**
     * A password fetched on demand; the supplier returns {@code char[]}, {@link String} or {@code byte[]} and is called
     * only when a key is encrypted.
     */
    public static PasswordSource callback(Supplier<Object> supplier) {
        return new PasswordSource(null, Objects.requireNonNull(supplier, "supplier"));
    }

    /** Whether this source calls back (false for a fixed password). */
    public boolean isCallback() {
        return callback != null;
    }

    /**
     * The password as UTF-8 bytes (a fresh copy); calls the callback if this is one.
     *
     * @throws IllegalArgumentException the callback returned a wrong type or the password is too long
     */
    public byte[] passwordBytes() {
        if (fixed != null) {
            return fixed.clone();
        }
        Object value = callback.get();
        byte[] bytes;
        if (value instanceof char[] chars) {
            bytes = encode(chars);
        } else if (value instanceof String s) {
            bytes = s.getBytes(StandardCharsets.UTF_8);
        } else if (value instanceof byte[] b) {
            bytes = b.clone();
        } else {
            throw new IllegalArgumentException("password callback must return a string (char[], String or byte[]), got "
                    + (value == null ? "null" : value.getClass().getName()));
        }
        return validate(bytes);
    }

    /** The password as characters (bytes decoded as UTF-8); calls the callback if this is one. */
    public char[] password() {
        byte[] bytes = passwordBytes();
        try {
            CharBuffer cb = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
            char[] out = new char[cb.remaining()];
            cb.get(out);
            Arrays.fill(cb.array(), '\0');
            return out;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static byte[] encode(char[] chars) {
        ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] out = new byte[bb.remaining()];
        bb.get(out);
        Arrays.fill(bb.array(), (byte) 0);
        return out;
    }

    private static byte[] validate(byte[] bytes) {
        if (bytes.length > MAX_LENGTH) {
            Arrays.fill(bytes, (byte) 0);
            throw new IllegalArgumentException("password cannot be longer than " + MAX_LENGTH + " bytes");
        }
        return bytes;
    }

    @Override
    public String toString() {
        return callback != null ? "PasswordSource(callback)" : "PasswordSource(****)";
    }
}
