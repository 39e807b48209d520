package dev.tlskit;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The seed's {@code ssl.SSLErrorNumber} ({@code SSL_ERROR_*}): which family an error belongs to, as
 * {@link TlsException#errorNumber()}. Values equal CPython's on OpenSSL 3.
 */
public enum SslErrorNumber {
    SSL_ERROR_SSL(1),
    SSL_ERROR_WANT_READ(2),
    SSL_ERROR_WANT_WRITE(3),
    SSL_ERROR_WANT_X509_LOOKUP(4),
    SSL_ERROR_SYSCALL(5),
    SSL_ERROR_ZERO_RETURN(6),
    SSL_ERROR_WANT_CONNECT(7),
    SSL_ERROR_EOF(8),
    SSL_ERROR_INVALID_ERROR_CODE(10);

    private static final Map<Integer, SslErrorNumber> BY_CODE =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(SslErrorNumber::code, Function.identity()));

    private final int code;

    SslErrorNumber(int code) {
        this.code = code;
    }

    /** The seed's numeric value. */
    public int code() {
        return code;
    }

    /** The constant with this numeric value, if any. */
    public static Optional<SslErrorNumber> fromCode(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }
}
