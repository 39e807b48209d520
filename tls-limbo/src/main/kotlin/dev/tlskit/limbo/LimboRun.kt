package dev.tlskit.limbo

import java.time.Duration
import java.util.concurrent.atomic.AtomicLong

/** One case's answers: tlskit's and the JDK baseline's (both `null` when skipped). */
public data class CaseResult(
    val case: LimboCase,
    val warningOnly: Boolean,
    val tlskit: Verdict?,
    val jdk: Verdict?,
) {
    public val tlskitOutcome: Outcome get() = outcome(case, tlskit)
    public val jdkOutcome: Outcome get() = outcome(case, jdk)
}

/** Counts of one verifier over one group of cases. */
public data class Tally(val agree: Int, val falseAccepts: Int, val falseRejects: Int, val skipped: Int) {
    public val total: Int get() = agree + falseAccepts + falseRejects + skipped

    public companion object {
        public fun of(outcomes: List<Outcome>): Tally = Tally(
            outcomes.count { it == Outcome.AGREE },
            outcomes.count { it == Outcome.FALSE_ACCEPT },
            outcomes.count { it == Outcome.FALSE_REJECT },
            outcomes.count { it == Outcome.SKIPPED },
        )
    }
}

/**
 * The result of running (part of) the corpus through tlskit and the JDK baseline.
 *
 * ```
 * val run = LimboRun.run(LimboCorpus.load(LimboCorpus.locate()))
 * println(run.markdown(AllowList.load()))
 * ```
 */
public class LimboRun(
    public val results: List<CaseResult>,
    public val elapsed: Duration,
    /** Time spent in tlskit's verifier and in the JDK baseline (parsing included in both). */
    public val tlskitTime: Duration = Duration.ZERO,
    public val jdkTime: Duration = Duration.ZERO,
) {

    /** tlskit, JDK × all / hard (not warning-only) / warning-only. */
    public fun tally(tlskit: Boolean, group: Group): Tally =
        Tally.of(results.filter { group.includes(it.warningOnly) }.map { if (tlskit) it.tlskitOutcome else it.jdkOutcome })

    public fun tlskitFalseAccepts(): List<CaseResult> = results.filter { it.tlskitOutcome == Outcome.FALSE_ACCEPT }
    public fun tlskitFalseRejects(): List<CaseResult> = results.filter { it.tlskitOutcome == Outcome.FALSE_REJECT }

    /** tlskit's false accepts that the reviewed [allow] list does not excuse: the build fails on any of these. */
    public fun unexcusedFalseAccepts(allow: AllowList): List<CaseResult> =
        tlskitFalseAccepts().filter { !allow.contains(it.case.id) }

    /** Skip reason → number of cases. */
    public fun skipReasons(): Map<String, Int> =
        results.mapNotNull { it.case.skipReason() }.groupingBy { it }.eachCount()

    /** The summary as Markdown: the tlskit-vs-JDK table, then every tlskit false accept and false reject. */
    public fun markdown(allow: AllowList): String = buildString {
        appendLine("# x509-limbo: tlskit vs JDK PKIX")
        appendLine()
        appendLine("${results.size} cases in ${elapsed.toMillis() / 1000.0} s (CPU time: tlskit ${tlskitTime.toMillis() / 1000.0} s, " +
            "JDK ${jdkTime.toMillis() / 1000.0} s; ${System.getProperty("java.vendor")} " +
            "${System.getProperty("java.version")}). Warning-only: BetterTLS name-constraint cases it marks as " +
            "warnings (limbo treats them as hard).")
        appendLine()
        appendLine("| verifier | cases | agree | false accepts | false rejects | skipped |")
        appendLine("|---|---|---|---|---|---|")
        for (tlskit in listOf(true, false)) {
            for (g in Group.entries) {
                val t = tally(tlskit, g)
                appendLine("| ${if (tlskit) "tlskit" else "JDK PKIX"} (${g.label}) | ${t.total} | ${t.agree} | " +
                    "${t.falseAccepts} | ${t.falseRejects} | ${t.skipped} |")
            }
        }
        appendLine()
        val skips = skipReasons()
        if (skips.isNotEmpty()) {
            appendLine("## Skipped")
            skips.forEach { (why, n) -> appendLine("- $n: $why") }
            appendLine()
        }
        appendLine("## tlskit false accepts (${tlskitFalseAccepts().size})")
        for (r in tlskitFalseAccepts()) {
            val reason = allow.reason(r.case.id)
            appendLine("- `${r.case.id}`${if (r.warningOnly) " (warning-only)" else ""}: " +
                (reason?.let { "allowed: $it" } ?: "NOT IN THE ALLOW-LIST"))
        }
        appendLine()
        appendLine("## tlskit false rejects (${tlskitFalseRejects().size})")
        for (r in tlskitFalseRejects()) {
            val v = r.tlskit!!
            appendLine("- `${r.case.id}`${if (r.warningOnly) " (warning-only)" else ""}: ${v.code ?: "-"} ${v.message}" +
                if (v.depth >= 0) " at depth ${v.depth}" else "")
        }
    }

    /** Which cases a [Tally] covers. */
    public enum class Group(public val label: String) {
        ALL("all"), HARD("hard"), WARNING_ONLY("warning-only");

        public fun includes(warningOnly: Boolean): Boolean = when (this) {
            ALL -> true
            HARD -> !warningOnly
            WARNING_ONLY -> warningOnly
        }
    }

    public companion object {
        /** Runs every case of [corpus] whose id contains [only] (all when `null`) through tlskit and the JDK. */
        public fun run(corpus: LimboCorpus, only: String? = null, jdk: Boolean = true): LimboRun {
            val start = System.nanoTime()
            val cases = corpus.cases.filter { only == null || it.id.contains(only) }
            val ours = AtomicLong()
            val theirs = AtomicLong()
            // cases are independent: both cores of a small CI machine share the work; order is kept
            val results = cases.parallelStream().map { c ->
                val t0 = System.nanoTime()
                val v = TlskitCase.run(c)
                val t1 = System.nanoTime()
                val j = if (jdk) JdkBaseline.run(c) else null
                ours.addAndGet(t1 - t0)
                theirs.addAndGet(System.nanoTime() - t1)
                CaseResult(c, corpus.isWarningOnly(c.id), v, j)
            }.toList()
            return LimboRun(results, Duration.ofNanos(System.nanoTime() - start), Duration.ofNanos(ours.get()),
                Duration.ofNanos(theirs.get()))
        }
    }
}
