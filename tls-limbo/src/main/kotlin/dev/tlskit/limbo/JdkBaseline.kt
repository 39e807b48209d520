package dev.tlskit.limbo

import dev.tlskit.pki.HostnameMatcher
import java.net.IDN
import java.security.GeneralSecurityException
import java.security.cert.CertPathBuilder
import java.security.cert.CertStore
import java.security.cert.CollectionCertStoreParameters
import java.security.cert.PKIXBuilderParameters
import java.security.cert.TrustAnchor
import java.security.cert.X509CertSelector
import java.security.cert.X509Certificate
import java.text.Normalizer
import java.util.Date
import java.util.Locale
import java.util.StringTokenizer
import javax.naming.ldap.LdapName
import javax.net.ssl.SNIHostName

/**
 * What a plain JDK stack answers: `CertPathBuilder("PKIX")` over the case's anchors, intermediates and CRLs
 * (revocation on when the case has CRLs), then the JDK's HTTPS endpoint identification. The JDK's checker
 * (`sun.security.util.HostnameChecker`, `TYPE_TLS`) is internal, so [JdkHostnames] restates it line for line — and runs
 * it on the very certificate object PKIX validated, as `X509TrustManagerImpl` does, so the JDK's habit of adding a
 * leaf's CN to that object's cached subjectAltNames during name-constraint checking shows up here as it does there.
 */
public object JdkBaseline {
    /** The JDK's verdict for [case], or `null` when the case is skipped ([LimboCase.skipReason]). */
    public fun run(case: LimboCase): Verdict? {
        if (case.skipReason() != null) return null
        val parsed = case.parse()
        parsed.error?.let { return Verdict.unparseable(it) }
        val leaf = parsed.chain.first()
        try {
            val anchors = parsed.trusted.map { TrustAnchor(it, null) }.toSet()
            if (anchors.isEmpty()) return Verdict(false, null, "no trust anchors")
            val params = PKIXBuilderParameters(anchors, X509CertSelector().apply { certificate = leaf })
            params.addCertStore(CertStore.getInstance("Collection", CollectionCertStoreParameters(parsed.chain + parsed.crls)))
            params.isRevocationEnabled = parsed.crls.isNotEmpty()
            params.date = Date.from(case.validationTime ?: java.time.Instant.now())
            case.maxChainDepth?.let { params.maxPathLength = it }
            CertPathBuilder.getInstance("PKIX").build(params)
        } catch (e: GeneralSecurityException) {
            return Verdict(false, null, "PKIX: ${e.message}")
        } catch (e: RuntimeException) {
            return Verdict(false, null, "PKIX: $e")
        }
        val host = case.hostToCheck() ?: return Verdict.ACCEPTED
        val why = JdkHostnames.mismatch(host, leaf)
        return if (why == null) Verdict.ACCEPTED else Verdict(false, null, "hostname: $why")
    }
}

/** The JDK 17 `HostnameChecker` for `TYPE_TLS` with a non-public trust anchor, restated with public APIs. */
public object JdkHostnames {
    private const val SAN_DNS = 2
    private const val SAN_IP = 7

    /** `null` when [cert] matches [host] the way the JDK's HTTPS identification decides; else why not. */
    public fun mismatch(host: String, cert: X509Certificate): String? {
        var name = host
        if (name.startsWith("[") && name.endsWith("]")) name = name.substring(1, name.length - 1)
        return if (HostnameMatcher.parseIpLiteral(name).isPresent) matchIp(name, cert) else matchDns(name, cert)
    }

    private fun matchIp(expected: String, cert: X509Certificate): String? {
        val sans = cert.subjectAlternativeNames ?: return "no subject alternative names present"
        val want = HostnameMatcher.parseIpLiteral(expected).get()
        for (san in sans) {
            if (san[0] == SAN_IP) {
                val ip = san[1] as String
                if (expected.equals(ip, ignoreCase = true)) return null
                if (HostnameMatcher.parseIpLiteral(ip).orElse(null) == want) return null
            }
        }
        return "no subject alternative names matching IP address $expected found"
    }

    private fun matchDns(expected: String, cert: X509Certificate): String? {
        try {
            SNIHostName(expected)
        } catch (e: IllegalArgumentException) {
            return "illegal given domain name: $expected"
        }
        val sans = cert.subjectAlternativeNames
        if (sans != null) {
            var foundDns = false
            for (san in sans) {
                if (san[0] == SAN_DNS) {
                    foundDns = true
                    if (isMatched(expected, san[1] as String)) return null
                }
            }
            if (foundDns) return "no subject alternative DNS name matching $expected found"
        }
        val cn = mostSpecificCommonName(cert)
        if (cn != null) {
            if (!Normalizer.isNormalized(cn, Normalizer.Form.NFKC)) return "not a formal name $cn"
            if (isMatched(expected, cn)) return null
        }
        return "no name matching $expected found"
    }

    private fun mostSpecificCommonName(cert: X509Certificate): String? = try {
        LdapName(cert.subjectX500Principal.getName("RFC2253")).rdns
            .lastOrNull { it.type.equals("CN", ignoreCase = true) }?.value?.toString()
    } catch (e: Exception) {
        null
    }

    private fun isMatched(name0: String, template0: String): Boolean {
        val name: String
        val template: String
        try {
            name = IDN.toUnicode(IDN.toASCII(name0))
            template = IDN.toUnicode(IDN.toASCII(template0))
        } catch (e: RuntimeException) {
            return false
        }
        if (hasIllegalWildcard(template)) return false
        try {
            SNIHostName(template.replace('*', 'x'))
        } catch (e: IllegalArgumentException) {
            return false
        }
        return matchAllWildcards(name, template)
    }

    private fun hasIllegalWildcard(template: String): Boolean {
        if (template == "*" || template == "*.") return true
        val last = template.lastIndexOf('*')
        if (last == -1) return false
        return template.substring(last).indexOf('.') == -1
    }

    private fun matchAllWildcards(name0: String, template0: String): Boolean {
        val nameSt = StringTokenizer(name0.lowercase(Locale.ENGLISH), ".")
        val templateSt = StringTokenizer(template0.lowercase(Locale.ENGLISH), ".")
        if (nameSt.countTokens() != templateSt.countTokens()) return false
        while (nameSt.hasMoreTokens()) {
            if (!matchWildCards(nameSt.nextToken(), templateSt.nextToken())) return false
        }
        return true
    }

    private fun matchWildCards(name0: String, template: String): Boolean {
        var name = name0
        var wildcardIdx = template.indexOf('*')
        if (wildcardIdx == -1) return name == template
        var isBeginning = true
        var afterWildcard = template
        while (wildcardIdx != -1) {
            val beforeWildcard = afterWildcard.substring(0, wildcardIdx)
            afterWildcard = afterWildcard.substring(wildcardIdx + 1)
            val beforeStartIdx = name.indexOf(beforeWildcard)
            if (beforeStartIdx == -1 || (isBeginning && beforeStartIdx != 0)) return false
            isBeginning = false
            name = name.substring(beforeStartIdx + beforeWildcard.length)
            wildcardIdx = afterWildcard.indexOf('*')
        }
        return name.endsWith(afterWildcard)
    }
}
