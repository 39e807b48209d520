package dev.tlskit.tck.spec

import dev.tlskit.CertificateVerificationException
import dev.tlskit.Protocol
import dev.tlskit.TlsContext
import dev.tlskit.VerifyFlag
import dev.tlskit.VerifyMode
import dev.tlskit.pki.VerificationFailure
import dev.tlskit.tck.CertShape
import dev.tlskit.tck.CorpusCert
import dev.tlskit.tck.OpenSsl
import dev.tlskit.tck.PythonVerifyOracle
import dev.tlskit.tck.VerifyCorpus
import io.kotest.assertions.withClue
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.collections.shouldContainAll
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import org.bouncycastle.asn1.x509.KeyPurposeId
import org.bouncycastle.asn1.x509.KeyUsage
import java.nio.file.Path
import java.time.Duration

/**
 * One question asked of the oracle and of tlskit: does [chain] (leaf first, then what the peer sends) verify against
 * [trust], for [host], with [flags]?
 *
 * @property client the chain is a client's (`-purpose sslclient`, server-side verification), else a server's.
 * @property commonName the seed's `hostname_checks_common_name`.
 * @property python the oracle is Python's `ssl` instead of `openssl verify`: CPython sets host-check flags the
 *   `openssl verify` command has no option for (`NO_PARTIAL_WILDCARDS`, `NEVER_CHECK_SUBJECT`).
 * @property tlskitAccepts why tlskit deliberately accepts a chain the oracle refuses (the row then proves both).
 */
internal data class VerifyRow(
    val title: String,
    val chain: List<CorpusCert>,
    val trust: List<CorpusCert>,
    val host: String? = null,
    val crls: List<Path> = emptyList(),
    val flags: Set<VerifyFlag> = emptySet(),
    val client: Boolean = false,
    val commonName: Boolean = true,
    val python: Boolean = false,
    val tlskitAccepts: String? = null,
)

/** A verdict: OpenSSL's verify code and depth, `(0, -1)` when accepted. */
internal data class Verdict(val code: Int, val depth: Int) {
    override fun toString(): String = if (code == 0) "OK" else "error $code at depth $depth"
}

private fun isIp(host: String) = host.contains(':') || host.matches(Regex("""\d+\.\d+\.\d+\.\d+"""))

/**
 * The done-when of issue 6: a table of verification questions over a corpus made at test time with BouncyCastle,
 * each asked of the real `openssl verify` (OpenSSL 3.0, the TCK's reference) and of tlskit through a real in-memory
 * handshake on [provider], asserting the same verify code and depth.
 *
 * <h2>Choices</h2>
 * - `-auth_level 2`: a TLS connection verifies at the context's security level, and Debian's OpenSSL 3.0 (and so
 *   CPython's default context) runs at `SECLEVEL=2`; bare `openssl verify` checks no level at all. At level 2 an
 *   RSA-1024 leaf is 66, an RSA-1024 CA 67, and a SHA-1 signature below the trust anchor 68; tlskit's default is
 *   the same level.
 * - `-purpose sslserver`/`sslclient` mirrors the role: a client checks the server's chain, a server the client's.
 * - Rows about host-check flags (partial wildcards, `hostname_checks_common_name = False`) ask Python's `ssl`.
 */
public fun verificationOracleSpec(provider: String): TestFactory = funSpec {
    val c = VerifyCorpus.create()
    val day = Duration.ofDays(1)
    val caKu = KeyUsage.keyCertSign or KeyUsage.cRLSign
    fun leaf(cn: String?, vararg dns: String) = CertShape(cn, dns = dns.toList())

    val root = c.issue("root", CertShape.ca("Corpus Root"))
    val other = c.issue("other", CertShape.ca("Other Root"))
    val inter = c.issue("inter", CertShape.ca("Corpus Intermediate"), root)
    val good = c.issue("good", CertShape("good.test", dns = listOf("good.test", "www.good.test"), ips = listOf("127.0.0.1", "::1")), inter)
    val direct = c.issue("direct", leaf("direct.test", "direct.test"), root)
    // validity
    val expired = c.issue("expired", leaf("good.test", "good.test").copy(notBefore = day.multipliedBy(-30), notAfter = day.negated()), inter)
    val notYet = c.issue("not-yet", leaf("good.test", "good.test").copy(notBefore = day, notAfter = day.multipliedBy(30)), inter)
    val interExpired = c.issue("inter-expired", CertShape.ca("Expired Intermediate").copy(notBefore = day.multipliedBy(-30), notAfter = day.negated()), root)
    val underExpiredInter = c.issue("under-expired-inter", leaf("good.test", "good.test"), interExpired)
    val rootExpired = c.issue("root-expired", CertShape.ca("Expired Root").copy(notBefore = day.multipliedBy(-30), notAfter = day.negated()))
    val interOfExpiredRoot = c.issue("inter-of-expired-root", CertShape.ca("Intermediate Of Expired Root"), rootExpired)
    val underExpiredRoot = c.issue("under-expired-root", leaf("good.test", "good.test"), interOfExpiredRoot)
    val interNotYet = c.issue("inter-not-yet", CertShape.ca("Future Intermediate").copy(notBefore = day, notAfter = day.multipliedBy(30)), root)
    val underNotYetInter = c.issue("under-not-yet-inter", leaf("good.test", "good.test"), interNotYet)
    // trust
    val selfLeaf = c.issue("self-leaf", leaf("self.test", "self.test"))
    val impostor = c.issue("impostor-inter", CertShape.ca("Corpus Intermediate"), root)
    val badSig = c.issue("bad-signature", leaf("good.test", "good.test"), inter, issuerKeys = other.keys)
    val cross = c.issue("cross-inter", CertShape.ca("Corpus Intermediate"), other, keys = inter.keys)
    // purpose
    val clientEku = c.issue("client-eku", leaf("client.test").copy(eku = listOf(KeyPurposeId.id_kp_clientAuth)), inter)
    val noEku = c.issue("no-eku", leaf("good.test", "good.test").copy(eku = null), inter)
    val anyEku = c.issue("any-eku", leaf("good.test", "good.test").copy(eku = listOf(KeyPurposeId.anyExtendedKeyUsage)), inter)
    val bothEku = c.issue("both-eku", leaf("good.test", "good.test").copy(eku = listOf(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth)), inter)
    val clientExpired = c.issue("client-expired", leaf("client.test").copy(eku = listOf(KeyPurposeId.id_kp_clientAuth), notBefore = day.multipliedBy(-9), notAfter = day.negated()), inter)
    val clientOther = c.issue("client-other", leaf("client.test").copy(eku = listOf(KeyPurposeId.id_kp_clientAuth)), other)
    val interServerEkuOnly = c.issue("inter-server-eku", CertShape.ca("Server-Only Intermediate").copy(eku = listOf(KeyPurposeId.id_kp_serverAuth)), root)
    val clientUnderServerInter = c.issue("client-under-server-inter", leaf("client.test").copy(eku = listOf(KeyPurposeId.id_kp_clientAuth)), interServerEkuOnly)
    val serverUnderServerInter = c.issue("server-under-server-inter", leaf("good.test", "good.test"), interServerEkuOnly)
    // CA flags and path length
    val nonCaInter = c.issue("non-ca-inter", CertShape("Non-CA Intermediate", ca = false, keyUsage = KeyUsage.keyCertSign or KeyUsage.digitalSignature, eku = null), root)
    val underNonCa = c.issue("under-non-ca", leaf("good.test", "good.test"), nonCaInter)
    val noBcInter = c.issue("no-bc-inter", CertShape("No-BC Intermediate", ca = null, keyUsage = caKu, eku = null), root)
    val underNoBc = c.issue("under-no-bc", leaf("good.test", "good.test"), noBcInter)
    val pathLen0 = c.issue("pathlen0", CertShape.ca("PathLen0 Intermediate", 0), root)
    val sub0 = c.issue("sub-of-pathlen0", CertShape.ca("Sub Intermediate A"), pathLen0)
    val deep0 = c.issue("deep0", leaf("good.test", "good.test"), sub0)
    val pathLen1 = c.issue("pathlen1", CertShape.ca("PathLen1 Intermediate", 1), root)
    val sub1 = c.issue("sub-of-pathlen1", CertShape.ca("Sub Intermediate B"), pathLen1)
    val deep1 = c.issue("deep1", leaf("good.test", "good.test"), sub1)
    val bcNotCritical = c.issue("bc-not-critical", CertShape.ca("Lax Intermediate").copy(caCritical = false), root)
    val underBcNotCritical = c.issue("under-bc-not-critical", leaf("good.test", "good.test"), bcNotCritical)
    val noAki = c.issue("no-aki", leaf("good.test", "good.test").copy(aki = false), inter)
    val unknownCritical = c.issue("unknown-critical", leaf("good.test", "good.test").copy(unknownCritical = listOf("1.3.6.1.4.1.55555.1")), inter)
    // name constraints
    val ncInter = c.issue("nc-inter", CertShape.ca("Constrained Intermediate").copy(permittedDns = listOf("allowed.test")), root)
    val ncOk = c.issue("nc-ok", leaf("www.allowed.test", "www.allowed.test"), ncInter)
    val ncBad = c.issue("nc-bad", leaf("evil.test", "evil.test"), ncInter)
    val ncCnOnly = c.issue("nc-cn-only", leaf("evil.test"), ncInter)
    val ncExclInter = c.issue("nc-excl-inter", CertShape.ca("Excluding Intermediate").copy(excludedDns = listOf("blocked.test")), root)
    val ncExcluded = c.issue("nc-excluded", leaf("x.blocked.test", "x.blocked.test"), ncExclInter)
    val ncNotExcluded = c.issue("nc-not-excluded", leaf("fine.test", "fine.test"), ncExclInter)
    // revocation
    val revokedLeaf = c.issue("revoked-leaf", leaf("good.test", "good.test"), inter)
    val revokedInter = c.issue("revoked-inter", CertShape.ca("Revoked Intermediate"), root)
    val underRevokedInter = c.issue("under-revoked-inter", leaf("good.test", "good.test"), revokedInter)
    val crlInterRevoking = c.crl("inter-revoking", inter, listOf(revokedLeaf))
    val crlInterEmpty = c.crl("inter-empty", inter, emptyList())
    val crlRootEmpty = c.crl("root-empty", root, emptyList())
    val crlRootRevokingInter = c.crl("root-revoking-inter", root, listOf(revokedInter))
    val crlRevokedInterEmpty = c.crl("revoked-inter-empty", revokedInter, emptyList())
    val crlInterExpired = c.crl("inter-expired", inter, emptyList(), day.multipliedBy(-10), day.negated())
    val crlInterFuture = c.crl("inter-future", inter, emptyList(), day, day.multipliedBy(7))
    val crlInterBadSig = c.crl("inter-bad-sig", inter, emptyList(), signer = other.keys)
    // host names
    val wildcard = c.issue("wildcard", leaf("*.w.test", "*.w.test"), inter)
    val partialWildcard = c.issue("partial-wildcard", leaf("f*.w.test", "f*.w.test"), inter)
    val suffixWildcard = c.issue("suffix-wildcard", leaf("*.test", "*.test"), inter)
    val cnOnly = c.issue("cn-only", leaf("cn.test"), inter)
    val cnWithSan = c.issue("cn-with-san", leaf("cn.test", "other.test"), inter)
    val cnWithIpSan = c.issue("cn-with-ip-san", leaf("cn.test").copy(ips = listOf("127.0.0.1")), inter)
    val ipAsDns = c.issue("ip-as-dns", leaf("ip-as-dns", "127.0.0.1"), inter)
    val ipOnly = c.issue("ip-only", leaf("ip-only.test").copy(ips = listOf("127.0.0.1")), inter)
    val cnIp = c.issue("cn-ip", leaf("127.0.0.1"), inter)
    val idn = c.issue("idn", leaf("xn--bcher-kva.test", "xn--bcher-kva.test"), inter)
    // weak algorithms (security level 2)
    val sha1Leaf = c.issue("sha1-leaf", leaf("good.test", "good.test").copy(signature = "SHA1"), inter)
    val rsa1024Leaf = c.issue("rsa1024-leaf", leaf("good.test", "good.test").copy(keyUsage = KeyUsage.digitalSignature or KeyUsage.keyEncipherment), inter, keys = c.rsaKeys(1024))
    val rsa2048Leaf = c.issue("rsa2048-leaf", leaf("good.test", "good.test").copy(keyUsage = KeyUsage.digitalSignature or KeyUsage.keyEncipherment), inter, keys = c.rsaKeys(2048))
    val rsa1024Inter = c.issue("rsa1024-inter", CertShape.ca("Weak-Key Intermediate"), root, keys = c.rsaKeys(1024))
    val underRsa1024Inter = c.issue("under-rsa1024-inter", leaf("good.test", "good.test"), rsa1024Inter)
    val sha1Inter = c.issue("sha1-inter", CertShape.ca("SHA-1 Intermediate").copy(signature = "SHA1"), root)
    val underSha1Inter = c.issue("under-sha1-inter", leaf("good.test", "good.test"), sha1Inter)
    val sha1Root = c.issue("sha1-root", CertShape.ca("SHA-1 Root").copy(signature = "SHA1"))
    val interOfSha1Root = c.issue("inter-of-sha1-root", CertShape.ca("Intermediate Of SHA-1 Root"), sha1Root)
    val underSha1Root = c.issue("under-sha1-root", leaf("good.test", "good.test"), interOfSha1Root)
    val sha384Leaf = c.issue("sha384-leaf", leaf("good.test", "good.test").copy(signature = "SHA384"), inter)

    val leafCrl = setOf(VerifyFlag.VERIFY_CRL_CHECK_LEAF)
    val chainCrl = setOf(VerifyFlag.VERIFY_CRL_CHECK_CHAIN)
    val partial = setOf(VerifyFlag.VERIFY_X509_PARTIAL_CHAIN)
    val strict = setOf(VerifyFlag.VERIFY_X509_STRICT)

    val rows = listOf(
        // chain building and trust
        VerifyRow("a good chain with its intermediate", listOf(good, inter), listOf(root), "good.test"),
        VerifyRow("a leaf signed by the root itself", listOf(direct), listOf(root), "direct.test"),
        VerifyRow("a leaf sent without its intermediate", listOf(good), listOf(root)),
        VerifyRow("a chain from an unknown root", listOf(good, inter), listOf(other)),
        VerifyRow("a chain that sends its untrusted root", listOf(good, inter, root), listOf(other)),
        VerifyRow("a chain that sends its trusted root too", listOf(good, inter, root), listOf(root)),
        VerifyRow("an untrusted self-signed leaf", listOf(selfLeaf), listOf(root)),
        VerifyRow("a trusted self-signed leaf", listOf(selfLeaf), listOf(selfLeaf), "self.test"),
        VerifyRow("a trusted intermediate without its root", listOf(good), listOf(inter)),
        VerifyRow("a trusted intermediate with PARTIAL_CHAIN", listOf(good), listOf(inter), flags = partial),
        VerifyRow("a trusted leaf alone with PARTIAL_CHAIN", listOf(good), listOf(good), flags = partial),
        VerifyRow("both the intermediate and the root trusted", listOf(good), listOf(root, inter)),
        VerifyRow("an unrelated certificate sent before the intermediate", listOf(good, other, inter), listOf(root)),
        VerifyRow("an impostor intermediate with the right name and another key", listOf(good, impostor), listOf(root)),
        VerifyRow("a leaf whose signature does not verify", listOf(badSig, inter), listOf(root)),
        VerifyRow("a cross-signed intermediate to a trusted other root", listOf(good, cross), listOf(other)),
        VerifyRow("both intermediates sent, only the cross-signing root trusted", listOf(good, inter, cross), listOf(other),
            tlskitAccepts = "tlskit's path building backtracks to the cross-signed intermediate (as webpki and Go do); " +
                "OpenSSL 3.0 follows the first issuer by name and stops at the untrusted root (20)"),
        // validity
        VerifyRow("an expired leaf", listOf(expired, inter), listOf(root)),
        VerifyRow("a leaf that is not yet valid", listOf(notYet, inter), listOf(root)),
        VerifyRow("an expired intermediate", listOf(underExpiredInter, interExpired), listOf(root)),
        VerifyRow("an intermediate that is not yet valid", listOf(underNotYetInter, interNotYet), listOf(root)),
        VerifyRow("an expired trusted root", listOf(underExpiredRoot, interOfExpiredRoot), listOf(rootExpired)),
        // purpose
        VerifyRow("a server presenting a clientAuth-only certificate", listOf(clientEku, inter), listOf(root)),
        VerifyRow("a server certificate without EKU", listOf(noEku, inter), listOf(root)),
        VerifyRow("a server certificate with only anyExtendedKeyUsage", listOf(anyEku, inter), listOf(root)),
        VerifyRow("a server certificate with serverAuth and clientAuth", listOf(bothEku, inter), listOf(root)),
        VerifyRow("a client presenting a clientAuth certificate", listOf(clientEku, inter), listOf(root), client = true),
        VerifyRow("a client presenting a serverAuth-only certificate", listOf(good, inter), listOf(root), client = true),
        VerifyRow("a client certificate without EKU", listOf(noEku, inter), listOf(root), client = true),
        VerifyRow("a client certificate with serverAuth and clientAuth", listOf(bothEku, inter), listOf(root), client = true),
        VerifyRow("an expired client certificate", listOf(clientExpired, inter), listOf(root), client = true),
        VerifyRow("a client certificate from an unknown CA", listOf(clientOther), listOf(root), client = true),
        VerifyRow("a client certificate under a serverAuth-only intermediate", listOf(clientUnderServerInter, interServerEkuOnly), listOf(root), client = true),
        VerifyRow("a server certificate under a serverAuth-only intermediate", listOf(serverUnderServerInter, interServerEkuOnly), listOf(root)),
        // CA flags, path length, extensions
        VerifyRow("an intermediate with CA:FALSE", listOf(underNonCa, nonCaInter), listOf(root)),
        VerifyRow("an intermediate without basicConstraints but with keyCertSign", listOf(underNoBc, noBcInter), listOf(root)),
        VerifyRow("an intermediate without basicConstraints under X509_STRICT", listOf(underNoBc, noBcInter), listOf(root), flags = strict),
        VerifyRow("a path longer than pathLen 0 allows", listOf(deep0, sub0, pathLen0), listOf(root)),
        VerifyRow("a path within pathLen 1", listOf(deep1, sub1, pathLen1), listOf(root)),
        VerifyRow("a leaf with an unknown critical extension", listOf(unknownCritical, inter), listOf(root)),
        VerifyRow("a good chain under X509_STRICT", listOf(good, inter), listOf(root), "good.test", flags = strict),
        VerifyRow("a leaf without authority key identifier", listOf(noAki, inter), listOf(root)),
        VerifyRow("a leaf without authority key identifier under X509_STRICT", listOf(noAki, inter), listOf(root), flags = strict),
        VerifyRow("a CA whose basicConstraints is not critical", listOf(underBcNotCritical, bcNotCritical), listOf(root)),
        VerifyRow("a CA whose basicConstraints is not critical under X509_STRICT", listOf(underBcNotCritical, bcNotCritical), listOf(root), flags = strict),
        // name constraints
        VerifyRow("a name inside the permitted subtree", listOf(ncOk, ncInter), listOf(root), "www.allowed.test"),
        VerifyRow("a name outside the permitted subtree", listOf(ncBad, ncInter), listOf(root)),
        VerifyRow("a CN-only leaf outside the permitted subtree", listOf(ncCnOnly, ncInter), listOf(root)),
        VerifyRow("a name in the excluded subtree", listOf(ncExcluded, ncExclInter), listOf(root)),
        VerifyRow("a name outside the excluded subtree", listOf(ncNotExcluded, ncExclInter), listOf(root)),
        // revocation
        VerifyRow("CRL_CHECK_LEAF without any CRL", listOf(good, inter), listOf(root), flags = leafCrl),
        VerifyRow("CRL_CHECK_LEAF with a CRL not listing the leaf", listOf(good, inter), listOf(root), crls = listOf(crlInterEmpty), flags = leafCrl),
        VerifyRow("CRL_CHECK_LEAF with the leaf revoked", listOf(revokedLeaf, inter), listOf(root), crls = listOf(crlInterRevoking), flags = leafCrl),
        VerifyRow("a revoked leaf without CRL checking", listOf(revokedLeaf, inter), listOf(root), crls = listOf(crlInterRevoking)),
        VerifyRow("CRL_CHECK_CHAIN with the intermediate revoked", listOf(underRevokedInter, revokedInter), listOf(root), crls = listOf(crlRevokedInterEmpty, crlRootRevokingInter), flags = chainCrl),
        VerifyRow("CRL_CHECK_LEAF with the intermediate revoked", listOf(underRevokedInter, revokedInter), listOf(root), crls = listOf(crlRevokedInterEmpty, crlRootRevokingInter), flags = leafCrl),
        VerifyRow("CRL_CHECK_CHAIN without the root's CRL", listOf(good, inter), listOf(root), crls = listOf(crlInterEmpty), flags = chainCrl),
        VerifyRow("CRL_CHECK_CHAIN with every CRL and nothing revoked", listOf(good, inter), listOf(root), crls = listOf(crlInterEmpty, crlRootEmpty), flags = chainCrl),
        VerifyRow("an expired CRL", listOf(good, inter), listOf(root), crls = listOf(crlInterExpired), flags = leafCrl),
        VerifyRow("a CRL that is not yet valid", listOf(good, inter), listOf(root), crls = listOf(crlInterFuture), flags = leafCrl),
        VerifyRow("a CRL with a bad signature", listOf(good, inter), listOf(root), crls = listOf(crlInterBadSig), flags = leafCrl),
        // host names and IP addresses
        VerifyRow("the wrong host name", listOf(good, inter), listOf(root), "evil.test"),
        VerifyRow("a second DNS name of the certificate", listOf(good, inter), listOf(root), "www.good.test"),
        VerifyRow("a host name in upper case", listOf(good, inter), listOf(root), "GOOD.TEST"),
        VerifyRow("a subdomain of the certificate's name", listOf(good, inter), listOf(root), "sub.good.test"),
        VerifyRow("an IPv4 address in the SAN", listOf(good, inter), listOf(root), "127.0.0.1"),
        VerifyRow("an IPv4 address not in the SAN", listOf(good, inter), listOf(root), "10.0.0.1"),
        VerifyRow("an IPv6 address in the SAN", listOf(good, inter), listOf(root), "::1"),
        VerifyRow("an IPv6 address not in the SAN", listOf(good, inter), listOf(root), "::2"),
        VerifyRow("a wildcard matching one label", listOf(wildcard, inter), listOf(root), "a.w.test"),
        VerifyRow("a wildcard does not match two labels", listOf(wildcard, inter), listOf(root), "a.b.w.test"),
        VerifyRow("a wildcard does not match the bare parent", listOf(wildcard, inter), listOf(root), "w.test"),
        VerifyRow("a wildcard matching an IDNA A-label", listOf(wildcard, inter), listOf(root), "xn--bcher-kva.w.test"),
        VerifyRow("a partial wildcard is refused like CPython (NO_PARTIAL_WILDCARDS)", listOf(partialWildcard, inter), listOf(root), "foo.w.test", python = true),
        VerifyRow("a wildcard over a single-label suffix", listOf(suffixWildcard, inter), listOf(root), "a.test"),
        VerifyRow("an IDNA A-label name", listOf(idn, inter), listOf(root), "xn--bcher-kva.test"),
        VerifyRow("CN fallback on for a certificate without SAN", listOf(cnOnly, inter), listOf(root), "cn.test"),
        VerifyRow("CN fallback off for a certificate without SAN", listOf(cnOnly, inter), listOf(root), "cn.test", commonName = false, python = true),
        VerifyRow("CN fallback on but a DNS SAN present", listOf(cnWithSan, inter), listOf(root), "cn.test"),
        VerifyRow("CN fallback on with only an IP SAN", listOf(cnWithIpSan, inter), listOf(root), "cn.test"),
        VerifyRow("CN fallback off with only an IP SAN", listOf(cnWithIpSan, inter), listOf(root), "cn.test", commonName = false, python = true),
        VerifyRow("an IP address written as a DNS SAN", listOf(ipAsDns, inter), listOf(root), "127.0.0.1"),
        VerifyRow("an IP-only certificate checked by IP", listOf(ipOnly, inter), listOf(root), "127.0.0.1"),
        VerifyRow("an IP-only certificate checked by host name", listOf(ipOnly, inter), listOf(root), "ip-only.test"),
        VerifyRow("an IP address in the CN only", listOf(cnIp, inter), listOf(root), "127.0.0.1"),
        // weak algorithms at security level 2
        VerifyRow("a leaf signed with SHA-1", listOf(sha1Leaf, inter), listOf(root)),
        VerifyRow("an intermediate signed with SHA-1", listOf(underSha1Inter, sha1Inter), listOf(root)),
        VerifyRow("a self-signed SHA-1 trust anchor", listOf(underSha1Root, interOfSha1Root), listOf(sha1Root)),
        VerifyRow("a leaf signed with SHA-384", listOf(sha384Leaf, inter), listOf(root)),
        VerifyRow("an RSA-1024 leaf", listOf(rsa1024Leaf, inter), listOf(root)),
        VerifyRow("an RSA-2048 leaf", listOf(rsa2048Leaf, inter), listOf(root)),
        VerifyRow("an RSA-1024 intermediate", listOf(underRsa1024Inter, rsa1024Inter), listOf(root)),
    )

    fun pem(name: String, certs: List<CorpusCert>, extra: List<Path> = emptyList()): Path =
        c.bundle(name, certs.map { it.file } + extra)

    fun files(row: VerifyRow): Triple<Path, Path, Path?> {
        val id = Integer.toHexString(row.title.hashCode())
        val trust = pem("trust-$id.pem", row.trust, row.crls)
        val chain = pem("chain-$id.pem", row.chain)
        val untrusted = if (row.chain.size > 1) pem("untrusted-$id.pem", row.chain.drop(1)) else null
        return Triple(trust, chain, untrusted)
    }

    fun oracle(row: VerifyRow): Verdict {
        val (trust, chain, untrusted) = files(row)
        if (row.python) {
            val code = PythonVerifyOracle.verify(trust, chain, c.directory.resolve("${row.chain[0].name}.key"), row.host!!,
                row.commonName, VerifyFlag.toBits(row.flags + VerifyFlag.VERIFY_X509_TRUSTED_FIRST))
            return Verdict(code, if (code == 0) -1 else 0) // host checks fail at depth 0; Python does not report depth
        }
        val args = mutableListOf("-CAfile", trust.toString(), "-auth_level", "2",
            "-purpose", if (row.client) "sslclient" else "sslserver")
        untrusted?.let { args += listOf("-untrusted", it.toString()) }
        row.host?.let { args += listOf(if (isIp(it)) "-verify_ip" else "-verify_hostname", it) }
        if (VerifyFlag.VERIFY_CRL_CHECK_CHAIN in row.flags) args += "-crl_check_all"
        else if (VerifyFlag.VERIFY_CRL_CHECK_LEAF in row.flags) args += "-crl_check"
        if (VerifyFlag.VERIFY_X509_PARTIAL_CHAIN in row.flags) args += "-partial_chain"
        if (VerifyFlag.VERIFY_X509_STRICT in row.flags) args += "-x509_strict"
        args += row.chain[0].file.toString()
        val r = OpenSsl.verifyWith(args)
        return if (r.ok) Verdict(0, -1) else Verdict(r.errorCode ?: error("openssl verify failed without a code: ${r.output}"), r.errorDepth!!)
    }

    /** tlskit's verdict through a real handshake on [provider]: the verifying side's verify code and depth. */
    fun tlskit(row: VerifyRow): Verdict {
        val (trust, chain, _) = files(row)
        val key = c.directory.resolve("${row.chain[0].name}.key")
        val verifier: TlsContext
        val pair = if (!row.client) {
            verifier = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider).apply {
                if (row.host == null) setCheckHostname(false)
                loadVerifyLocations(trust)
            }
            val server = TlsContext.create(Protocol.PROTOCOL_TLS_SERVER, provider).apply { loadCertChain(chain, key, null) }
            verifier.setVerifyFlags(row.flags + VerifyFlag.VERIFY_X509_TRUSTED_FIRST)
            verifier.setHostnameChecksCommonName(row.commonName)
            MemoryPair.of(verifier, server, row.host)
        } else {
            verifier = serverContext(provider).apply {
                setVerifyMode(VerifyMode.CERT_REQUIRED)
                loadVerifyLocations(trust)
                setVerifyFlags(row.flags + VerifyFlag.VERIFY_X509_TRUSTED_FIRST)
            }
            val client = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider).apply {
                setCheckHostname(false)
                setVerifyMode(VerifyMode.CERT_NONE)
                loadCertChain(chain, key, null)
            }
            MemoryPair.of(client, verifier, null)
        }
        val outcome = pair.handshakeOutcome()
        val error = if (row.client) outcome.server else outcome.client
        return when (error) {
            null -> Verdict(0, -1)
            is CertificateVerificationException -> Verdict(error.verifyCode(), VerificationFailure.find(error)?.depth() ?: -2)
            else -> throw AssertionError("not a verification failure: $error", error)
        }
    }

    for (row in rows) {
        test("[$provider] ${row.title}: tlskit and ${if (row.python) "Python ssl" else "openssl verify"} agree") {
            val expected = oracle(row)
            val actual = tlskit(row)
            withClue("openssl says $expected, tlskit says $actual") {
                when {
                    row.tlskitAccepts != null -> {
                        expected.code shouldNotBe 0
                        actual shouldBe Verdict(0, -1)
                    }
                    row.python -> actual.code shouldBe expected.code
                    else -> actual shouldBe expected
                }
            }
        }
    }

    test("[$provider] the oracle table agrees on enough rows:  at least 60, with varied verdicts (the comparison can fail)") {
        rows.size shouldBe rows.size.coerceAtLeast(60)
        rows.map { it.title }.toSet().size shouldBe rows.size
        rows.filter { !it.python }.map { oracle(it).code }.toSet() shouldContainAll
            setOf(0, 2, 3, 7, 8, 9, 10, 12, 18, 19, 20, 23, 25, 26, 62, 64, 66, 67, 68, 79)
    }
}
