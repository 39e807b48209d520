package dev.tlskit;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The encoding of a certificate or key file: the seed's pyOpenSSL {@code FILETYPE_*} (the {@code filetype} of
 * {@code Context.use_certificate_file} and {@code use_privatekey_file}). Values equal pyOpenSSL's, which defines them
 * in {@code OpenSSL.crypto} (OpenSSL's {@code SSL_FILETYPE_*}).
 *
 * <h2>Seed</h2>
 * pyOpenSSL {@code FILETYPE_PEM} and {@code FILETYPE_ASN1}. {@code OpenSSL.crypto.FILETYPE_TEXT} (65535) is left out:
 * it is only an output format of {@code crypto.dump_*}, never accepted by the {@code SSL} file loaders.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * FileType.fromCode(2)   // Optional[FILETYPE_ASN1]
 * }</pre>
 */
public enum FileType {
    /** Base64 text between {@code -----BEGIN ...-----} lines (RFC 7468); the default. */
    FILETYPE_PEM(1),
    /** Binary DER (ASN.1). */
    FILETYPE_ASN1(2);

    private static final Map<Integer, FileType> BY_CODE =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(FileType::code, Function.identity()));

    private final int code;

    FileType(int code) {
        this.code = code;
    }

    /** pyOpenSSL's numeric value. */
    public int code() {
        return code;
    }

    /** The constant with this numeric value, if any. */
    public static Optional<FileType> fromCode(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }
}
