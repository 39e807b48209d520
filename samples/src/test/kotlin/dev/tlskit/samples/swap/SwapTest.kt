package dev.tlskit.samples.swap

import dev.tlskit.tck.OpenSslServer
import dev.tlskit.tck.OpenSslServerOptions
import dev.tlskit.tck.Processes
import dev.tlskit.tck.TestPki
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
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

    fun run(mainClass: String, classpath: String, vararg props: String): Run =
        OpenSslServer(OpenSslServerOptions.of(pki.localhost)).use { server ->
            val java = Path(System.getProperty("java.home"), "bin", "java")
            val r = Processes.run(listOf(java) + props + listOf("-cp", classpath, mainClass, "127.0.0.1",
                server.port.toString(), pki.root.certFile.toString()), timeout = 60.seconds)
            val line = r.stdoutText.lines().firstOrNull { it.startsWith("provider=") }
            withClue(r.toString()) { line shouldNotBe null }
            val fields = line!!.split(" ").associate { it.substringBefore('=') to it.substringAfter('=') }
            withClue(line) { fields["echo"] shouldBe "paws" }
            Run(fields.getValue("provider"), fields.getValue("cipher"), server.awaitSessions(1).single().cipher)
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
