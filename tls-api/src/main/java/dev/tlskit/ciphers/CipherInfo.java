package dev.tlskit.ciphers;

/**
 * A negotiated cipher suite: the seed's {@code SSLSocket.cipher()} triple {@code (name, protocol, secret_bits)} plus the
 * JSSE/IANA name.
 *
 * <pre>{@code
 * conn.cipher().ifPresent(c -> System.out.println(c.name() + " " + c.protocol() + " " + c.secretBits()));
 * // ECDHE-RSA-AES256-GCM-SHA384 TLSv1.2 256
 * }</pre>
 *
 * @param name       OpenSSL's name, e.g. {@code "ECDHE-RSA-AES128-GCM-SHA256"} or {@code "TLS_AES_256_GCM_SHA384"}
 * @param protocol   the protocol version the connection negotiated, e.g. {@code "TLSv1.3"}
 * @param secretBits the suite's symmetric strength in bits (the seed's {@code secret_bits})
 * @param ianaName   the IANA/JSSE name, e.g. {@code "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}
 */
public record CipherInfo(String name, String protocol, int secretBits, String ianaName) {
}
