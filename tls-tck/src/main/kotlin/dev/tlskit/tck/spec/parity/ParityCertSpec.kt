package dev.tlskit.tck.spec.parity

import dev.tlskit.CertificateVerificationException
import dev.tlskit.MemoryBio
import dev.tlskit.Tls
import dev.tlskit.TlsException
import dev.tlskit.WrapOptions
import dev.tlskit.pki.CertTime
import dev.tlskit.pki.CertificateDict
import dev.tlskit.pki.PemCertificate
import dev.tlskit.tck.spec.MemoryPair
import dev.tlskit.tck.spec.clientContext
import dev.tlskit.tck.spec.pki
import dev.tlskit.tck.spec.serverContext
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldEndWith
import io.kotest.matchers.string.shouldStartWith
import java.math.BigInteger
import java.net.SocketTimeoutException
import java.security.KeyPairGenerator
import java.security.cert.X509Certificate
import java.time.Duration
import java.time.Instant
import java.util.Collections
import java.util.Date
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import org.bouncycastle.asn1.ASN1Encodable
import org.bouncycastle.asn1.ASN1ObjectIdentifier
import org.bouncycastle.asn1.DERSequence
import org.bouncycastle.asn1.DERTaggedObject
import org.bouncycastle.asn1.DERUTF8String
import org.bouncycastle.asn1.x500.X500Name
import org.bouncycastle.asn1.x500.X500NameBuilder
import org.bouncycastle.asn1.x500.style.BCStyle
import org.bouncycastle.asn1.x509.AccessDescription
import org.bouncycastle.asn1.x509.AuthorityInformationAccess
import org.bouncycastle.asn1.x509.CRLDistPoint
import org.bouncycastle.asn1.x509.DistributionPoint
import org.bouncycastle.asn1.x509.DistributionPointName
import org.bouncycastle.asn1.x509.Extension
import org.bouncycastle.asn1.x509.GeneralName
import org.bouncycastle.asn1.x509.GeneralNames
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder

private val certKeys by lazy { KeyPairGenerator.getInstance("EC").apply { initialize(256) }.generateKeyPair() }

/** A self-signed certificate with exactly the extensions a CERT line needs, made at test time. */
private fun cert(
    subject: X500Name = X500Name("CN=localhost"),
    serial: BigInteger = BigInteger.valueOf(0x1234),
    notBefore: Instant = Instant.parse("2018-01-05T09:34:43Z"),
    notAfter: Instant = Instant.parse("2028-07-07T14:23:16Z"),
    sans: List<GeneralName> = emptyList(),
    ocsp: List<String> = emptyList(),
    caIssuers: List<String> = emptyList(),
    crldp: List<String> = emptyList(),
    rawCrldp: ByteArray? = null,
): X509Certificate {
    val b = JcaX509v3CertificateBuilder(subject, serial, Date.from(notBefore), Date.from(notAfter), subject, certKeys.public)
    if (sans.isNotEmpty()) b.addExtension(Extension.subjectAlternativeName, false, GeneralNames(sans.toTypedArray()))
    val access = ocsp.map { AccessDescription(AccessDescription.id_ad_ocsp, uri(it)) } +
        caIssuers.map { AccessDescription(AccessDescription.id_ad_caIssuers, uri(it)) }
    if (access.isNotEmpty()) b.addExtension(Extension.authorityInfoAccess, false, AuthorityInformationAccess(access.toTypedArray()))
    if (crldp.isNotEmpty()) {
        val points = crldp.map { DistributionPoint(DistributionPointName(GeneralNames(uri(it))), null, null) }
        b.addExtension(Extension.cRLDistributionPoints, false, CRLDistPoint(points.toTypedArray()))
    }
    if (rawCrldp != null) b.addExtension(Extension.cRLDistributionPoints, false, rawCrldp)
    return JcaX509CertificateConverter().getCertificate(b.build(JcaContentSignerBuilder("SHA256withECDSA").build(certKeys.private)))
}

private fun uri(s: String) = GeneralName(GeneralName.uniformResourceIdentifier, s)

/** PARITY.md section 18 (getpeercert dict format and certificate helpers) on [provider]. */
public fun parityCertSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"

    test("CERT-01 $p the decoded dict has the seed's keys, RDN tuples with long names, and AIA and CRL URIs") {
        val subject = X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "XY").addRDN(BCStyle.ST, "Castle Anthrax")
            .addRDN(BCStyle.L, "Castle Anthrax").addRDN(BCStyle.O, "Python Software Foundation").addRDN(BCStyle.OU, "Test")
            .addRDN(BCStyle.CN, "localhost").addRDN(BCStyle.EmailAddress, "python-dev@python.org").build()
        val d = CertificateDict.decode(cert(subject, sans = listOf(GeneralName(GeneralName.dNSName, "localhost")),
            ocsp = listOf("http://ocsp.example/"), caIssuers = listOf("http://ca.example/ca.cer"), crldp = listOf("http://crl.example/ca.crl")))
        d.keys shouldBe setOf("subject", "issuer", "version", "serialNumber", "notBefore", "notAfter", "subjectAltName",
            "OCSP", "caIssuers", "crlDistributionPoints")
        d["version"] shouldBe 3
        val rdns = listOf(listOf(listOf("countryName", "XY")), listOf(listOf("stateOrProvinceName", "Castle Anthrax")),
            listOf(listOf("localityName", "Castle Anthrax")), listOf(listOf("organizationName", "Python Software Foundation")),
            listOf(listOf("organizationalUnitName", "Test")), listOf(listOf("commonName", "localhost")),
            listOf(listOf("emailAddress", "python-dev@python.org")))
        d["subject"] shouldBe rdns
        d["issuer"] shouldBe rdns
        d["OCSP"] shouldBe listOf("http://ocsp.example/")
        d["caIssuers"] shouldBe listOf("http://ca.example/ca.cer")
        d["crlDistributionPoints"] shouldBe listOf("http://crl.example/ca.crl")
        // without those extensions the keys are absent
        CertificateDict.decode(cert()).keys shouldBe setOf("subject", "issuer", "version", "serialNumber", "notBefore", "notAfter")
    }

    test("CERT-02 $p serialNumber is upper-case hex of even length and dates are 'Mon DD HH:MM:SS YYYY GMT' with a padded day") {
        CertificateDict.decode(cert(serial = BigInteger("98A7CF88C74A32ED", 16)))["serialNumber"] shouldBe "98A7CF88C74A32ED"
        CertificateDict.decode(cert(serial = BigInteger.TWO))["serialNumber"] shouldBe "02"
        CertificateDict.decode(cert(serial = BigInteger.ZERO))["serialNumber"] shouldBe "00"
        val d = CertificateDict.decode(cert())
        d["notBefore"] shouldBe "Jan  5 09:34:43 2018 GMT"
        d["notAfter"] shouldBe "Jul  7 14:23:16 2028 GMT"
        CertificateDict.decode(cert(notAfter = Instant.parse("2030-11-23T01:02:03Z")))["notAfter"] shouldBe "Nov 23 01:02:03 2030 GMT"
    }

    test("CERT-03 $p subjectAltName is an ordered list of typed pairs; IPv6 is upper-case and uncompressed") {
        val other = DERSequence(arrayOf<ASN1Encodable>(ASN1ObjectIdentifier("1.2.3.4"), DERTaggedObject(true, 0, DERUTF8String("x"))))
        val sans = listOf(
            GeneralName(GeneralName.dNSName, "allsans"),
            GeneralName(GeneralName.otherName, other),
            GeneralName(GeneralName.rfc822Name, "user@example.org"),
            GeneralName(GeneralName.directoryName, X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "XY")
                .addRDN(BCStyle.O, "Python Software Foundation").addRDN(BCStyle.CN, "dirname example").build()),
            GeneralName(GeneralName.uniformResourceIdentifier, "https://www.python.org/example"),
            GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            GeneralName(GeneralName.iPAddress, "::1"),
            GeneralName(GeneralName.iPAddress, "2001:db8::1"),
            GeneralName(GeneralName.registeredID, "1.2.3.4.5"),
        )
        CertificateDict.decode(cert(sans = sans))["subjectAltName"] shouldBe listOf(
            listOf("DNS", "allsans"),
            listOf("othername", "<unsupported>"),
            listOf("email", "user@example.org"),
            listOf("DirName", listOf(listOf(listOf("countryName", "XY")), listOf(listOf("organizationName", "Python Software Foundation")),
                listOf(listOf("commonName", "dirname example")))),
            listOf("URI", "https://www.python.org/example"),
            listOf("IP Address", "127.0.0.1"),
            listOf("IP Address", "0:0:0:0:0:0:0:1"),
            listOf("IP Address", "2001:DB8:0:0:0:0:0:1"),
            listOf("Registered ID", "1.2.3.4.5"),
        )
    }

    test("CERT-04 $p embedded NULs are kept, a CRL distribution point without a name is skipped, and every URI is extracted") {
        val nul = "null.python.org\u0000example.org"
        val d = CertificateDict.decode(cert(
            subject = X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, nul).build(),
            sans = listOf(GeneralName(GeneralName.dNSName, "altnull.python.org\u0000example.com"),
                GeneralName(GeneralName.rfc822Name, "null@python.org\u0000user@example.org"),
                GeneralName(GeneralName.uniformResourceIdentifier, "http://null.python.org\u0000http://example.org")),
        ))
        d["subject"] shouldBe listOf(listOf(listOf("commonName", nul)))
        d["subjectAltName"] shouldBe listOf(listOf("DNS", "altnull.python.org\u0000example.com"),
            listOf("email", "null@python.org\u0000user@example.org"), listOf("URI", "http://null.python.org\u0000http://example.org"))
        // CVE-2019-5010: a distribution point with only a cRLIssuer (no distributionPoint name)
        val issuerOnly = DERSequence(DERSequence(DERTaggedObject(false, 2, GeneralNames(uri("http://x.example/")))))
        CertificateDict.decode(cert(rawCrldp = issuerOnly.encoded)).containsKey("crlDistributionPoints") shouldBe false
        CertificateDict.decode(cert(rawCrldp = byteArrayOf(0x30, 0x03, 0x30, 0x01))).containsKey("crlDistributionPoints") shouldBe false
        val nokia = CertificateDict.decode(cert(sans = listOf("projects.developer.nokia.com", "projects.forum.nokia.com").map { GeneralName(GeneralName.dNSName, it) },
            ocsp = listOf("http://ocsp.verisign.com"), caIssuers = listOf("http://SVRIntl-G3-aia.verisign.com/SVRIntlG3.cer"),
            crldp = listOf("http://SVRIntl-G3-crl.verisign.com/SVRIntlG3.crl")))
        nokia["subjectAltName"] shouldBe listOf(listOf("DNS", "projects.developer.nokia.com"), listOf("DNS", "projects.forum.nokia.com"))
        nokia["OCSP"] shouldBe listOf("http://ocsp.verisign.com")
        nokia["caIssuers"] shouldBe listOf("http://SVRIntl-G3-aia.verisign.com/SVRIntlG3.cer")
        nokia["crlDistributionPoints"] shouldBe listOf("http://SVRIntl-G3-crl.verisign.com/SVRIntlG3.crl")
    }

    test("CERT-05 $p a verified peer's getpeercert has its subject and parseable dates in order; getpeercert(True) is the DER") {
        val pair = MemoryPair.of(clientContext(provider), serverContext(provider)).apply { handshake() }
        val d = pair.client.getPeerCert().get()
        @Suppress("UNCHECKED_CAST")
        (d["subject"] as List<List<List<String>>>) shouldContain listOf(listOf("organizationName", "tlskit"))
        val before = CertTime.certTimeToSeconds(d["notBefore"] as String)
        val after = CertTime.certTimeToSeconds(d["notAfter"] as String)
        (before < after) shouldBe true
        before shouldBe pki.localhost.certificate.notBefore.time / 1000
        pair.client.getPeerCertDer().get().toList() shouldBe pki.localhost.certificate.encoded.toList()
    }

    test("CERT-06 $p getpeercert before the handshake is a ValueError; on a server it is None when the client sent no certificate") {
        val conn = clientContext(provider).wrapBio(MemoryBio(), MemoryBio(), false, "localhost")
        shouldThrow<IllegalStateException> { conn.getPeerCert() }.message!! shouldContain "handshake not done yet"
        ParityBServer.tls(serverContext(provider)) { it.getPeerCert().isPresent }.use { server ->
            val tls = clientContext(provider).wrapSocket(server.connect(), WrapOptions.client("localhost").withDoHandshakeOnConnect(false))
            shouldThrow<IllegalStateException> { tls.getPeerCert() }
            tls.doHandshake()
            tls.getPeerCert().isPresent shouldBe true
            tls.close()
            server.result() shouldBe false
        }
    }

    test("CERT-07 $p cert_time_to_seconds reads UTC, either day padding, any case, leap seconds and year 9999") {
        CertTime.certTimeToSeconds("Jan  5 09:34:43 2018 GMT") shouldBe 1515144883L
        CertTime.certTimeToSeconds("Jan 05 09:34:43 2018 GMT") shouldBe 1515144883L
        CertTime.certTimeToSeconds("JaN  5 09:34:43 2018 GmT") shouldBe 1515144883L
        CertTime.certTimeToSeconds("Jan  5 09:34:60 2018 GMT") shouldBe 1515144900L
        CertTime.certTimeToSeconds("Jan  5 09:34:61 2018 GMT") shouldBe 1515144901L
        CertTime.certTimeToSeconds("Dec 31 23:59:59 9999 GMT") shouldBe 253402300799L
        CertTime.certTimeToSeconds("Jul  7 14:23:16 2028 GMT") shouldBe Instant.parse("2028-07-07T14:23:16Z").epochSecond
    }

    test("CERT-08 $p cert_time_to_seconds refuses missing seconds or GMT, UTC, and out-of-range or localized fields") {
        for (bad in listOf("Jan  5 09:34 2018 GMT", "Jan  5 09:34:43 2018", "Jan  5 09:34:43 2018 UTC", "Jan 35 09:34:43 2018 GMT",
            "Jon  5 09:34:43 2018 GMT", "Jan  5 24:00:00 2018 GMT", "Jan  5 09:60:43 2018 GMT", "Jan  5 09:34:62 2018 GMT",
            "janv.  5 09:34:43 2018 GMT", "Mär  5 09:34:43 2018 GMT")) {
            shouldThrow<IllegalArgumentException> { CertTime.certTimeToSeconds(bad) }.message!! shouldContain "does not match format"
        }
    }

    test("CERT-09 $p DER_cert_to_PEM_cert and PEM_cert_to_DER_cert round-trip with the seed's header and footer lines") {
        val der = pki.localhost.certificate.encoded
        val pem = PemCertificate.derToPem(der)
        pem shouldStartWith PemCertificate.PEM_HEADER + "\n"
        pem shouldEndWith "\n" + PemCertificate.PEM_FOOTER + "\n"
        pem.lines().filter { it.isNotEmpty() && !it.startsWith("-----") }.all { it.length <= 64 } shouldBe true
        PemCertificate.pemToDer(pem).toList() shouldBe der.toList()
        PemCertificate.derToPem(PemCertificate.pemToDer(pem)) shouldBe pem
        shouldThrow<IllegalArgumentException> { PemCertificate.pemToDer(pem.substring(5)) }
        shouldThrow<IllegalArgumentException> { PemCertificate.pemToDer(pem.replace(PemCertificate.PEM_FOOTER, "")) }
    }

    test("CERT-10 $p get_verified_chain includes the trust anchor; get_unverified_chain is what the server sent") {
        val server = dev.tlskit.TlsContext.create(dev.tlskit.Protocol.PROTOCOL_TLS_SERVER, provider).apply {
            loadCertChain(pki.localhost.certFile, pki.localhost.keyFile, null) // the leaf alone
        }
        val client = dev.tlskit.TlsContext.create(dev.tlskit.Protocol.PROTOCOL_TLS_CLIENT, provider).apply {
            loadVerifyLocations(pki.caBundleWithIntermediate)
        }
        val pair = MemoryPair.of(client, server).apply { handshake() }
        pair.client.getVerifiedChain().map { it.encoded.toList() } shouldBe
            listOf(pki.localhost.certificate, pki.intermediate.certificate, pki.root.certificate).map { it.encoded.toList() }
        pair.client.getPeerCertChain().map { it.encoded.toList() } shouldBe listOf(pki.localhost.certificate.encoded.toList())
        val full = MemoryPair.of(client, serverContext(provider)).apply { handshake() }
        full.client.getPeerCertChain().size shouldBe 2
        full.client.getVerifiedChain().last() shouldBe pki.root.certificate
    }

    test("CERT-11 $p a leaf loaded alone is sent completed from the verify store, on the server and on the client") {
        val server = dev.tlskit.TlsContext.create(dev.tlskit.Protocol.PROTOCOL_TLS_SERVER, provider).apply {
            loadCertChain(pki.localhost.certFile, pki.localhost.keyFile, null)
            loadVerifyLocations(pki.caBundleWithIntermediate)
            setVerifyMode(dev.tlskit.VerifyMode.CERT_REQUIRED)
        }
        val client = dev.tlskit.TlsContext.create(dev.tlskit.Protocol.PROTOCOL_TLS_CLIENT, provider).apply {
            loadCertChain(pki.client.certFile, pki.client.keyFile, null)
            loadVerifyLocations(pki.caBundleWithIntermediate)
        }
        val pair = MemoryPair.of(client, server).apply { handshake() }
        val serverChain = listOf(pki.localhost.certificate, pki.intermediate.certificate, pki.root.certificate)
        val clientChain = listOf(pki.client.certificate, pki.intermediate.certificate, pki.root.certificate)
        pair.client.getPeerCertChain() shouldBe serverChain
        pair.server.getPeerCertChain() shouldBe clientChain
        pair.server.getVerifiedChain() shouldBe clientChain
        // a client trusting only the root verifies: the intermediate came from the server's store
        MemoryPair.of(clientContext(provider), server.apply { setVerifyMode(dev.tlskit.VerifyMode.CERT_NONE) }).handshake()
    }

    test("CERT-12 $p verified-chain entries are certificates with stable equality, a readable name, and PEM/DER forms") {
        // _ssl.Certificate → java.security.cert.X509Certificate; public_bytes → PemCertificate / getEncoded
        val pair = MemoryPair.of(clientContext(provider), serverContext(provider)).apply { handshake() }
        val a = pair.client.getVerifiedChain()[0]
        val b = MemoryPair.of(clientContext(provider), serverContext(provider)).apply { handshake() }.client.getVerifiedChain()[0]
        a shouldBe b
        a.hashCode() shouldBe b.hashCode()
        a.subjectX500Principal.name shouldContain "CN=localhost"
        val pem = PemCertificate.derToPem(a.encoded)
        pem shouldContain "-----BEGIN CERTIFICATE-----"
        PemCertificate.pemToDer(pem).toList() shouldBe a.encoded.toList()
    }

    test("CERT-13 $p get_server_certificate returns the PEM, verifies with the right CA, and fails with the wrong one") {
        for (ca in listOf(null, pki.root.certFile)) {
            ParityBServer.tls(serverContext(provider)) { }.use { server ->
                val pem = Tls.getServerCertificate("localhost", server.port, ca, Duration.ofSeconds(20), provider)
                PemCertificate.pemToDer(pem).toList() shouldBe pki.localhost.certificate.encoded.toList()
                server.failure()
            }
        }
        ParityBServer.tls(serverContext(provider)) { }.use { server ->
            shouldThrow<TlsException> { Tls.getServerCertificate("localhost", server.port, pki.otherRoot.certFile, Duration.ofSeconds(20), provider) }
                .shouldBeVerifyFailure()
            server.failure() // the server saw the connection end: nothing was left open
        }
    }

    test("SNI-08 $p get_server_certificate sends the host as SNI with and without ca_certs, and honours its timeout") {
        for (ca in listOf(null, pki.root.certFile)) {
            val names = Collections.synchronizedList(mutableListOf<String?>())
            val ctx = serverContext(provider).apply { setSniCallback { _, name, _ -> names += name; null } }
            ParityBServer.tls(ctx) { }.use { server ->
                Tls.getServerCertificate("localhost", server.port, ca, Duration.ofSeconds(20), provider)
                server.failure()
            }
            names shouldBe listOf("localhost")
        }
        val release = CountDownLatch(1)
        val slow = serverContext(provider).apply { setSniCallback { _, _, _ -> release.await(20, TimeUnit.SECONDS); null } }
        ParityBServer.tls(slow) { }.use { server ->
            shouldThrow<SocketTimeoutException> { Tls.getServerCertificate("localhost", server.port, null, Duration.ofMillis(100), provider) }
            release.countDown()
            server.failure()
        }
    }
}

private fun TlsException.shouldBeVerifyFailure() {
    (this is CertificateVerificationException) shouldBe true
}
