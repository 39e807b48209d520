package dev.tlskit.samples

import dev.tlskit.Tls
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path

/**
 * The parity report of issue 12, built from this build's TCK runs: every backend module (`tls-<provider>`) ran its
 * TCK before this module, and its `ParityRecorder` left `target/parity/<provider>.tsv`. Run with
 * `-Dtlskit.parity.write=true` to rewrite `docs/parity.md` and the README's summary instead of comparing them.
 */
class ParityReportTest : FunSpec({
    val root = Path.of("..")
    val checklist = Path.of(System.getProperty("tlskit.shared.dir", "../../shared"), "PARITY.md")
    val write = System.getProperty("tlskit.parity.write") == "true"

    val gaps = ParityReport.readGaps(ParityReportTest::class.java.getResource("/parity-gaps.txt")!!.readText())
    val report by lazy {
        val outcomes = Tls.providers().map { it.name() }.associateWith { provider ->
            val file = root.resolve("tls-$provider/target/parity/$provider.tsv")
            check(Files.isRegularFile(file)) {
                "$file is missing: the parity report needs an unfiltered TCK run of every backend in the same build " +
                    "(run `mvn -B verify` from the project root; a kotest-filtered run writes $provider.partial.tsv instead)"
            }
            ParityReport.readOutcomes(file)
        }
        ParityReport(ParityReport.readChecklist(checklist), outcomes, gaps)
    }

    // The header says 197/43/19, which sums to 259; the file itself tags 250 ids as 196/39/15.
    test("the checklist has 250 distinct ids: 196 core, 39 cap, 15 py") {
        val lines = ParityReport.readChecklist(checklist)
        lines.map { it.id }.distinct().size shouldBe 250
        lines.groupingBy { it.tag }.eachCount() shouldBe mapOf("core" to 196, "cap" to 39, "py" to 15)
    }

    test("every PARITY.md id is exactly one green spec per backend, and every [core] and [py] line is reproduced, but the reviewed gaps") {
        report.problems(gaps).shouldBeEmpty()
    }

    test("docs/parity.md and the README's parity summary are the ones this build's TCK runs produce") {
        val doc = root.resolve("docs/parity.md")
        val readmeFile = root.resolve("README.md")
        val begin = "<!-- PARITY:BEGIN -->\n"
        val end = "<!-- PARITY:END -->"
        val readme = Files.readString(readmeFile)
        if (write) {
            Files.createDirectories(doc.parent)
            Files.writeString(doc, report.markdown())
            Files.writeString(readmeFile, readme.substringBefore(begin) + begin + report.summary() + end + readme.substringAfter(end))
        }
        withClue("rerun with -Dtlskit.parity.write=true to regenerate") {
            Files.readString(doc) shouldBe report.markdown()
            Files.readString(readmeFile).substringAfter(begin).substringBefore(end) shouldBe report.summary()
        }
    }
})
