package dev.tlskit;

import java.util.Optional;

/**
 * A certificate, key, CA bundle or password could not be used. The message names the file (or "cadata"), the PEM
 * block number where it applies, and the reason. The seed raises {@code SSLError} for these
 * ({@code "[SSL] PEM lib"}, {@code "KEY_VALUES_MISMATCH"}, {@code "BAD_DECRYPT"}, {@code "NO_START_LINE"}) and
 * {@code FileNotFoundError} for a missing file.
 *
 * <pre>{@code
 * try { ctx.loadCertChain(Path.of("cert.pem"), Path.of("key.pem"), PasswordSource.of("secret".toCharArray())); }
 * catch (TlsCredentialException e) { System.err.println(e.kind() + ": " + e.getMessage()); }
 * }</pre>
 */
public final class TlsCredentialException extends TlsException {
    private static final long serialVersionUID = 1L;

    /** Why the credential could not be used; {@link #reason()} carries the OpenSSL mnemonic. */
    public enum Kind {
        /** The file does not exist or cannot be read (the seed: {@code FileNotFoundError}/{@code OSError}). */
        FILE_NOT_READABLE("SYSTEM_LIB"),
        /** No PEM block of the expected type, or DER that does not parse (OpenSSL: {@code NO_START_LINE}, {@code PEM lib}). */
        MALFORMED("PEM_LIB"),
        /** A PEM block ends early or its base64 is broken. */
        TRUNCATED("BAD_END_LINE"),
        /** The input holds no certificate at all where one was needed. */
        NO_CERTIFICATE("NO_CERTIFICATE_OR_CRL_FOUND"),
        /** The key is encrypted and no password was given. */
        PASSWORD_REQUIRED("BAD_PASSWORD_READ"),
        /** The password does not decrypt the key, or is too long / of the wrong type. */
        BAD_PASSWORD("BAD_DECRYPT"),
        /** The key or encryption algorithm is not supported. */
        UNSUPPORTED_ALGORITHM("UNSUPPORTED_ALGORITHM"),
        /** The private key does not belong to the certificate. */
        KEY_MISMATCH("KEY_VALUES_MISMATCH");

        private final String reason;

        Kind(String reason) {
            this.reason = reason;
        }

        /** The OpenSSL-style reason mnemonic reported by {@link TlsException#reason()}. */
        public String reason() {
            return reason;
        }
    }

    private final Kind kind;
    private final String source;

    public TlsCredentialException(Kind kind, String source, String message, Throwable cause) {
        super(SslErrorNumber.SSL_ERROR_SSL, kind.reason(), withPemLib(kind, message), cause);
        this.kind = kind;
        this.source = source;
    }

    /**
     * OpenSSL files every unreadable PEM input under its "PEM lib" reason, and the seed's tests match that fragment
     * ({@code "PEM (lib|routines)"}); the message keeps tlskit's own explanation in front of it.
     */
    private static String withPemLib(Kind kind, String message) {
        boolean pem = kind == Kind.MALFORMED || kind == Kind.TRUNCATED || kind == Kind.NO_CERTIFICATE;
        return pem && message != null && !message.contains("PEM lib") ? message + " [SSL] PEM lib" : message;
    }

    public Kind kind() {
        return kind;
    }

    /** The file path, or a description such as {@code "cadata"}, the error came from. */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }
}
