package dev.tlskit.samples.cli

import org.bouncycastle.asn1.x500.X500Name
import org.bouncycastle.asn1.x509.BasicConstraints
import org.bouncycastle.asn1.x509.ExtendedKeyUsage
import org.bouncycastle.asn1.x509.Extension
import org.bouncycastle.asn1.x509.GeneralName
import org.bouncycastle.asn1.x509.GeneralNames
import org.bouncycastle.asn1.x509.KeyPurposeId
import org.bouncycastle.asn1.x509.KeyUsage
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder
import org.bouncycastle.openssl.jcajce.JcaPEMWriter
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder
import java.math.BigInteger
import java.nio.file.Files
import java.nio.file.Path
import java.security.KeyPair
import java.security.KeyPairGenerator
import java.security.SecureRandom
import java.security.cert.X509Certificate
import java.security.spec.ECGenParameterSpec
import java.time.Duration
import java.time.Instant
import java.util.Base64
import java.util.Date

/**
 * A throwaway PKI for `tlskit demo`: a CA and a `localhost` server certificate (SAN DNS:localhost, IP:127.0.0.1),
 * written as PEM files into a temporary directory that is deleted when the demo ends.
 */
internal class DemoPki private constructor(val dir: Path) : AutoCloseable {
    val caFile: Path = dir.resolve("ca.pem")
    val certFile: Path = dir.resolve("localhost.pem")
    val keyFile: Path = dir.resolve("localhost.key")

    override fun close() {
        Files.walk(dir).sorted(Comparator.reverseOrder()).forEach { Files.deleteIfExists(it) }
    }

    companion object {
        fun create(): DemoPki {
            val pki = DemoPki(Files.createTempDirectory("tlskit-demo"))
            val caKeys = ecKeys()
            val ca = sign(X500Name("CN=tlskit demo CA"), caKeys, X500Name("CN=tlskit demo CA"), caKeys, ca = true)
            val leafKeys = ecKeys()
            val leaf = sign(X500Name("CN=localhost"), leafKeys, X500Name("CN=tlskit demo CA"), caKeys, ca = false)
            pem(pki.caFile, ca)
            pem(pki.certFile, leaf)
            Files.writeString(pki.keyFile, pkcs8Pem(leafKeys.private.encoded))
            return pki
        }

        private fun ecKeys(): KeyPair =
            KeyPairGenerator.getInstance("EC").apply { initialize(ECGenParameterSpec("secp256r1")) }.generateKeyPair()

        private fun sign(subject: X500Name, keys: KeyPair, issuer: X500Name, issuerKeys: KeyPair, ca: Boolean): X509Certificate {
            val now = Instant.now()
            val ext = JcaX509ExtensionUtils()
            val b = JcaX509v3CertificateBuilder(
                issuer, BigInteger(64, SecureRandom()).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject, keys.public,
            )
            b.addExtension(Extension.basicConstraints, true, BasicConstraints(ca))
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.public))
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerKeys.public))
            if (ca) {
                b.addExtension(Extension.keyUsage, true, KeyUsage(KeyUsage.keyCertSign or KeyUsage.cRLSign))
            } else {
                b.addExtension(Extension.keyUsage, true, KeyUsage(KeyUsage.digitalSignature))
                b.addExtension(Extension.extendedKeyUsage, false, ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                b.addExtension(
                    Extension.subjectAlternativeName, false,
                    GeneralNames(arrayOf(GeneralName(GeneralName.dNSName, "localhost"), GeneralName(GeneralName.iPAddress, "127.0.0.1"))),
                )
            }
            val signer = JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.private)
            return JcaX509CertificateConverter().getCertificate(b.build(signer))
        }

        private fun pkcs8Pem(der: ByteArray): String =
            "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".toByteArray()).encodeToString(der) +
                "\n-----END PRIVATE KEY-----\n"

        private fun pem(path: Path, obj: Any) {
            Files.newBufferedWriter(path).use { w -> JcaPEMWriter(w).use { it.writeObject(obj) } }
        }
    }
}
