package dev.tlskit.samples

import java.nio.file.Files
import java.nio.file.Path

/** One line of `PARITY.md`: its id, tag (`core`, `cap`, `py`), section title and statement. */
internal data class ParityLine(val id: String, val tag: String, val section: String, val statement: String)

/** One recorded outcome of a backend's TCK run (`reproduced`, `refused: CAPABILITY`, `failed`, `ignored`). */
internal data class ParityOutcome(val id: String, val outcome: String, val testName: String)

/**
 * The parity report: the checklist of `../shared/PARITY.md` against what each backend's TCK run recorded in
 * `target/parity/<provider>.tsv` (written by `dev.tlskit.tck.parity.ParityRecorder`). It renders `docs/parity.md`
 * and the README's summary table, and lists what keeps the checklist from being complete.
 */
internal class ParityReport(
    private val lines: List<ParityLine>,
    private val outcomes: Map<String, List<ParityOutcome>>,
    private val gaps: Map<String, String> = emptyMap(),
) {
    private val providers = outcomes.keys.sorted()

    /**
     * Every reason the run does not reproduce the checklist: missing or duplicated ids, failures, and [core]/[py] lines
     * that were refused — except the reviewed [gaps] (id → reason), which must still be gaps: a gap that closed is
     * reported too, so the list only ever shrinks by an edit.
     */
    fun problems(gaps: Map<String, String> = emptyMap()): List<String> {
        val known = lines.associateBy { it.id }
        val out = ArrayList<String>()
        gaps.keys.filter { it !in known }.forEach { out += "$it is listed as a gap but is not a PARITY.md id" }
        for (provider in providers) {
            val byId = outcomes.getValue(provider).groupBy { it.id }
            byId.keys.filter { it !in known }.sorted().forEach { out += "[$provider] $it is not a PARITY.md id: ${byId.getValue(it)[0].testName}" }
            for (line in lines) {
                val got = byId[line.id].orEmpty()
                val gap = line.id in gaps
                when {
                    got.size > 1 -> out += "[$provider] ${line.id} names ${got.size} specs: ${got.joinToString(" | ") { it.testName }}"
                    got.size == 1 && (got[0].outcome == "failed" || got[0].outcome == "ignored") ->
                        out += "[$provider] ${line.id} ${got[0].outcome}: ${got[0].testName}"
                    got.isEmpty() && !gap -> out += "[$provider] ${line.id} has no spec"
                    got.size == 1 && line.tag != "cap" && got[0].outcome != "reproduced" && !gap ->
                        out += "[$provider] ${line.id} is [${line.tag}] but was ${got[0].outcome}: only [cap] lines may be refused"
                }
            }
        }
        for ((id, reason) in gaps) {
            val line = known[id] ?: continue
            val closed = providers.all { p -> outcomes.getValue(p).singleOrNull { it.id == id }?.let { it.outcome == "reproduced" || line.tag == "cap" } == true }
            if (closed) out += "$id is listed as a gap ($reason) but every backend now covers it: remove it from the gap list"
        }
        return out
    }

    private fun outcomeOf(provider: String, id: String): String =
        outcomes.getValue(provider).filter { it.id == id }.let { if (it.size == 1) it[0].outcome else if (it.isEmpty()) "missing" else "duplicated" }

    private fun cell(outcome: String): String = when {
        outcome == "reproduced" -> "reproduced"
        outcome.startsWith("refused") -> "refused (`" + outcome.removePrefix("refused: ") + "`)"
        else -> "**$outcome**"
    }

    /** Per section and provider: reproduced / refused / other, in the order of `PARITY.md`. */
    fun summary(): String = buildString {
        append("| area | ids | ").append(providers.joinToString(" | ") { "$it reproduced | $it refused" }).append(" |\n")
        append("|---|---:|").append(providers.joinToString("") { "---:|---:|" }).append("\n")
        val sections = lines.map { it.section }.distinct()
        for (section in sections + "total") {
            val ids = if (section == "total") lines else lines.filter { it.section == section }
            append("| ").append(if (section == "total") "**total**" else section).append(" | ").append(ids.size)
            for (p in providers) {
                val o = ids.map { outcomeOf(p, it.id) }
                append(" | ").append(o.count { it == "reproduced" }).append(" | ").append(o.count { it.startsWith("refused") })
            }
            append(" |\n")
        }
        for (tag in listOf("core", "cap", "py")) {
            val ids = lines.filter { it.tag == tag }
            append("| [").append(tag).append("] | ").append(ids.size)
            for (p in providers) {
                val o = ids.map { outcomeOf(p, it.id) }
                append(" | ").append(o.count { it == "reproduced" }).append(" | ").append(o.count { it.startsWith("refused") })
            }
            append(" |\n")
        }
    }

    /** The whole of `docs/parity.md`. */
    fun markdown(): String = buildString {
        append("# Parity with CPython's and pyOpenSSL's test suites\n\n")
        append("Generated by `samples/src/test/kotlin/dev/tlskit/samples/ParityReportTest.kt` from the TCK run of every backend\n")
        append("(`mvn -B verify`; rewrite with `-Dtlskit.parity.write=true`). Each id is a line of `../shared/PARITY.md` and the\n")
        append("first word of exactly one TCK spec per backend. *reproduced*: the behaviour holds as the reference suite asserts it;\n")
        append("*refused*: a `[cap]` line the backend cannot honour, proven to throw `UnsupportedFeatureException` with the\n")
        append("capability flag absent.\n\n")
        append(summary()).append('\n')
        if (gaps.isNotEmpty()) {
            append("## Known gaps\n\n")
            append("Lines the port does not reproduce yet (a spec missing, or a [core] line only refused); the build fails when\n")
            append("one of them closes without this list being updated, and on any other gap.\n\n")
            append("| id | tag | why |\n|---|---|---|\n")
            for (line in lines.filter { it.id in gaps }) append("| ").append(line.id).append(" | ").append(line.tag).append(" | ").append(gaps.getValue(line.id)).append(" |\n")
            append('\n')
        }
        append("| id | tag | ").append(providers.joinToString(" | ")).append(" | behaviour |\n")
        append("|---|---|").append(providers.joinToString("") { "---|" }).append("---|\n")
        for (line in lines) {
            append("| ").append(line.id).append(" | ").append(line.tag)
            providers.forEach { append(" | ").append(cell(outcomeOf(it, line.id))) }
            append(" | ").append(abbreviate(line.statement)).append(" |\n")
        }
    }

    private fun abbreviate(s: String): String {
        val flat = s.replace('|', '/').replace(Regex("\\s+"), " ").trim()
        return if (flat.length <= 140) flat else flat.substring(0, 137).trimEnd() + "…"
    }

    companion object {
        private val LINE = Regex("^- `([A-Z]+-\\d+)` \\[(core|cap|py)] (.*)$")
        private val SECTION = Regex("^## \\d+\\. (.*)$")

        /** Reads the checklist's id lines (continuation lines of a statement are not needed for the report). */
        fun readChecklist(file: Path): List<ParityLine> {
            var section = ""
            val out = ArrayList<ParityLine>()
            for (text in Files.readAllLines(file)) {
                SECTION.find(text)?.let { section = it.groupValues[1] }
                LINE.find(text)?.let { m ->
                    val statement = m.groupValues[3].substringBefore(" — ")
                    out += ParityLine(m.groupValues[1], m.groupValues[2], section, statement)
                }
            }
            return out
        }

        /** Reads the reviewed gap list: `ID reason` per line, `#` comments. */
        fun readGaps(text: String): Map<String, String> =
            text.lines().map { it.trim() }.filter { it.isNotEmpty() && !it.startsWith("#") }
                .associate { it.substringBefore(' ') to it.substringAfter(' ').trim() }

        /** Reads one backend's `ParityRecorder` file. */
        fun readOutcomes(file: Path): List<ParityOutcome> =
            Files.readAllLines(file).filter { it.isNotBlank() }.map {
                val (id, outcome, name) = it.split('\t', limit = 3)
                ParityOutcome(id, outcome, name)
            }
    }
}
