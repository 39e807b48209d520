package dev.tlskit.pki

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path
import java.security.KeyStore
import java.util.concurrent.TimeUnit
import javax.net.ssl.TrustManagerFactory
import javax.net.ssl.X509TrustManager

/**
 * Run in a child JVM by [SystemTrustTest] (Java cannot set its own environment): prints the stats after
 * `set_default_verify_paths`, then verifies the chain files given as arguments and prints the stats again.
 */
object DefaultPathsProbe {
    @JvmStatic
    fun main(args: Array<String>) {
        val store = TrustStore()
        store.setDefaultVerifyPaths()
        println("before=" + store.stats().toSortedMap())
        if (args.isNotEmpty()) {
            val chain = args.flatMap { Certificates.read(Path.of(it)) }.toTypedArray()
            TlsTrustManager(TrustConfig.builder(store.snapshot()).build()).verifyServer(chain, null)
        }
        println("after=" + store.stats().toSortedMap())
    }
}

/** `set_default_verify_paths` in a real environment: `SSL_CERT_FILE`/`SSL_CERT_DIR` like OpenSSL's default paths. */
class SystemTrustTest : FunSpec({
    val ssl = OpenSsl.temp()
    afterSpec { ssl.delete() }

    ssl.rootCa("root", "Env Root", days = 30)
    ssl.issue("leaf", "root", "leaf.example", listOf("basicConstraints=CA:FALSE", "subjectAltName=DNS:leaf.example"))
    ssl.selfSignedLeaf("plain", "plain.example")
    val capath = Files.createDirectories(ssl.path("capath"))
    val hash = ssl.ok("x509", "-hash", "-noout", "-in", "root.pem").trim()
    Files.copy(ssl.path("root.pem"), capath.resolve("$hash.0"))

    val cacertsCas by lazy {
        val tmf = TrustManagerFactory.getInstance("PKIX").apply { init(null as KeyStore?) }
        tmf.trustManagers.filterIsInstance<X509TrustManager>().flatMap { it.acceptedIssuers.toList() }.count { X509Checks.isCa(it) }
    }

    /** Runs [DefaultPathsProbe] with exactly [env] added; returns its two stats lines. */
    fun probe(env: Map<String, String?>, vararg chain: Path): List<String> {
        val java = ProcessHandle.current().info().command().orElse("java")
        val pb = ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), DefaultPathsProbe::class.java.name,
            *chain.map { it.toString() }.toTypedArray()).redirectErrorStream(true)
        pb.environment().remove("SSL_CERT_FILE")
        pb.environment().remove("SSL_CERT_DIR")
        env.forEach { (k, v) -> if (v != null) pb.environment()[k] = v }
        val p = pb.start()
        val out = p.inputStream.readBytes().toString(Charsets.UTF_8)
        check(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) { "probe failed:\n$out" }
        return out.lines().filter { it.startsWith("before=") || it.startsWith("after=") }
    }

    test("SSL_CERT_FILE (a non-CA leaf) and SSL_CERT_DIR give x509 1, x509_ca 0 like CPython's test_load_default_certs_env") {
        probe(mapOf("SSL_CERT_FILE" to ssl.path("plain.pem").toString(), "SSL_CERT_DIR" to capath.toString())) shouldBe
            listOf("before={crl=0, x509=1, x509_ca=0}", "after={crl=0, x509=1, x509_ca=0}")
    }

    test("a CA directory from SSL_CERT_DIR counts its certificates only once a verification used them") {
        probe(mapOf("SSL_CERT_FILE" to "", "SSL_CERT_DIR" to capath.toString()), ssl.path("leaf.pem")) shouldBe
            listOf("before={crl=0, x509=0, x509_ca=0}", "after={crl=0, x509=1, x509_ca=1}")
    }

    test("without the variables the JDK's cacerts is the default CA file, and SSL_CERT_DIR alone adds to it") {
        val expected = "before={crl=0, x509=$cacertsCas, x509_ca=$cacertsCas}"
        probe(emptyMap()).first() shouldBe expected
        probe(mapOf("SSL_CERT_DIR" to capath.toString())).first() shouldBe expected
    }
})
