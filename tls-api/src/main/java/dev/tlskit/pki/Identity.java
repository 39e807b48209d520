package dev.tlskit.pki;

import dev.tlskit.TlsCredentialException;
import dev.tlskit.TlsCredentialException.Kind;
import dev.tlskit.internal.pem.PemBlock;
import dev.tlskit.internal.pem.PemReader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A private key and its certificate chain (leaf first): what the seed's {@code SSLContext.load_cert_chain} loads and
 * pyOpenSSL's {@code use_certificate_file} + {@code use_privatekey_file} + {@code check_privatekey} assemble.
 * Immutable.
 *
 * <h2>Loading</h2>
 * {@link #load(Path, Path, PasswordSource)} reads every certificate of {@code certfile} (the first is the leaf, the
 * rest its chain), reads the key from {@code keyfile} or, when that is {@code null}, from {@code certfile} itself, and
 * checks that the key belongs to the leaf ({@link Kind#KEY_MISMATCH} otherwise, the seed's
 * {@code KEY_VALUES_MISMATCH}).
 *
 * <pre>{@code
 * Identity id = Identity.load(Path.of("fullchain.pem"), Path.of("privkey.pem"), null);
 * System.out.println(id.keyType() + " " + id.leaf().getSubjectX500Principal());
 * }</pre>
 */
public final class Identity {
    private final PrivateKey key;
    private final List<X509Certificate> chain;

    private Identity(PrivateKey key, List<X509Certificate> chain) {
        this.key = key;
        this.chain = List.copyOf(chain);
    }

    /**
     * An identity from objects already in memory; checks that the key matches the leaf.
     *
     * @param chain the leaf first, then its issuers; must not be empty
     */
    public static Identity of(PrivateKey key, List<X509Certificate> chain) throws TlsCredentialException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(chain, "chain");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("the certificate chain must contain at least the leaf certificate");
        }
        PrivateKeys.checkMatch(key, chain.get(0), "the given private key");
        return new Identity(key, chain);
    }

    /**
     * The seed's {@code load_cert_chain(certfile, keyfile=None, password=None)}.
     *
     * @param certfile PEM (or DER) with the leaf certificate first, then any intermediates
     * @param keyfile  the private key file, or {@code null} when the key is in {@code certfile}
     * @param password for an encrypted key, or {@code null}; a callback is called only if the key is encrypted
     */
    public static Identity load(Path certfile, Path keyfile, PasswordSource password) throws TlsCredentialException {
        Objects.requireNonNull(certfile, "certfile");
        List<X509Certificate> chain;
        PrivateKey key;
        if (keyfile == null) {
            byte[] data = CredentialFiles.read(certfile);
            String source = certfile.toString();
            if (!PemReader.looksLikePem(data)) {
                throw new TlsCredentialException(Kind.MALFORMED, source,
                        source + " is DER; a key in the certificate file requires PEM (or pass a keyfile)", null);
            }
            List<PemBlock> blocks = PemReader.read(new String(data, StandardCharsets.ISO_8859_1), source);
            chain = Certificates.certificatesIn(blocks);
            if (chain.isEmpty()) {
                throw new TlsCredentialException(Kind.NO_CERTIFICATE, source,
                        "no start line: " + source + " does not contain a PEM certificate", null);
            }
            key = PrivateKeys.fromBlocks(blocks, source, password);
        } else {
            chain = Certificates.read(certfile);
            key = PrivateKeys.read(keyfile, password);
        }
        PrivateKeys.checkMatch(key, chain.get(0), keyfile == null ? certfile.toString() : keyfile.toString());
        return new Identity(key, chain);
    }

    /**
     * A PKCS#12 file ({@code .p12}/{@code .pfx}, e.g. from {@code openssl pkcs12 -export}): its first private key and
     * that key's certificate chain. A convenience the seeds lack (pyOpenSSL dropped {@code load_pkcs12}); OpenSSL 3's
     * default AES-256/PBKDF2 encryption and the legacy 3DES/RC2 one both load. The JDK's PKCS#12 reader takes ASCII
     * passwords only (a non-ASCII one fails as {@link Kind#BAD_PASSWORD}).
     *
     * <pre>{@code
     * Identity id = Identity.loadPkcs12(Path.of("server.p12"), PasswordSource.of("secret".toCharArray()));
     * }</pre>
     *
     * @param password the import password; {@code null} for a file made with {@code -passout pass:} (empty)
     * @throws TlsCredentialException {@link Kind#BAD_PASSWORD} for a wrong password, {@link Kind#MALFORMED} for a file
     *                                that is not PKCS#12 or holds no private key, {@link Kind#FILE_NOT_READABLE}
     */
    public static Identity loadPkcs12(Path file, PasswordSource password) throws TlsCredentialException {
        return Pkcs12.load(file, password);
    }

    public PrivateKey key() {
        return key;
    }

    /** The leaf first, then the certificates sent with it. Unmodifiable. */
    public List<X509Certificate> chain() {
        return chain;
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** The JCA algorithm of the key: {@code "RSA"}, {@code "EC"}, {@code "EdDSA"}, {@code "RSASSA-PSS"}, ... */
    public String keyType() {
        return key.getAlgorithm();
    }

    @Override
    public String toString() {
        return "Identity(" + keyType() + ", " + leaf().getSubjectX500Principal().getName() + ", chain=" + chain.size() + ")";
    }
}
