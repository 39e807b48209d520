package dev.tlskit.fuzz;

import dev.tlskit.pki.Identity;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates for the fuzz targets, made with BouncyCastle (P-256, self-signed): fast enough to make per input. */
final class FuzzPki {
    private static final KeyPair KEY = generate();
    /** A "localhost" server identity for the record targets. */
    static final Identity LOCALHOST = identity();

    private FuzzPki() {
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Identity identity() {
        try {
            return Identity.of(KEY.getPrivate(), List.of(certificate("CN=localhost", new GeneralName(GeneralName.dNSName, "localhost"))));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed certificate with [subject] and these subjectAltNames (none if empty). */
    static X509Certificate certificate(String subject, GeneralName... sans) throws Exception {
        long now = System.currentTimeMillis();
        var b = new JcaX509v3CertificateBuilder(new X500Name(subject), BigInteger.valueOf(now), new Date(now - 3_600_000),
                new Date(now + 86_400_000), new X500Name(subject), KEY.getPublic());
        if (sans.length > 0) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
        }
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(KEY.getPrivate())));
    }
}
