package dev.tlskit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The key material every benchmark shares: an ECDSA P-256 CA and a leaf for {@code localhost} signed by it, made with
 * BouncyCastle at trial set-up. tlskit reads them as PEM files from a temporary directory; the raw engines get the
 * same keys and certificates through the standard {@link KeyManagerFactory}/{@link TrustManagerFactory} over PKCS12
 * key stores built in memory. BouncyCastle is used only as a certificate builder, never as a JCA provider, so the
 * crypto under test is the JDK's on both sides.
 */
final class BenchPki {
    /** The one suite both stacks must negotiate; the fork's {@code jdk.tls.client.cipherSuites} restricts tlskit to it. */
    static final String SUITE = "TLS_AES_128_GCM_SHA256";
    static final String PROTOCOL = "TLSv1.3";
    static final String HOST = "localhost";

    private static final char[] STORE_PASSWORD = "bench".toCharArray();
    private static BenchPki instance;

    final Path dir;
    final Path caPem;
    final Path chainPem;
    final Path keyPem;
    final X509Certificate ca;
    final X509Certificate leaf;
    final KeyPair leafKeys;

    private BenchPki(Path dir, X509Certificate ca, X509Certificate leaf, KeyPair leafKeys) throws IOException {
        this.dir = dir;
        this.ca = ca;
        this.leaf = leaf;
        this.leafKeys = leafKeys;
        this.caPem = dir.resolve("ca.pem");
        this.chainPem = dir.resolve("chain.pem");
        this.keyPem = dir.resolve("key.pem");
        writePem(caPem, ca);
        writePem(chainPem, leaf, ca);
        writePem(keyPem, new JcaPKCS8Generator(leafKeys.getPrivate(), null).generate());
    }

    /** The PKI of this JVM (one fork), made on first use; its directory is removed when the JVM exits. */
    static synchronized BenchPki get() throws Exception {
        if (instance == null) {
            instance = create();
            Path d = instance.dir;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(d)));
        }
        return instance;
    }

    private static BenchPki create() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair caKeys = kpg.generateKeyPair();
        KeyPair leafKeys = kpg.generateKeyPair();
        Instant now = Instant.now();
        Date notBefore = Date.from(now.minus(Duration.ofHours(1)));
        Date notAfter = Date.from(now.plus(Duration.ofDays(2)));
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        ContentSigner caSigner = new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate());

        X500Name caName = new X500Name("CN=tlskit bench CA");
        X509v3CertificateBuilder cb = new JcaX509v3CertificateBuilder(caName, BigInteger.ONE, notBefore, notAfter,
                caName, caKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(caKeys.getPublic()));
        X509Certificate ca = toX509(cb.build(caSigner));

        X509v3CertificateBuilder lb = new JcaX509v3CertificateBuilder(ca, BigInteger.TWO, notBefore, notAfter,
                new X500Name("CN=" + HOST), leafKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.dNSName, HOST)))
                .addExtension(Extension.subjectKeyIdentifier, false,
                        ext.createSubjectKeyIdentifier(leafKeys.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
        X509Certificate leaf = toX509(lb.build(caSigner));
        return new BenchPki(Files.createTempDirectory("tlskit-bench-"), ca, leaf, leafKeys);
    }

    private static X509Certificate toX509(org.bouncycastle.cert.X509CertificateHolder h) throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(h);
    }

    /** A SunJSSE server context with the leaf and its chain (PKCS12 in memory, default key manager algorithm). */
    SSLContext rawServerContext() throws GeneralSecurityException, IOException {
        return rawServerContext(Security.getProvider("SunJSSE"));
    }

    /** The same key material for {@code provider}'s engines (SunJSSE, or a private Conscrypt provider object). */
    SSLContext rawServerContext(Provider provider) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", leafKeys.getPrivate(), STORE_PASSWORD, new Certificate[] {leaf, ca});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, STORE_PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS", provider);
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** A SunJSSE client context that trusts the CA (PKCS12 in memory, SunJSSE's PKIX trust manager). */
    SSLContext rawClientContext() throws GeneralSecurityException, IOException {
        return rawClientContext(Security.getProvider("SunJSSE"));
    }

    /** The same trust for {@code provider}'s engines, checked by that provider's own PKIX trust manager. */
    SSLContext rawClientContext(Provider provider) throws GeneralSecurityException, IOException {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", ca);
        // the provider's own PKIX trust manager: Conscrypt's understands the "GENERIC" auth type it passes for TLS 1.3,
        // which the JDK's refuses ("Unknown authType: GENERIC")
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX", provider);
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS", provider);
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static void writePem(Path file, Object... objects) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
             JcaPEMWriter pem = new JcaPEMWriter(w)) {
            for (Object o : objects) {
                pem.writeObject(o);
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort at JVM exit
        }
    }
}
