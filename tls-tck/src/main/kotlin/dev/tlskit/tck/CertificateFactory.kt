package dev.tlskit.tck

import org.bouncycastle.asn1.ASN1Encodable
import org.bouncycastle.asn1.DERSequence
import org.bouncycastle.asn1.x500.X500Name
import org.bouncycastle.asn1.x509.BasicConstraints
import org.bouncycastle.asn1.x509.CRLNumber
import org.bouncycastle.asn1.x509.CRLReason
import org.bouncycastle.asn1.x509.ExtendedKeyUsage
import org.bouncycastle.asn1.x509.Extension
import org.bouncycastle.asn1.x509.GeneralName
import org.bouncycastle.asn1.x509.KeyPurposeId
import org.bouncycastle.asn1.x509.KeyUsage
import org.bouncycastle.cert.X509v2CRLBuilder
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator
import org.bouncycastle.openssl.jcajce.JcaPEMWriter
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder
import org.bouncycastle.jce.provider.BouncyCastleProvider
import org.bouncycastle.openssl.PKCS8Generator
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo
import org.bouncycastle.util.io.pem.PemObject
import org.bouncycastle.util.io.pem.PemWriter
import java.io.StringWriter
import java.security.interfaces.ECPrivateKey
import java.math.BigInteger
import java.security.KeyPair
import java.security.KeyPairGenerator
import java.security.PrivateKey
import java.security.PublicKey
import java.security.SecureRandom
import java.security.cert.X509CRL
import java.security.cert.X509Certificate
import java.security.spec.ECGenParameterSpec
import java.time.Instant
import java.util.Date

/**
 * What a certificate is for; decides basicConstraints, keyUsage and extendedKeyUsage.
 */
internal enum class CertRole { CA, SERVER, CLIENT, SERVER_AND_CLIENT }

/**
 * Makes keys, certificates and CRLs with BouncyCastle's builders.
 *
 * No JCA provider is registered globally (the project never calls
 * `Security.insertProviderAt`); keys and signatures use the JDK's own providers and
 * the one operation the JDK cannot do (PBES2 PEM encryption) gets a private
 * BouncyCastle provider instance.
 */
internal class CertificateFactory(private val random: SecureRandom = SecureRandom()) {
    private val extUtils = JcaX509ExtensionUtils()
    private val bcProvider by lazy { BouncyCastleProvider() }

    fun rsaKeyPair(bits: Int = 2048): KeyPair =
        KeyPairGenerator.getInstance("RSA").apply { initialize(bits, random) }.generateKeyPair()

    fun ecKeyPair(curve: String = "secp256r1"): KeyPair =
        KeyPairGenerator.getInstance("EC").apply { initialize(ECGenParameterSpec(curve), random) }.generateKeyPair()

    /** A positive serial of up to 127 bits, never zero (RFC 5280 §4.1.2.2). */
    fun serial(): BigInteger = BigInteger(127, random).add(BigInteger.ONE)

    /**
     * Issues a certificate. [issuer] `null` means self-signed with [subjectKeys].
     *
     * @param pathLen for CAs: the basicConstraints path length, `null` for none.
     */
    fun issue(
        subject: X500Name,
        subjectKeys: KeyPair,
        issuer: Pair<X509Certificate, PrivateKey>?,
        notBefore: Instant,
        notAfter: Instant,
        role: CertRole,
        sans: List<GeneralName> = emptyList(),
        pathLen: Int? = null,
        serial: BigInteger = serial(),
    ): X509Certificate {
        val issuerName = issuer?.let { X500Name.getInstance(it.first.subjectX500Principal.encoded) } ?: subject
        val signingKey = issuer?.second ?: subjectKeys.private
        val builder = JcaX509v3CertificateBuilder(
            issuerName, serial, Date.from(notBefore), Date.from(notAfter), subject, subjectKeys.public,
        )
        builder.addExtension(Extension.subjectKeyIdentifier, false, extUtils.createSubjectKeyIdentifier(subjectKeys.public))
        val akiKey: PublicKey = issuer?.first?.publicKey ?: subjectKeys.public
        builder.addExtension(Extension.authorityKeyIdentifier, false, extUtils.createAuthorityKeyIdentifier(akiKey))
        when (role) {
            CertRole.CA -> {
                val bc = if (pathLen == null) BasicConstraints(true) else BasicConstraints(pathLen)
                builder.addExtension(Extension.basicConstraints, true, bc)
                builder.addExtension(
                    Extension.keyUsage, true,
                    KeyUsage(KeyUsage.keyCertSign or KeyUsage.cRLSign or KeyUsage.digitalSignature),
                )
            }
            else -> {
                builder.addExtension(Extension.basicConstraints, true, BasicConstraints(false))
                val isRsa = subjectKeys.public.algorithm == "RSA"
                val ku = if (isRsa) KeyUsage.digitalSignature or KeyUsage.keyEncipherment else KeyUsage.digitalSignature
                builder.addExtension(Extension.keyUsage, true, KeyUsage(ku))
                val purposes = when (role) {
                    CertRole.SERVER -> arrayOf(KeyPurposeId.id_kp_serverAuth)
                    CertRole.CLIENT -> arrayOf(KeyPurposeId.id_kp_clientAuth)
                    else -> arrayOf(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth)
                }
                builder.addExtension(Extension.extendedKeyUsage, false, ExtendedKeyUsage(purposes))
            }
        }
        if (sans.isNotEmpty()) {
            builder.addExtension(
                Extension.subjectAlternativeName, false,
                DERSequence(sans.map { it as ASN1Encodable }.toTypedArray()),
            )
        }
        val signer = JcaContentSignerBuilder(signatureAlgorithm(signingKey)).build(signingKey)
        return JcaX509CertificateConverter().getCertificate(builder.build(signer))
    }

    /** A v2 CRL from [issuer] listing [revoked] (reason keyCompromise), valid from [thisUpdate] to [nextUpdate]. */
    fun crl(
        issuer: Pair<X509Certificate, PrivateKey>,
        revoked: List<X509Certificate>,
        thisUpdate: Instant,
        nextUpdate: Instant,
    ): X509CRL {
        val builder = X509v2CRLBuilder(X500Name.getInstance(issuer.first.subjectX500Principal.encoded), Date.from(thisUpdate))
        builder.setNextUpdate(Date.from(nextUpdate))
        for (cert in revoked) builder.addCRLEntry(cert.serialNumber, Date.from(thisUpdate), CRLReason.keyCompromise)
        builder.addExtension(Extension.authorityKeyIdentifier, false, extUtils.createAuthorityKeyIdentifier(issuer.first.publicKey))
        builder.addExtension(Extension.cRLNumber, false, CRLNumber(BigInteger.ONE))
        val signer = JcaContentSignerBuilder(signatureAlgorithm(issuer.second)).build(issuer.second)
        return JcaX509CRLConverter().getCRL(builder.build(signer))
    }

    /** PEM text of any object BouncyCastle's writer knows (certificates, CRLs; keys in their traditional form). */
    fun pem(vararg objects: Any): String = StringWriter().also { sw ->
        JcaPEMWriter(sw).use { w -> objects.forEach { w.writeObject(JcaMiscPEMGenerator(it)) } }
    }.toString()

    /** `BEGIN PRIVATE KEY` (unencrypted PKCS#8). */
    fun pkcs8Pem(key: PrivateKey): String = StringWriter().also { sw ->
        JcaPEMWriter(sw).use { it.writeObject(JcaPKCS8Generator(key, null)) }
    }.toString()

    /** `BEGIN ENCRYPTED PRIVATE KEY`: PKCS#8 with PBES2, PBKDF2-HMAC-SHA256 and AES-256-CBC. */
    fun encryptedPkcs8Pem(key: PrivateKey, password: String): String {
        val encryptor = JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
            .setPRF(PKCS8Generator.PRF_HMACSHA256)
            .setIterationCount(2048)
            .setRandom(random)
            .setProvider(bcProvider)
            .setPassword(password.toCharArray())
            .build()
        return StringWriter().also { sw ->
            JcaPEMWriter(sw).use { it.writeObject(JcaPKCS8Generator(key, encryptor)) }
        }.toString()
    }

    /**
     * `BEGIN EC PRIVATE KEY` (SEC1, RFC 5915) with the named curve and the public key, the
     * form `openssl ecparam -genkey` writes. BouncyCastle's writer would copy the JDK's
     * PKCS#8 inner structure, which lacks the curve, and OpenSSL refuses that.
     */
    fun sec1Pem(key: ECPrivateKey, public: PublicKey): String {
        val curve = PrivateKeyInfo.getInstance(key.encoded).privateKeyAlgorithm.parameters
        val publicBits = SubjectPublicKeyInfo.getInstance(public.encoded).publicKeyData
        val sec1 = org.bouncycastle.asn1.sec.ECPrivateKey(key.params.order.bitLength(), key.s, publicBits, curve)
        return StringWriter().also { sw ->
            PemWriter(sw).use { it.writeObject(PemObject("EC PRIVATE KEY", sec1.encoded)) }
        }.toString()
    }

    private fun signatureAlgorithm(key: PrivateKey): String =
        if (key.algorithm == "EC") "SHA256withECDSA" else "SHA256withRSA"
}
