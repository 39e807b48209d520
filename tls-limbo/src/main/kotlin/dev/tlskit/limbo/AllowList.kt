package dev.tlskit.limbo

/**
 * The reviewed list of x509-limbo cases tlskit may accept although the corpus expects a rejection, each with the
 * reason (`src/main/resources/dev/tlskit/limbo/false-accept-allowlist.txt`). One line per case:
 * `case-id | reason`; `#` starts a comment. A line without a reason is refused, so no entry goes unexplained.
 */
public class AllowList(private val reasons: Map<String, String>) {
    public fun contains(id: String): Boolean = id in reasons
    public fun reason(id: String): String? = reasons[id]
    public val ids: Set<String> get() = reasons.keys

    public companion object {
        private const val RESOURCE = "/dev/tlskit/limbo/false-accept-allowlist.txt"

        /** The reviewed list shipped with this module. */
        public fun load(): AllowList {
            val text = AllowList::class.java.getResourceAsStream(RESOURCE)?.use { it.readBytes().decodeToString() }
                ?: error("$RESOURCE is missing from the tls-limbo jar")
            return parse(text, RESOURCE)
        }

        public fun parse(text: String, source: String): AllowList {
            val map = linkedMapOf<String, String>()
            text.lineSequence().forEachIndexed { i, raw ->
                val line = raw.trim()
                if (line.isEmpty() || line.startsWith("#")) return@forEachIndexed
                val bar = line.indexOf('|')
                require(bar > 0 && line.substring(bar + 1).isNotBlank()) {
                    "$source line ${i + 1}: expected 'case-id | reason', got '$line'; every allowed false accept needs a reason"
                }
                map[line.substring(0, bar).trim()] = line.substring(bar + 1).trim()
            }
            return AllowList(map)
        }
    }
}
