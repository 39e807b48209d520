package dev.tlskit.tck

import org.bouncycastle.asn1.ASN1Encodable
import org.bouncycastle.asn1.ASN1ObjectIdentifier
import org.bouncycastle.asn1.DERUTF8String
import org.bouncycastle.asn1.DERSequence
import org.bouncycastle.asn1.x500.X500Name
import org.bouncycastle.asn1.x500.X500NameBuilder
import org.bouncycastle.asn1.x500.style.BCStyle
import org.bouncycastle.asn1.x509.BasicConstraints
import org.bouncycastle.asn1.x509.CRLNumber
import org.bouncycastle.asn1.x509.CRLReason
import org.bouncycastle.asn1.x509.ExtendedKeyUsage
import org.bouncycastle.asn1.x509.Extension
import org.bouncycastle.asn1.x509.GeneralName
import org.bouncycastle.asn1.x509.GeneralSubtree
import org.bouncycastle.asn1.x509.KeyPurposeId
import org.bouncycastle.asn1.x509.KeyUsage
import org.bouncycastle.asn1.x509.NameConstraints
import org.bouncycastle.cert.X509v2CRLBuilder
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder
import java.math.BigInteger
import java.nio.file.Files
import java.nio.file.Path
import java.security.KeyPair
import java.security.cert.X509CRL
import java.security.cert.X509Certificate
import java.time.Duration
import java.time.Instant
import java.time.temporal.ChronoUnit
import java.util.Date

/** One certificate of a [VerifyCorpus], with its key and its PEM file. */
public class CorpusCert internal constructor(
    public val name: String,
    public val certificate: X509Certificate,
    public val keys: KeyPair,
    public val file: Path,
) {
    override fun toString(): String = name
}

/**
 * What a corpus certificate looks like. Everything has a default that makes a well-formed leaf: EC P-256, valid from
 * a day ago for 30 days, SKI and AKI, `basicConstraints` critical `CA:FALSE`, key usage `digitalSignature`, EKU
 * `serverAuth`, signed with SHA-256.
 *
 * @property cn the subject CN; `null` for an empty subject.
 * @property ca `true`/`false` for a `basicConstraints` extension saying so, `null` for none.
 * @property keyUsage BouncyCastle `KeyUsage` bits; `null` for no extension.
 * @property eku extended key usages; `null` for no extension.
 * @property unknownCritical OIDs of critical extensions no verifier knows (a UTF8String value each).
 */
public data class CertShape(
    val cn: String?,
    val ca: Boolean? = false,
    val caCritical: Boolean = true,
    val pathLen: Int? = null,
    val keyUsage: Int? = KeyUsage.digitalSignature,
    val eku: List<KeyPurposeId>? = listOf(KeyPurposeId.id_kp_serverAuth),
    val dns: List<String> = emptyList(),
    val ips: List<String> = emptyList(),
    val permittedDns: List<String> = emptyList(),
    val excludedDns: List<String> = emptyList(),
    val notBefore: Duration = Duration.ofDays(-1),
    val notAfter: Duration = Duration.ofDays(30),
    val signature: String = "SHA256",
    val aki: Boolean = true,
    val ski: Boolean = true,
    val unknownCritical: List<String> = emptyList(),
) {
    public companion object {
        /** A CA: `basicConstraints` critical `CA:TRUE` (with [pathLen]), key usage keyCertSign and cRLSign, no EKU. */
        @JvmStatic
        @JvmOverloads
        public fun ca(cn: String, pathLen: Int? = null): CertShape =
            CertShape(cn, ca = true, pathLen = pathLen, keyUsage = KeyUsage.keyCertSign or KeyUsage.cRLSign, eku = null)
    }
}

/**
 * A verification corpus made at test time with BouncyCastle: certificates of any [CertShape], CRLs, and PEM files in
 * one temporary directory, for asking `openssl verify` and tlskit the same question.
 *
 * ```
 * val c = VerifyCorpus.create()
 * val root = c.issue("root", CertShape.ca("Root"))
 * val leaf = c.issue("leaf", CertShape("good.test", dns = listOf("good.test")), issuer = root)
 * val bundle = c.bundle("chain.pem", leaf, root)
 * ```
 *
 * Test material only: keys are written unencrypted into a temporary directory deleted when the JVM exits.
 */
public class VerifyCorpus private constructor(public val directory: Path) {
    private val factory = CertificateFactory()
    private val extUtils = JcaX509ExtensionUtils()

    /** The moment validity periods are counted from (seconds precision). */
    public val now: Instant = Instant.now().truncatedTo(ChronoUnit.SECONDS)

    /** A fresh EC P-256 key pair. */
    public fun ecKeys(): KeyPair = factory.ecKeyPair()

    /** A fresh RSA key pair of [bits]. */
    public fun rsaKeys(bits: Int): KeyPair = factory.rsaKeyPair(bits)

    /**
     * Issues a certificate of [shape] for [keys], signed by [issuer] (self-signed when `null`), and writes it as
     * `name.pem`, with its key as `name.key`.
     *
     * @param issuerKeys signs instead of [issuer]'s key, for "signed by the wrong key" cases.
     */
    @JvmOverloads
    public fun issue(
        name: String,
        shape: CertShape,
        issuer: CorpusCert? = null,
        keys: KeyPair = ecKeys(),
        issuerKeys: KeyPair? = null,
    ): CorpusCert {
        val subject = x500(shape.cn)
        val issuerName = issuer?.let { X500Name.getInstance(it.certificate.subjectX500Principal.encoded) } ?: subject
        val signer = issuerKeys ?: issuer?.keys ?: keys
        val b = JcaX509v3CertificateBuilder(
            issuerName, factory.serial(), Date.from(now + shape.notBefore), Date.from(now + shape.notAfter),
            subject, keys.public,
        )
        if (shape.ski) b.addExtension(Extension.subjectKeyIdentifier, false, extUtils.createSubjectKeyIdentifier(keys.public))
        if (shape.aki) {
            val akiKey = issuer?.keys?.public ?: keys.public
            b.addExtension(Extension.authorityKeyIdentifier, false, extUtils.createAuthorityKeyIdentifier(akiKey))
        }
        when (shape.ca) {
            true -> b.addExtension(
                Extension.basicConstraints, shape.caCritical,
                if (shape.pathLen == null) BasicConstraints(true) else BasicConstraints(shape.pathLen),
            )
            false -> b.addExtension(Extension.basicConstraints, shape.caCritical, BasicConstraints(false))
            null -> Unit
        }
        shape.keyUsage?.let { b.addExtension(Extension.keyUsage, true, KeyUsage(it)) }
        shape.eku?.let { b.addExtension(Extension.extendedKeyUsage, false, ExtendedKeyUsage(it.toTypedArray())) }
        val sans = shape.dns.map { GeneralName(GeneralName.dNSName, it) } + shape.ips.map { GeneralName(GeneralName.iPAddress, it) }
        if (sans.isNotEmpty()) {
            b.addExtension(Extension.subjectAlternativeName, false, DERSequence(sans.map { it as ASN1Encodable }.toTypedArray()))
        }
        if (shape.permittedDns.isNotEmpty() || shape.excludedDns.isNotEmpty()) {
            fun subtrees(names: List<String>) =
                names.map { GeneralSubtree(GeneralName(GeneralName.dNSName, it)) }.toTypedArray().takeIf { it.isNotEmpty() }
            b.addExtension(Extension.nameConstraints, true, NameConstraints(subtrees(shape.permittedDns), subtrees(shape.excludedDns)))
        }
        for (oid in shape.unknownCritical) {
            b.addExtension(ASN1ObjectIdentifier(oid), true, DERUTF8String("tlskit test extension"))
        }
        val alg = shape.signature + "with" + if (signer.private.algorithm == "EC") "ECDSA" else "RSA"
        val cert = JcaX509CertificateConverter().getCertificate(b.build(JcaContentSignerBuilder(alg).build(signer.private)))
        val file = directory.resolve("$name.pem")
        Files.writeString(file, factory.pem(cert))
        Files.writeString(directory.resolve("$name.key"), factory.pkcs8Pem(keys.private))
        return CorpusCert(name, cert, keys, file)
    }

    /**
     * A CRL from [issuer] listing [revoked], written as `name.crl.pem`; valid from [thisUpdate] to [nextUpdate]
     * (relative to [now]). [signer] signs instead of [issuer]'s key, for a "bad CRL signature" case.
     */
    @JvmOverloads
    public fun crl(
        name: String,
        issuer: CorpusCert,
        revoked: List<CorpusCert>,
        thisUpdate: Duration = Duration.ofDays(-1),
        nextUpdate: Duration = Duration.ofDays(7),
        signer: KeyPair = issuer.keys,
    ): Path {
        val b = X509v2CRLBuilder(X500Name.getInstance(issuer.certificate.subjectX500Principal.encoded), Date.from(now + thisUpdate))
        b.setNextUpdate(Date.from(now + nextUpdate))
        for (r in revoked) b.addCRLEntry(r.certificate.serialNumber, Date.from(now + thisUpdate), CRLReason.keyCompromise)
        b.addExtension(Extension.authorityKeyIdentifier, false, extUtils.createAuthorityKeyIdentifier(issuer.keys.public))
        b.addExtension(Extension.cRLNumber, false, CRLNumber(BigInteger.ONE))
        val alg = if (signer.private.algorithm == "EC") "SHA256withECDSA" else "SHA256withRSA"
        val crl: X509CRL = JcaX509CRLConverter().getCRL(b.build(JcaContentSignerBuilder(alg).build(signer.private)))
        return directory.resolve("$name.crl.pem").also { Files.writeString(it, factory.pem(crl)) }
    }

    /** Concatenates PEM files (certificates or CRLs) into `name`. */
    public fun bundle(name: String, parts: List<Path>): Path =
        directory.resolve(name).also { out -> Files.writeString(out, parts.joinToString("") { Files.readString(it) }) }

    private fun x500(cn: String?): X500Name {
        val b = X500NameBuilder(BCStyle.INSTANCE)
        if (cn != null) b.addRDN(BCStyle.O, "tlskit corpus").addRDN(BCStyle.CN, cn)
        return b.build()
    }

    public companion object {
        /** A new corpus in a temporary directory deleted when the JVM exits. */
        @JvmStatic
        public fun create(): VerifyCorpus {
            val dir = Files.createTempDirectory("tlskit-corpus-")
            TestPki.deleteOnExit(dir)
            return VerifyCorpus(dir)
        }
    }
}
