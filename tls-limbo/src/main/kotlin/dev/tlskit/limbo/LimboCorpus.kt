package dev.tlskit.limbo

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.ObjectMapper
import java.io.FileNotFoundException
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.time.OffsetDateTime
import java.util.zip.GZIPInputStream

/**
 * The x509-limbo corpus: the cases of `limbo.json.gz` plus the BetterTLS warning-only ids of
 * `warning-only-ids.txt` (same directory). See `../shared/limbo/README.md`.
 *
 * ```
 * val corpus = LimboCorpus.load(LimboCorpus.locate())
 * corpus.cases.size            // 9780
 * ```
 */
public class LimboCorpus(public val cases: List<LimboCase>, public val warningOnlyIds: Set<String>) {

    /** Whether BetterTLS marks this case as a warning only (limbo treats every case as hard). */
    public fun isWarningOnly(id: String): Boolean = id in warningOnlyIds

    public companion object {
        private const val FILE = "limbo.json.gz"
        private const val WARNINGS = "warning-only-ids.txt"

        /**
         * Finds `limbo.json.gz`: the system property `tlskit.limbo` (file or directory), then
         * `tlskit.shared.dir`/limbo, then `shared/limbo` next to the working directory or any of its parents (a
         * module directory, the repository root, or a worktree whose sibling is `shared`).
         */
        public fun locate(): Path {
            val tried = mutableListOf<Path>()
            System.getProperty("tlskit.limbo")?.let { p ->
                val path = Paths.get(p)
                val f = if (Files.isDirectory(path)) path.resolve(FILE) else path
                if (Files.isRegularFile(f)) return f
                tried.add(f)
            }
            System.getProperty("tlskit.shared.dir")?.let { d ->
                val f = Paths.get(d).resolve("limbo").resolve(FILE)
                if (Files.isRegularFile(f)) return f.normalize()
                tried.add(f)
            }
            var dir: Path? = Paths.get("").toAbsolutePath()
            while (dir != null) {
                for (f in listOf(dir.resolve("shared/limbo/$FILE"), dir.resolve("../shared/limbo/$FILE"))) {
                    if (Files.isRegularFile(f)) return f.normalize()
                    tried.add(f.normalize())
                }
                dir = dir.parent
            }
            throw FileNotFoundException(
                "x509-limbo corpus '$FILE' not found; looked at ${tried.distinct().joinToString()}. " +
                    "Put the corpus at ../shared/limbo/$FILE relative to the repository root, or pass " +
                    "-Dtlskit.limbo=/path/to/$FILE (the `tlskit verify --limbo PATH` option does the same)."
            )
        }

        /** Reads the corpus at [file] (gzip or plain JSON) and the warning-only ids beside it, if any. */
        public fun load(file: Path): LimboCorpus {
            if (!Files.isRegularFile(file)) {
                throw FileNotFoundException("x509-limbo corpus '$file' does not exist or is not a file")
            }
            val root: JsonNode = Files.newInputStream(file).use { raw ->
                val input = if (file.fileName.toString().endsWith(".gz")) GZIPInputStream(raw) else raw
                ObjectMapper().readTree(input)
            }
            val testcases = root.path("testcases")
            require(testcases.isArray) { "$file: no \"testcases\" array; is this an x509-limbo corpus?" }
            val cases = testcases.map { parseCase(it) }
            val warnings = file.resolveSibling(WARNINGS)
            val ids = if (Files.isRegularFile(warnings)) {
                Files.readAllLines(warnings).map { it.trim() }.filter { it.isNotEmpty() && !it.startsWith("#") }.toSet()
            } else {
                emptySet()
            }
            return LimboCorpus(cases, ids)
        }

        private fun parseCase(n: JsonNode): LimboCase {
            fun strings(key: String) = n.path(key).map { it.asText() }
            fun name(node: JsonNode) = PeerName(node.path("kind").asText(), node.path("value").asText())
            val time = n.path("validation_time")
            val peerName = n.path("expected_peer_name")
            val depth = n.path("max_chain_depth")
            return LimboCase(
                id = n.path("id").asText(),
                description = n.path("description").asText(),
                kind = ValidationKind.valueOf(n.path("validation_kind").asText()),
                trustedCerts = strings("trusted_certs"),
                untrustedIntermediates = strings("untrusted_intermediates"),
                peerCertificate = n.path("peer_certificate").asText(),
                peerCertificateKey = n.path("peer_certificate_key").takeIf { it.isTextual }?.asText(),
                validationTime = time.takeIf { it.isTextual }?.let { OffsetDateTime.parse(it.asText()).toInstant() },
                expectedPeerName = peerName.takeIf { it.isObject }?.let(::name),
                expectedPeerNames = n.path("expected_peer_names").map(::name),
                extendedKeyUsage = strings("extended_key_usage"),
                keyUsage = strings("key_usage"),
                maxChainDepth = depth.takeIf { it.isInt }?.asInt(),
                crls = strings("crls"),
                features = strings("features"),
                conflictsWith = strings("conflicts_with"),
                expectSuccess = n.path("expected_result").asText() == "SUCCESS",
            )
        }
    }
}
