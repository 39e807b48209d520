package dev.tlskit.limbo

import dev.tlskit.TlsCredentialException
import dev.tlskit.pki.Certificates
import java.io.ByteArrayInputStream
import java.security.cert.CertificateFactory
import java.security.cert.X509CRL
import java.security.cert.X509Certificate
import java.time.Instant

/** Whose chain a case validates: a server's (`SERVER`) or a client's (`CLIENT`). */
public enum class ValidationKind { SERVER, CLIENT }

/** One expected peer name of a case: `kind` is `DNS`, `IP` or `RFC822`. */
public data class PeerName(val kind: String, val value: String)

/**
 * One x509-limbo test case, as the corpus states it (certificates still PEM text; [parse] turns them into objects).
 * Field names follow the corpus' JSON keys.
 */
public data class LimboCase(
    val id: String,
    val description: String,
    val kind: ValidationKind,
    val trustedCerts: List<String>,
    val untrustedIntermediates: List<String>,
    val peerCertificate: String,
    val peerCertificateKey: String?,
    /** `null`: "now", as limbo's harnesses read it. */
    val validationTime: Instant?,
    val expectedPeerName: PeerName?,
    val expectedPeerNames: List<PeerName>,
    val extendedKeyUsage: List<String>,
    val keyUsage: List<String>,
    val maxChainDepth: Int?,
    val crls: List<String>,
    val features: List<String>,
    val conflictsWith: List<String>,
    /** `true` when the chain must be accepted (`SUCCESS`). */
    val expectSuccess: Boolean,
) {
    /** The certificates and CRLs as JDK objects, or why they cannot be read (which is itself a rejection). */
    public fun parse(): Parsed = try {
        Parsed(
            trusted = trustedCerts.flatMap { Certificates.fromPem(it, "$id trusted_certs") },
            chain = Certificates.fromPem(peerCertificate, "$id peer_certificate") +
                untrustedIntermediates.flatMap { Certificates.fromPem(it, "$id untrusted_intermediates") },
            crls = crls.map { crl(it) },
            error = null,
        )
    } catch (e: TlsCredentialException) {
        Parsed(emptyList(), emptyList(), emptyList(), e.message ?: e.toString())
    } catch (e: java.security.GeneralSecurityException) {
        Parsed(emptyList(), emptyList(), emptyList(), "$id: unreadable CRL: ${e.message}")
    }

    /** The DNS name or IP literal to check, or `null` for none. */
    public fun hostToCheck(): String? = expectedPeerName?.takeIf { it.kind == "DNS" || it.kind == "IP" }?.value

    /** Why tlskit does not run this case, or `null` when it does. */
    public fun skipReason(): String? = when {
        expectedPeerName?.kind == "RFC822" || expectedPeerNames.any { it.kind == "RFC822" } ->
            "RFC 822 (e-mail) peer names: S/MIME-style identities are out of scope for a TLS library"
        expectedPeerName != null && expectedPeerName.kind !in setOf("DNS", "IP") ->
            "peer name kind ${expectedPeerName.kind} is not supported"
        else -> null
    }

    /** The parsed inputs; [error] is set (and the lists empty) when some certificate or CRL cannot be read. */
    public data class Parsed(
        val trusted: List<X509Certificate>,
        val chain: List<X509Certificate>,
        val crls: List<X509CRL>,
        val error: String?,
    )

    private fun crl(pem: String): X509CRL {
        val cf = CertificateFactory.getInstance("X.509")
        return cf.generateCRL(ByteArrayInputStream(pem.toByteArray(Charsets.US_ASCII))) as X509CRL
    }
}
