package dev.tlskit.tck.parity

import dev.tlskit.Capability
import io.kotest.core.listeners.AfterSpecListener
import io.kotest.core.listeners.AfterTestListener
import io.kotest.core.listeners.BeforeTestListener
import io.kotest.core.spec.Spec
import io.kotest.core.test.TestCase
import io.kotest.core.test.TestResult
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

/**
 * The checklist of `../shared/PARITY.md` as the TCK sees it. A spec for checklist line `CTX-07` is named
 * `"CTX-07 PROTOCOL_TLS_CLIENT enables check_hostname and CERT_REQUIRED"` (the provider tag, if any, after the id is
 * fine: `"CTX-07 [jdk] ..."`), and [ParityRecorder] records its outcome per provider. A `[cap]` line whose backend
 * lacks the feature asserts the refusal (the typed [dev.tlskit.UnsupportedFeatureException] and the capability flag)
 * and then calls [Parity.refused], so the report says "refused" rather than "reproduced". Both are green outcomes.
 */
public object Parity {
    /** A checklist id at the start of a test name: two to six capitals, a dash, two or three digits. */
    public val ID: Regex = Regex("^([A-Z]{2,6}-\\d{2,3})\\b")

    @Volatile private var refusal: String? = null

    /** Marks the running checklist spec as refused by [capability] (asserted by the caller) instead of reproduced. */
    public fun refused(capability: Capability) {
        refusal = capability.name
    }

    /** Marks the running checklist spec as refused for a reason that is not a single capability flag. */
    public fun refused(reason: String) {
        refusal = reason
    }

    internal fun takeRefusal(): String? = refusal.also { refusal = null }

    internal fun reset() {
        refusal = null
    }
}

/**
 * Records every checklist spec's outcome (`reproduced`, `refused: CAPABILITY`, `failed`, `ignored`) and writes them,
 * one `id<TAB>outcome<TAB>test name` line each, to `target/parity/<provider>.tsv` when the spec ends. A run filtered
 * with `kotest.filter.*` writes `<provider>.partial.tsv` instead, so a partial run never passes for the whole
 * checklist (and the stale full report is removed). Register it next to the TCK:
 *
 * ```
 * class JdkTckTest : FunSpec({ register(ParityRecorder("jdk")); tck("jdk").forEach { include(it) } })
 * ```
 */
public class ParityRecorder(private val provider: String) : BeforeTestListener, AfterTestListener, AfterSpecListener {
    private val rows = ArrayList<String>()

    override suspend fun beforeTest(testCase: TestCase) {
        Parity.reset()
    }

    override suspend fun afterTest(testCase: TestCase, result: TestResult) {
        val name = testCase.name.testName
        val id = Parity.ID.find(name)?.groupValues?.get(1) ?: return
        val refusal = Parity.takeRefusal()
        val outcome = when {
            result.isSuccess -> if (refusal == null) "reproduced" else "refused: $refusal"
            result.isIgnored -> "ignored"
            else -> "failed"
        }
        synchronized(rows) { rows += "$id\t$outcome\t${name.replace('\t', ' ')}" }
    }

    override suspend fun afterSpec(spec: Spec) {
        val filtered = System.getProperty("kotest.filter.tests") != null || System.getProperty("kotest.filter.specs") != null
        val dir: Path = Paths.get(System.getProperty("tlskit.parity.dir", "target/parity"))
        Files.createDirectories(dir)
        val full = dir.resolve("$provider.tsv")
        val partial = dir.resolve("$provider.partial.tsv")
        Files.deleteIfExists(if (filtered) full else partial)
        Files.write(if (filtered) partial else full, synchronized(rows) { rows.sorted() })
    }
}
