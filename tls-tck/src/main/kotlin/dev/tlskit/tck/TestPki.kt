package dev.tlskit.tck

import org.bouncycastle.asn1.x500.X500Name
import org.bouncycastle.asn1.x500.X500NameBuilder
import org.bouncycastle.asn1.x500.style.BCStyle
import org.bouncycastle.asn1.x509.GeneralName
import java.nio.file.Files
import java.nio.file.Path
import java.security.KeyPair
import java.security.PrivateKey
import java.security.interfaces.ECPrivateKey
import java.security.cert.X509CRL
import java.security.cert.X509Certificate
import java.time.Duration
import java.time.Instant
import java.time.temporal.ChronoUnit
import java.util.Comparator

/**
 * A complete test PKI, made with BouncyCastle when first asked for and written as PEM
 * files into a temporary directory that is deleted when the JVM exits.
 *
 * <h2>Contents</h2>
 * - [root] "tlskit Test Root CA" (RSA 2048) and [intermediate] "tlskit Test Intermediate CA"
 *   (signed by the root, pathlen 0).
 * - Server leaves signed by the intermediate, each with a chain file of leaf + intermediate:
 *   [localhost] (DNS:localhost, IP:127.0.0.1, IP:::1), [localhostEc] (the same on ECDSA P-256),
 *   [expired], [notYetValid], [wrongHost] (DNS:wrong.example), [ipOnly] (IP:127.0.0.1),
 *   [wildcard] (DNS:*.tlskit.test), [noSan] (CN=localhost, no SAN) and [revoked] (listed in [crl]).
 * - [selfSigned]: a self-signed `localhost` server certificate that is not a CA, like CPython's
 *   `keycert.pem`.
 * - Client certificates: [client] (CN "tlskit client", signed by the intermediate) and
 *   [untrustedClient] (signed by [otherRoot]).
 * - [otherRoot]: an unrelated root CA for "untrusted" tests.
 * - Key files in other encodings: [localhostEncryptedKeyFile] ([KEY_PASSWORD]),
 *   [localhostPkcs1KeyFile], [localhostEcSec1KeyFile].
 * - Bundles: [caBundle] (root), [caBundleWithIntermediate] (root + intermediate),
 *   [caBundleWithCrl] (root + intermediate + CRL, the layout Python's `load_verify_locations`
 *   reads for `VERIFY_CRL_CHECK_LEAF`), [crlFile].
 *
 * Validity: CAs from 2 days ago for 365 days; good leaves from 1 day ago for 30 days;
 * [expired] ended yesterday; [notYetValid] starts tomorrow. Serials are random.
 * Every good chain passes OpenSSL 3's `openssl verify` (the kit's own tests check this).
 *
 * <h2>Example</h2>
 * ```
 * val pki = TestPki.shared
 * PythonTlsPeer.server(PythonPeerOptions(certFile = pki.localhost.chainFile, keyFile = pki.localhost.keyFile))
 * ```
 *
 * <h2>Security</h2>
 * Test material only: keys are written unencrypted (except the deliberate encrypted copy)
 * into a world-readable temporary directory.
 *
 * @property directory where the files are.
 */
public class TestPki private constructor(public val directory: Path) {
    private val factory = CertificateFactory()
    private val now: Instant = Instant.now().truncatedTo(ChronoUnit.SECONDS)
    private val day = Duration.ofDays(1)

    /** "tlskit Test Root CA". */
    public val root: TestCredential
    /** "tlskit Test Intermediate CA", signed by [root]. */
    public val intermediate: TestCredential
    /** "tlskit Other Root CA", unrelated to [root]. */
    public val otherRoot: TestCredential

    /** `localhost` server leaf (RSA): SAN DNS:localhost, IP:127.0.0.1, IP:::1; EKU serverAuth. */
    public val localhost: TestCredential
    /** As [localhost] with an ECDSA P-256 key. */
    public val localhostEc: TestCredential
    /** `localhost` leaf whose notAfter is in the past (OpenSSL verify code 10). */
    public val expired: TestCredential
    /** `localhost` leaf whose notBefore is in the future (OpenSSL verify code 9). */
    public val notYetValid: TestCredential
    /** Leaf for DNS:wrong.example only (hostname mismatch for `localhost`, code 62). */
    public val wrongHost: TestCredential
    /** Leaf with SAN IP:127.0.0.1 only, CN "127.0.0.1". */
    public val ipOnly: TestCredential
    /** Leaf for DNS:*.tlskit.test. */
    public val wildcard: TestCredential
    /** Leaf with CN=localhost and no subjectAltName at all. */
    public val noSan: TestCredential
    /** `localhost` leaf listed as revoked in [crl] (code 23 when CRLs are checked). */
    public val revoked: TestCredential
    /** Self-signed `localhost` server certificate, not a CA (basicConstraints CA:FALSE). */
    public val selfSigned: TestCredential
    /** Client certificate, CN "tlskit client", EKU clientAuth, signed by [intermediate]. */
    public val client: TestCredential
    /** Client certificate, CN "tlskit untrusted client", signed by [otherRoot]. */
    public val untrustedClient: TestCredential

    /** CRL issued by [intermediate] revoking [revoked]. */
    public val crl: X509CRL
    /** [crl] as PEM. */
    public val crlFile: Path
    /** [root] alone, as a CA file. */
    public val caBundle: Path
    /** [root] then [intermediate]. */
    public val caBundleWithIntermediate: Path
    /** [root], [intermediate] and [crl] in one PEM file. */
    public val caBundleWithCrl: Path
    /** [localhost]'s key as `BEGIN ENCRYPTED PRIVATE KEY` (PBES2, AES-256-CBC), password [KEY_PASSWORD]. */
    public val localhostEncryptedKeyFile: Path
    /** [localhost]'s key as PKCS#1 (`BEGIN RSA PRIVATE KEY`). */
    public val localhostPkcs1KeyFile: Path
    /** [localhostEc]'s key as SEC1 (`BEGIN EC PRIVATE KEY`). */
    public val localhostEcSec1KeyFile: Path

    init {
        val rootKeys = factory.rsaKeyPair()
        root = save("root", rootKeys, ca("tlskit Test Root CA", rootKeys, null, pathLen = null), emptyList())
        val interKeys = factory.rsaKeyPair()
        val interCert = ca("tlskit Test Intermediate CA", interKeys, root, pathLen = 0)
        intermediate = save("intermediate", interKeys, interCert, emptyList())
        val otherKeys = factory.rsaKeyPair()
        otherRoot = save("other-root", otherKeys, ca("tlskit Other Root CA", otherKeys, null, pathLen = null), emptyList())

        val localhostSans = listOf(dns("localhost"), ip("127.0.0.1"), ip("::1"))
        localhost = leaf("localhost", "localhost", localhostSans)
        localhostEc = leaf("localhost-ec", "localhost", localhostSans, keys = factory.ecKeyPair())
        expired = leaf("expired", "localhost", localhostSans, notBefore = now - day.multipliedBy(30), notAfter = now - day)
        notYetValid = leaf("not-yet-valid", "localhost", localhostSans, notBefore = now + day, notAfter = now + day.multipliedBy(30))
        wrongHost = leaf("wrong-host", "wrong.example", listOf(dns("wrong.example")))
        ipOnly = leaf("ip-only", "127.0.0.1", listOf(ip("127.0.0.1")))
        wildcard = leaf("wildcard", "*.tlskit.test", listOf(dns("*.tlskit.test")))
        noSan = leaf("no-san", "localhost", emptyList())
        revoked = leaf("revoked", "localhost", localhostSans)
        client = leaf("client", "tlskit client", emptyList(), role = CertRole.CLIENT)
        untrustedClient = leaf("untrusted-client", "tlskit untrusted client", emptyList(), role = CertRole.CLIENT, issuer = otherRoot)

        val selfKeys = factory.rsaKeyPair()
        val selfCert = factory.issue(
            name("localhost"), selfKeys, null, now - day, now + day.multipliedBy(30), CertRole.SERVER_AND_CLIENT, localhostSans,
        )
        selfSigned = save("self-signed", selfKeys, selfCert, emptyList())

        crl = factory.crl(intermediate.certificate to intermediate.privateKey, listOf(revoked.certificate), now - day, now + day.multipliedBy(30))
        crlFile = write("intermediate.crl.pem", factory.pem(crl))
        caBundle = write("ca-bundle.pem", factory.pem(root.certificate))
        caBundleWithIntermediate = write("ca-bundle-with-intermediate.pem", factory.pem(root.certificate, intermediate.certificate))
        caBundleWithCrl = write("ca-bundle-with-crl.pem", factory.pem(root.certificate, intermediate.certificate, crl))
        localhostEncryptedKeyFile = write("localhost-encrypted.key", factory.encryptedPkcs8Pem(localhost.privateKey, KEY_PASSWORD))
        localhostPkcs1KeyFile = write("localhost-pkcs1.key", factory.pem(localhost.privateKey))
        localhostEcSec1KeyFile = write(
            "localhost-ec-sec1.key",
            factory.sec1Pem(localhostEc.privateKey as ECPrivateKey, localhostEc.certificate.publicKey),
        )
    }

    /** Every credential by its [TestCredential.name], e.g. for data-driven tests. */
    public val all: Map<String, TestCredential>
        get() = listOf(
            root, intermediate, otherRoot, localhost, localhostEc, expired, notYetValid, wrongHost, ipOnly,
            wildcard, noSan, revoked, selfSigned, client, untrustedClient,
        ).associateBy { it.name }

    /** O first, CN last: the conventional order, printed `O = tlskit, CN = ...` by OpenSSL. */
    private fun name(cn: String): X500Name =
        X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "tlskit").addRDN(BCStyle.CN, cn).build()

    private fun dns(host: String) = GeneralName(GeneralName.dNSName, host)

    private fun ip(address: String) = GeneralName(GeneralName.iPAddress, address)

    private fun ca(cn: String, keys: KeyPair, issuer: TestCredential?, pathLen: Int?): X509Certificate =
        factory.issue(
            name(cn), keys, issuer?.let { it.certificate to it.privateKey },
            now - day.multipliedBy(2), now + day.multipliedBy(365), CertRole.CA, pathLen = pathLen,
        )

    private fun leaf(
        fileName: String,
        cn: String,
        sans: List<GeneralName>,
        keys: KeyPair = factory.rsaKeyPair(),
        notBefore: Instant = now - day,
        notAfter: Instant = now + day.multipliedBy(30),
        role: CertRole = CertRole.SERVER,
        issuer: TestCredential = intermediate,
    ): TestCredential {
        val cert = factory.issue(name(cn), keys, issuer.certificate to issuer.privateKey, notBefore, notAfter, role, sans)
        val intermediates = if (issuer.certificate.subjectX500Principal == issuer.certificate.issuerX500Principal) {
            emptyList()
        } else {
            listOf(issuer.certificate)
        }
        return save(fileName, keys, cert, intermediates)
    }

    private fun save(
        fileName: String,
        keys: KeyPair,
        cert: X509Certificate,
        intermediates: List<X509Certificate>,
    ): TestCredential {
        val chain = listOf(cert) + intermediates
        val key: PrivateKey = keys.private
        val chainPem = factory.pem(*chain.toTypedArray())
        val keyPem = factory.pkcs8Pem(key)
        return TestCredential(
            name = fileName,
            certificate = cert,
            privateKey = key,
            chain = chain,
            certFile = write("$fileName.crt", factory.pem(cert)),
            keyFile = write("$fileName.key", keyPem),
            chainFile = write("$fileName-chain.crt", chainPem),
            combinedFile = write("$fileName-combined.pem", chainPem + keyPem),
            intermediatesFile = if (intermediates.isEmpty()) {
                null
            } else {
                write("$fileName-intermediates.crt", factory.pem(*intermediates.toTypedArray()))
            },
        )
    }

    private fun write(fileName: String, text: String): Path =
        directory.resolve(fileName).also { Files.writeString(it, text) }

    public companion object {
        /** The password of [localhostEncryptedKeyFile]. */
        public const val KEY_PASSWORD: String = "somepass"

        private val sharedInstance: TestPki by lazy(LazyThreadSafetyMode.SYNCHRONIZED) { create() }

        /** The PKI shared by every test in this JVM, made on first use (thread-safe). */
        @JvmStatic
        public val shared: TestPki get() = sharedInstance

        /**
         * Makes a new, independent PKI (fresh keys and serials). With [directory] `null` the
         * files go to a new temporary directory deleted when the JVM exits; a given
         * [directory] (created if missing) is left in place, which helps when debugging a
         * failure with the `openssl` tools by hand.
         */
        @JvmStatic
        @JvmOverloads
        public fun create(directory: Path? = null): TestPki {
            if (directory != null) return TestPki(Files.createDirectories(directory))
            val dir = Files.createTempDirectory("tlskit-pki-")
            deleteOnExit(dir)
            return TestPki(dir)
        }

        internal fun deleteOnExit(dir: Path) {
            Runtime.getRuntime().addShutdownHook(Thread({
                runCatching {
                    Files.walk(dir).use { paths ->
                        paths.sorted(Comparator.reverseOrder()).forEach { Files.deleteIfExists(it) }
                    }
                }
            }, "tlskit-tck-cleanup"))
        }
    }
}
