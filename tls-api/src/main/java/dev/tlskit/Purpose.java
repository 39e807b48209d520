package dev.tlskit;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a default context is for, named by the extended-key-usage object it checks: the seed's {@code ssl.Purpose}
 * (the argument of {@code ssl.create_default_context(purpose)}). Each member carries the fields of the seed's
 * {@code _ASN1Object}: OpenSSL's NID, short name, long name and OID (parity line CONST-06).
 *
 * <h2>Seed</h2>
 * Python {@code ssl.Purpose.SERVER_AUTH} and {@code ssl.Purpose.CLIENT_AUTH}.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * Tls.createDefaultContext(Purpose.SERVER_AUTH)   // a client context that authenticates servers
 * Purpose.SERVER_AUTH.oid()                       // "1.3.6.1.5.5.7.3.1"
 * }</pre>
 *
 * <h2>Note</h2>
 * {@code SERVER_AUTH} is used to make a <em>client</em> context (it verifies servers) and {@code CLIENT_AUTH} a
 * <em>server</em> context, as in the seed.
 */
public enum Purpose {
    /** id-kp-serverAuth (RFC 5280 §4.2.1.12): the context authenticates servers, so it is a client context. */
    SERVER_AUTH(129, "serverAuth", "TLS Web Server Authentication", "1.3.6.1.5.5.7.3.1"),
    /** id-kp-clientAuth (RFC 5280 §4.2.1.12): the context authenticates clients, so it is a server context. */
    CLIENT_AUTH(130, "clientAuth", "TLS Web Client Authentication", "1.3.6.1.5.5.7.3.2");

    private static final Map<Integer, Purpose> BY_CODE =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(Purpose::code, Function.identity()));

    private final int nid;
    private final String shortName;
    private final String longName;
    private final String oid;

    Purpose(int nid, String shortName, String longName, String oid) {
        this.nid = nid;
        this.shortName = shortName;
        this.longName = longName;
        this.oid = oid;
    }

    /** The numeric value: OpenSSL's NID, the same as {@link #nid()}. */
    public int code() {
        return nid;
    }

    /** OpenSSL's numeric identifier of the object (the seed's {@code nid}), e.g. 129. */
    public int nid() {
        return nid;
    }

    /** OpenSSL's short name (the seed's {@code shortname}), e.g. {@code "serverAuth"}. */
    public String shortName() {
        return shortName;
    }

    /** OpenSSL's long name (the seed's {@code longname}), e.g. {@code "TLS Web Server Authentication"}. */
    public String longName() {
        return longName;
    }

    /** The dotted object identifier (the seed's {@code oid}), e.g. {@code "1.3.6.1.5.5.7.3.1"}. */
    public String oid() {
        return oid;
    }

    /** The constant with this NID, if any. */
    public static Optional<Purpose> fromCode(int nid) {
        return Optional.ofNullable(BY_CODE.get(nid));
    }
}
