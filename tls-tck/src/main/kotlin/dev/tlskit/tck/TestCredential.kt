package dev.tlskit.tck

import java.nio.file.Path
import java.security.MessageDigest
import java.security.PrivateKey
import java.security.cert.X509Certificate

/**
 * One certificate of the [TestPki] with its private key, as objects and as PEM files.
 *
 * The files live in the PKI's directory and are named after [name]:
 * `NAME.crt` (this certificate alone), `NAME.key` (PKCS#8, unencrypted),
 * `NAME-chain.crt` (this certificate followed by the intermediates up to, but not
 * including, the root) and `NAME-combined.pem` (the chain followed by the key, the
 * layout CPython's `keycert.pem` uses).
 *
 * @property name short file-system friendly name, e.g. `localhost` or `expired`.
 * @property certificate the certificate.
 * @property privateKey the private key belonging to [certificate].
 * @property chain [certificate] followed by its issuing intermediates (never the root).
 * @property certFile PEM file holding [certificate] only.
 * @property keyFile PEM file holding [privateKey] as unencrypted PKCS#8 (`BEGIN PRIVATE KEY`).
 * @property chainFile PEM file holding [chain].
 * @property combinedFile PEM file holding [chain] then [privateKey].
 * @property intermediatesFile PEM file holding [chain] without its first element (what
 *   `openssl s_server -cert_chain` wants), or `null` when [chain] is the certificate alone.
 */
public class TestCredential internal constructor(
    public val name: String,
    public val certificate: X509Certificate,
    public val privateKey: PrivateKey,
    public val chain: List<X509Certificate>,
    public val certFile: Path,
    public val keyFile: Path,
    public val chainFile: Path,
    public val combinedFile: Path,
    public val intermediatesFile: Path?,
) {
    /** DER encoding of [certificate]; a fresh copy on each call. */
    public val certificateDer: ByteArray get() = certificate.encoded

    /** DER (PKCS#8) encoding of [privateKey]; a fresh copy on each call. */
    public val privateKeyDer: ByteArray get() = privateKey.encoded

    /**
     * Lower-case hex SHA-256 of the certificate's DER, the form the Python peer
     * reports as `peer_cert_sha256`, so a test can tell which certificate a peer saw.
     */
    public val sha256Fingerprint: String
        get() = MessageDigest.getInstance("SHA-256").digest(certificate.encoded)
            .joinToString("") { "%02x".format(it) }

    /** The subject as an RFC 2253 string, e.g. `CN=localhost,O=tlskit`. */
    public val subject: String get() = certificate.subjectX500Principal.name

    override fun toString(): String = "TestCredential($name, $subject)"
}
