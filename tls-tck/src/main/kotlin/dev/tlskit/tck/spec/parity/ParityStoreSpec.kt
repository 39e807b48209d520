package dev.tlskit.tck.spec.parity

import dev.tlskit.Protocol
import dev.tlskit.TlsContext
import dev.tlskit.tck.spec.MemoryPair
import dev.tlskit.tck.spec.pki
import dev.tlskit.tck.spec.serverContext
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldMatch

/** PARITY.md section 6 (STORE): get_ca_certs and cert_store_stats on [provider]. */
public fun parityStoreSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"
    fun client() = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider)
    val zero = mapOf("x509_ca" to 0, "crl" to 0, "x509" to 0)

    test("STORE-01 $p a fresh context has empty stats and no CAs, and its own cert chain is no trust entry") {
        val c = client()
        c.certStoreStats() shouldBe zero
        c.getCaCerts().shouldBeEmpty()
        c.loadCertChain(pki.localhost.chainFile, pki.localhost.keyFile, null)
        c.certStoreStats() shouldBe zero
        c.getCaCerts().shouldBeEmpty()
    }

    test("STORE-02 $p a non-CA cert counts as x509 but not x509_ca and is not listed; a CA after it makes x509 2") {
        val c = client()
        c.loadVerifyLocations(pki.selfSigned.certFile)
        c.certStoreStats() shouldBe mapOf("x509_ca" to 0, "crl" to 0, "x509" to 1)
        c.getCaCerts().shouldBeEmpty()
        c.loadVerifyLocations(pki.root.certFile)
        c.certStoreStats() shouldBe mapOf("x509_ca" to 1, "crl" to 0, "x509" to 2)
    }

    test("STORE-03 $p get_ca_certs lists the CA in getpeercert form with crlDistributionPoints, and binary form is its DER") {
        val ca = parACaWithCrlDistributionPoint("https://crl.tlskit.test/revoke.crl")
        val c = client().apply { loadVerifyLocations(null, null, ca.encoded) }
        val dicts = c.getCaCerts()
        dicts.size shouldBe 1
        val d = dicts[0]
        d.keys shouldBe setOf("subject", "issuer", "version", "serialNumber", "notBefore", "notAfter", "crlDistributionPoints")
        d["subject"] shouldBe listOf(listOf(listOf("organizationName", "tlskit")), listOf(listOf("commonName", "tlskit CRL-DP CA")))
        d["issuer"] shouldBe d["subject"]
        d["version"] shouldBe 3
        d["serialNumber"] shouldBe "00"
        (d["notBefore"] as String) shouldMatch Regex("[A-Z][a-z]{2} [ 1-3][0-9] \\d\\d:\\d\\d:\\d\\d \\d{4} GMT")
        d["notAfter"] shouldBe java.time.format.DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", java.util.Locale.ROOT)
            .withZone(java.time.ZoneOffset.UTC).format(ca.notAfter.toInstant())
        d["crlDistributionPoints"] shouldBe listOf("https://crl.tlskit.test/revoke.crl")
        c.getCaCertsDer().map { it.toList() } shouldBe listOf(ca.encoded.toList())
    }

    test("STORE-04 $p capath CAs are listed only after a verification used them") {
        val c = client().apply { loadVerifyLocations(null, parACapath(pki.root), null as String?) }
        c.getCaCerts().shouldBeEmpty()
        MemoryPair.of(c, serverContext(provider)).handshake()
        c.getCaCerts().size shouldBe 1
    }
}
