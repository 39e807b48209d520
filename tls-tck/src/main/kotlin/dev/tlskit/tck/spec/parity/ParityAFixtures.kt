package dev.tlskit.tck.spec.parity

import dev.tlskit.TlsException
import dev.tlskit.TlsWantReadException
import dev.tlskit.tck.TestCredential
import dev.tlskit.tck.spec.MemoryPair
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * A c_rehash-style CA directory (`<subject hash>.0` per certificate, the hash from `openssl x509 -subject_hash`)
 * holding [cas]: the seed's `capath` fixture, made at test time.
 */
internal fun parACapath(vararg cas: TestCredential): Path {
    val dir = Files.createTempDirectory("tlskit-capath-")
    dir.toFile().deleteOnExit()
    for (ca in cas) {
        val proc = ProcessBuilder("openssl", "x509", "-noout", "-subject_hash", "-in", ca.certFile.toString())
            .redirectErrorStream(true).start()
        val hash = proc.inputStream.bufferedReader().readText().trim()
        check(proc.waitFor(20, TimeUnit.SECONDS) && proc.exitValue() == 0) { "openssl x509 -subject_hash failed: $hash" }
        val f = dir.resolve("$hash.0")
        Files.copy(ca.certFile, f)
        f.toFile().deleteOnExit()
    }
    return dir
}

/** Drives only the client's handshake to the point where it either completes or throws; returns its error or null. */
internal fun parAClientHandshakeError(pair: MemoryPair): Throwable? = pair.handshakeOutcome().client

/** Sends [data] from one side and reads it on the other through a completed [MemoryPair]; returns what arrived. */
internal fun parAEcho(pair: MemoryPair, data: ByteArray): ByteArray {
    pair.client.write(data)
    pair.moveAll()
    val out = java.io.ByteArrayOutputStream()
    repeat(10) {
        try {
            out.write(pair.server.read(data.size - out.size()))
        } catch (_: TlsWantReadException) {
            pair.moveAll()
        } catch (e: TlsException) {
            throw AssertionError("server read failed: $e", e)
        }
        if (out.size() >= data.size) return out.toByteArray()
    }
    return out.toByteArray()
}

/**
 * A `localhost` server leaf signed by the test intermediate but without an authority key identifier (RFC 5280
 * requires one; OpenSSL's VERIFY_X509_STRICT rejects its absence): the seed's `test_verify_strict` fixture.
 */
internal fun parALeafWithoutAki(): dev.tlskit.pki.Identity {
    val keys = java.security.KeyPairGenerator.getInstance("RSA").apply { initialize(2048) }.generateKeyPair()
    val issuer = dev.tlskit.tck.spec.pki.intermediate
    val now = java.time.Instant.now()
    val b = org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
        issuer.certificate.subjectX500Principal, java.math.BigInteger.valueOf(now.toEpochMilli()),
        java.util.Date.from(now.minusSeconds(86_400)), java.util.Date.from(now.plusSeconds(30L * 86_400)),
        javax.security.auth.x500.X500Principal("CN=localhost, O=tlskit"), keys.public,
    )
    val ext = org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils()
    b.addExtension(org.bouncycastle.asn1.x509.Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.public))
    b.addExtension(org.bouncycastle.asn1.x509.Extension.basicConstraints, true, org.bouncycastle.asn1.x509.BasicConstraints(false))
    b.addExtension(org.bouncycastle.asn1.x509.Extension.extendedKeyUsage, false,
        org.bouncycastle.asn1.x509.ExtendedKeyUsage(org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_serverAuth))
    b.addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false,
        org.bouncycastle.asn1.x509.GeneralNames(org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.dNSName, "localhost")))
    val signer = org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA").build(issuer.privateKey)
    val cert = org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(b.build(signer))
    return dev.tlskit.pki.Identity.of(keys.private, listOf(cert, issuer.certificate))
}

/** A self-signed CA (serial 0, "O=tlskit, CN=tlskit CRL-DP CA") with one CRL distribution point URI: STORE-03's CA. */
internal fun parACaWithCrlDistributionPoint(uri: String): java.security.cert.X509Certificate {
    val keys = java.security.KeyPairGenerator.getInstance("RSA").apply { initialize(2048) }.generateKeyPair()
    val now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
    val name = org.bouncycastle.asn1.x500.X500NameBuilder(org.bouncycastle.asn1.x500.style.BCStyle.INSTANCE)
        .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.O, "tlskit").addRDN(org.bouncycastle.asn1.x500.style.BCStyle.CN, "tlskit CRL-DP CA").build()
    val b = org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
        name, java.math.BigInteger.ZERO, java.util.Date.from(now.minusSeconds(86_400)),
        java.util.Date.from(now.plusSeconds(3650L * 86_400)), name, keys.public,
    )
    val ext = org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils()
    b.addExtension(org.bouncycastle.asn1.x509.Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.public))
    b.addExtension(org.bouncycastle.asn1.x509.Extension.basicConstraints, true, org.bouncycastle.asn1.x509.BasicConstraints(true))
    b.addExtension(org.bouncycastle.asn1.x509.Extension.keyUsage, true,
        org.bouncycastle.asn1.x509.KeyUsage(org.bouncycastle.asn1.x509.KeyUsage.keyCertSign or org.bouncycastle.asn1.x509.KeyUsage.cRLSign))
    val gn = org.bouncycastle.asn1.x509.GeneralNames(
        org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.uniformResourceIdentifier, uri))
    val dp = org.bouncycastle.asn1.x509.DistributionPoint(org.bouncycastle.asn1.x509.DistributionPointName(gn), null, null)
    b.addExtension(org.bouncycastle.asn1.x509.Extension.cRLDistributionPoints, false, org.bouncycastle.asn1.x509.CRLDistPoint(arrayOf(dp)))
    val signer = org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA").build(keys.private)
    return org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(b.build(signer))
}
