package dev.tlskit.limbo

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Paths

/**
 * The whole x509-limbo corpus through tlskit's CertificateVerifier and the JDK PKIX baseline, on every build. Writes
 * `target/limbo-summary.md` and prints it.
 */
class LimboCorpusTest : FunSpec({
    val corpus by lazy { LimboCorpus.load(LimboCorpus.locate()) }
    val run by lazy { LimboRun.run(corpus) }
    val allow = AllowList.load()

    test("the corpus has every case the README announces") {
        corpus.cases.size shouldBe 9780
        corpus.warningOnlyIds.size shouldBe 1142
    }

    test("the summary is written to target/limbo-summary.md") {
        val md = run.markdown(allow)
        println(md)
        val out = Paths.get("target", "limbo-summary.md")
        Files.createDirectories(out.parent)
        Files.writeString(out, md)
        Files.size(out) shouldBe md.toByteArray().size.toLong()
    }

    test("tlskit accepts no chain that must be rejected, except the reviewed allow-list") {
        run.unexcusedFalseAccepts(allow).map { it.case.id }.shouldBeEmpty()
    }

    test("tlskit rejects at most 2 good chains outside the warning-only cases, and no more than the JDK") {
        val ours = run.tally(true, LimboRun.Group.HARD).falseRejects
        ours shouldBeLessThanOrEqual 2
        run.tally(true, LimboRun.Group.ALL).falseRejects shouldBeLessThanOrEqual run.tally(false, LimboRun.Group.ALL).falseRejects
    }

    test("every allow-list entry is still a false accept, so the list only shrinks") {
        val stillAccepted = run.tlskitFalseAccepts().map { it.case.id }.toSet()
        allow.ids.filter { it !in stillAccepted }.shouldBeEmpty()
    }
})
