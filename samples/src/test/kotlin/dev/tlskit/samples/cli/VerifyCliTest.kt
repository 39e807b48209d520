package dev.tlskit.samples.cli

import com.fasterxml.jackson.databind.ObjectMapper
import dev.tlskit.tck.ProcessResult
import dev.tlskit.tck.Processes
import dev.tlskit.tck.TestPki
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Path
import kotlin.time.Duration.Companion.seconds

private val pki = TestPki.shared
private val mapper = ObjectMapper()

private fun verify(vararg args: Any): ProcessResult = Processes.run(
    listOf(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), "dev.tlskit.samples.cli.MainKt", "verify",
    ) + args.map { it.toString() },
    ByteArray(0), timeout = 60.seconds,
)

/** `tlskit verify`: the openssl-verify look-alike over the one CertificateVerifier, and its x509-limbo runner. */
class VerifyCliTest : FunSpec({
    test("a good chain for its host verifies, prints the built chain as JSON and exits 0") {
        val r = verify("--cafile", pki.caBundle, "--host", "localhost", pki.localhost.chainFile, "--json")
        withClue(r) { r.exitCode shouldBe 0 }
        val j = mapper.readTree(r.stdoutText.trim())
        j["verified"].asBoolean() shouldBe true
        j["verify_code"].asInt() shouldBe 0
        j["depth"].asInt() shouldBe -1
        j["chain"].size() shouldBe 3
        j["chain"][2].asText() shouldContain "tlskit Test Root"
    }

    test("a wrong host gives OpenSSL's code 62 and exit status 1") {
        val r = verify("--cafile", pki.caBundle, "--host", "example.org", pki.localhost.chainFile, "--json")
        r.exitCode shouldBe 1
        val j = mapper.readTree(r.stdoutText.trim())
        j["verified"].asBoolean() shouldBe false
        j["verify_code"].asInt() shouldBe 62
        j["depth"].asInt() shouldBe 0
    }

    test("an IP the leaf is not valid for gives code 64, and --at in the past gives 9 (not yet valid)") {
        mapper.readTree(verify("--cafile", pki.caBundle, "--ip", "10.1.2.3", pki.localhost.chainFile, "--json").stdoutText)["verify_code"]
            .asInt() shouldBe 64
        val r = verify("--cafile", pki.caBundle, "--at", "2001-01-01T00:00:00Z", pki.localhost.chainFile)
        r.exitCode shouldBe 1
        r.stdoutText shouldContain "error 9 at"
    }

    test("a revoked leaf is refused with --crl and --crl-check leaf, and accepted without the check") {
        val revoked = verify("--cafile", pki.caBundle, "--crl", pki.crlFile, "--crl-check", "leaf", pki.revoked.chainFile, "--json")
        mapper.readTree(revoked.stdoutText.trim())["verify_code"].asInt() shouldBe 23
        verify("--cafile", pki.caBundle, pki.revoked.chainFile).exitCode shouldBe 0
    }

    test("a client certificate needs --purpose client: as a server chain it is refused with code 26") {
        verify("--cafile", pki.caBundle, "--purpose", "client", pki.client.chainFile).exitCode shouldBe 0
        val r = verify("--cafile", pki.caBundle, pki.client.chainFile, "--json")
        mapper.readTree(r.stdoutText.trim())["verify_code"].asInt() shouldBe 26
    }

    test("bad usage exits 2 and says what is wrong") {
        val r = verify("--cafile", pki.caBundle, "--at", "yesterday", pki.localhost.chainFile)
        r.exitCode shouldBe 2
        r.stderrText shouldContain "ISO-8601"
        verify().exitCode shouldBe 2
    }

    test("--limbo with --only runs part of the corpus and prints the tlskit-vs-JDK table") {
        val corpus = dev.tlskit.limbo.LimboCorpus.locate()
        val r = verify("--limbo", corpus, "--only", "crl::")
        withClue(r) { r.exitCode shouldBe 0 }
        r.stdoutText shouldContain "| tlskit (all) | 8 | 8 | 0 | 0 | 0 |"
        r.stdoutText shouldContain "| JDK PKIX (all) | 8 |"
        val j = mapper.readTree(verify("--limbo", corpus, "--only", "crl::", "--json").stdoutText.trim())
        j["summary"]["all"]["tlskit"]["agree"].asInt() shouldBe 8
    }
})
