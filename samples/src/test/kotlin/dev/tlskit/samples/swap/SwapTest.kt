package dev.tlskit.samples.swap

import dev.tlskit.tck.OpenSslServer
import dev.tlskit.tck.OpenSslServerOptions
import dev.tlskit.tck.Processes
import dev.tlskit.tck.TestPki
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import java.io.File
import kotlin.time.Duration.Companion.seconds

/**
 * The swap proof: the same compiled samples, run in child JVMs, change backend only through `-Dtlskit.provider` or
 * the class path — checked against what a real `openssl s_server` observed.
 */
class SwapTest : FunSpec({
    val pki = TestPki.shared
    val fullClasspath = System.getProperty("java.class.path")
    val withoutConscrypt = fullClasspath.split(File.pathSeparator)
        .filterNot { it.contains("conscrypt") }.joinToString(File.pathSeparator)

    data class Run(val provider: String, val cipher: String, val serverCipher: String?)

    val java = Path(System.getProperty("java.home"), "bin", "java")

    /** Runs [mainClass] in a child JVM started with [jvmArgs] against a fresh `openssl s_server`. */
    fun runWith(jvmArgs: List<String>, mainClass: String): Run =
        OpenSslServer(OpenSslServerOptions.of(pki.localhost)).use { server ->
            val r = Processes.run(listOf(java) + jvmArgs + listOf(mainClass, "127.0.0.1",
                server.port.toString(), pki.root.certFile.toString()), timeout = 60.seconds)
            val line = r.stdoutText.lines().firstOrNull { it.startsWith("provider=") }
            withClue(r.toString()) { line shouldNotBe null }
            val fields = line!!.split(" ").associate { it.substringBefore('=') to it.substringAfter('=') }
            withClue(line) { fields["echo"] shouldBe "paws" }
            Run(fields.getValue("provider"), fields.getValue("cipher"), server.awaitSessions(1).single().cipher)
        }

    fun run(mainClass: String, classpath: String, vararg props: String): Run = runWith(props.toList() + listOf("-cp", classpath), mainClass)

    // tlskit's own artifacts (jars or, in a reactor build, class directories) and Conscrypt: nothing Kotlin
    val entries = fullClasspath.split(File.pathSeparator)
    fun entry(marker: String): String = entries.single { it.replace(File.separatorChar, '/').contains(marker) }
    val api = entry("/tls-api/")
    val backends = listOf(entry("/tls-jdk/"), entry("/tls-conscrypt/"), entry("/conscrypt-openjdk-uber"))
    val sampleClasses = entry("/samples/target/classes")

    test("SwapJava runs with tls-api, the backends and Conscrypt alone: a Java user needs no kotlin-stdlib") {
        val javaOnly = (listOf(sampleClasses, api) + backends).joinToString(File.pathSeparator)
        javaOnly.contains("kotlin") shouldBe false
        run("dev.tlskit.samples.swap.SwapJava", javaOnly).provider shouldBe "conscrypt"
        val jdk = run("dev.tlskit.samples.swap.SwapJava", javaOnly, "-Dtlskit.provider=jdk")
        jdk.provider shouldBe "jdk"
        jdk.serverCipher shouldBe jdk.cipher
    }

    test("on the module path the descriptors resolve and the backends are found through 'provides', without Kotlin") {
        val modulePath = (listOf(api) + backends).joinToString(File.pathSeparator)
        val args = listOf("--module-path", modulePath, "--add-modules", "dev.tlskit.jdk,dev.tlskit.conscrypt", "-cp", sampleClasses)
        runWith(args, "dev.tlskit.samples.swap.SwapJava").provider shouldBe "conscrypt"
        runWith(listOf("-Dtlskit.provider=jdk") + args, "dev.tlskit.samples.swap.SwapJava").provider shouldBe "jdk"
    }

    test("dev.tlskit exports its API packages only: internal is a qualified export to the Conscrypt backend") {
        val r = Processes.run(listOf(java, "--module-path", (listOf(api) + backends).joinToString(File.pathSeparator),
            "--describe-module", "dev.tlskit"), timeout = 60.seconds)
        val lines = r.stdoutText.lines().map { it.trim() }
        lines.filter { it.startsWith("exports ") }.sorted() shouldBe listOf("dev.tlskit", "dev.tlskit.async",
            "dev.tlskit.ciphers", "dev.tlskit.jsse", "dev.tlskit.kotlin", "dev.tlskit.pki", "dev.tlskit.spi").map { "exports $it" }
        lines.filter { it.startsWith("qualified exports ") } shouldBe listOf("qualified exports dev.tlskit.internal to dev.tlskit.conscrypt")
        lines shouldContain "uses dev.tlskit.spi.TlsProvider"
        lines shouldContain "requires kotlin.stdlib static"
    }

    for (main in listOf("dev.tlskit.samples.swap.SwapJava", "dev.tlskit.samples.swap.SwapKotlin")) {
        val name = main.substringAfterLast('.')
        test("$name changes backend with -Dtlskit.provider alone, and openssl sees the difference") {
            val jdk = run(main, fullClasspath, "-Dtlskit.provider=jdk")
            val conscrypt = run(main, fullClasspath, "-Dtlskit.provider=conscrypt")
            jdk.provider shouldBe "jdk"
            conscrypt.provider shouldBe "conscrypt"
            jdk.serverCipher shouldBe jdk.cipher
            conscrypt.serverCipher shouldBe conscrypt.cipher
            // the client's suite order differs between JSSE and BoringSSL, and s_server follows the client's order
            jdk.serverCipher shouldNotBe conscrypt.serverCipher
        }

        test("$name picks conscrypt when it is on the class path and jdk when it is not, with no rebuild") {
            run(main, fullClasspath).provider shouldBe "conscrypt"
            val without = run(main, withoutConscrypt)
            without.provider shouldBe "jdk"
            without.serverCipher shouldBe without.cipher
        }
    }
})

private fun Path(first: String, vararg more: String): String = java.nio.file.Path.of(first, *more).toString()
