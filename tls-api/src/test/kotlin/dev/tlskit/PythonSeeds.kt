package dev.tlskit

import io.kotest.assertions.fail
import java.io.File
import java.io.IOException
import java.math.BigInteger
import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.util.concurrent.TimeUnit

/**
 * The seeds' constants as a real CPython (`ssl`) and pyOpenSSL (`OpenSSL.SSL`, `OpenSSL.crypto`) report them.
 *
 * Python prints one tab-separated line per name: `family  name  value  extra`, where `extra` is the canonical
 * member name for CPython enums (`ssl.Options(0).name == "OP_NO_SSLv2"`), or other per-family data.
 */
internal class PythonSeeds private constructor(
    val python: String,
    val banner: String,
    private val families: Map<String, Map<String, Row>>,
) {
    data class Row(val name: String, val value: BigInteger, val extra: String)

    /** Every name of a family with its value; fails (not skips) if python reported no such family. */
    fun values(family: String): Map<String, BigInteger> = rows(family).mapValues { it.value.value }

    fun rows(family: String): Map<String, Row> =
        families[family] ?: fail("python ($python, $banner) reported no family '$family'; families: ${families.keys}")

    companion object {
        /** Tried in order; the first where `import ssl, OpenSSL.SSL` works is used (the pyenv python3 lacks pyOpenSSL). */
        private val CANDIDATES = listOf("/usr/bin/python3", "python3")
        private const val TIMEOUT_SECONDS = 60L

        private val SCRIPT = """
import enum, sys, ssl
import OpenSSL, OpenSSL.SSL as S, OpenSSL.crypto as C

def out(family, name, value, extra=""):
    print(family, name, int(value), extra, sep="\t")

def canonical(v):
    return (type(v)(v).name or "") if isinstance(v, enum.Enum) else ""

print("#", sys.version.split()[0], ssl.OPENSSL_VERSION, "pyOpenSSL", OpenSSL.__version__, sep="\t")
for prefix in ("CERT_", "VERIFY_", "PROTOCOL_", "OP_", "ALERT_DESCRIPTION_", "SSL_ERROR_"):
    for name in sorted(dir(ssl)):
        v = getattr(ssl, name)
        if name.startswith(prefix) and isinstance(v, int):
            out("ssl:" + prefix, name, v, canonical(v))
for enum_name in ("TLSVersion", "_TLSContentType", "_TLSAlertType", "_TLSMessageType"):
    for name, member in getattr(ssl, enum_name).__members__.items():
        out("ssl:" + enum_name, name, member.value, member.name)
for name, p in ssl.Purpose.__members__.items():
    out("ssl:Purpose", name, p.nid, "|".join((p.shortname, p.longname, p.oid)))
for cb in ssl.CHANNEL_BINDING_TYPES:
    out("ssl:CHANNEL_BINDING_TYPES", cb, 0)
for name in sorted(dir(S)):
    v = getattr(S, name)
    if not isinstance(v, int):
        continue
    if name.endswith("_METHOD"):
        out("SSL:_METHOD", name, v)
    for prefix in ("OP_", "VERIFY_", "SESS_CACHE_"):
        if name.startswith(prefix):
            out("SSL:" + prefix, name, v)
for name in sorted(dir(C)):
    if name.startswith("FILETYPE_"):
        out("crypto:FILETYPE_", name, getattr(C, name))
for code, (func, version) in sorted(S.Context._methods.items()):
    out("SSL:Context._methods", str(code), code, func.__name__ + "|" + ("" if version is None else str(version)))
""".trimIndent()

        fun load(): PythonSeeds {
            val rejected = mutableListOf<String>()
            for (candidate in CANDIDATES) {
                val probe = run(listOf(candidate, "-c", "import ssl, OpenSSL.SSL, OpenSSL.crypto"))
                if (probe.exitCode != 0) {
                    rejected += "$candidate: ${probe.describe()}"
                    continue
                }
                val dump = run(listOf(candidate, "-c", SCRIPT))
                if (dump.exitCode != 0) {
                    fail("$candidate imports pyOpenSSL but the constants script failed: ${dump.describe()}")
                }
                return parse(candidate, dump.stdout)
            }
            fail(
                "No python3 that can `import ssl, OpenSSL.SSL` was found, so the seeds' constants cannot be checked.\n" +
                    rejected.joinToString("\n") { "  - $it" } +
                    "\nInstall Debian's python3-openssl (CI's .ci/run does), which provides /usr/bin/python3 with pyOpenSSL."
            )
        }

        private fun parse(python: String, stdout: String): PythonSeeds {
            var banner = "?"
            val families = linkedMapOf<String, LinkedHashMap<String, Row>>()
            for (line in stdout.lineSequence().filter { it.isNotBlank() }) {
                val parts = line.split('\t')
                if (parts[0] == "#") {
                    banner = parts.drop(1).joinToString(" ")
                    continue
                }
                if (parts.size != 4) fail("unexpected line from $python: '$line'")
                val (family, name, value, extra) = parts
                val previous = families.getOrPut(family) { linkedMapOf() }.put(name, Row(name, BigInteger(value), extra))
                if (previous != null) fail("$python reported $family $name twice")
            }
            return PythonSeeds(python, banner, families)
        }

        private class Outcome(val exitCode: Int, val stdout: String, val stderr: String, val error: String?) {
            fun describe(): String = error ?: "exit code $exitCode, stderr: ${stderr.trim().lines().takeLast(3).joinToString(" | ")}"
        }

        /** Runs [command] with stdout/stderr in temp files (so a full pipe can never block it) and a timeout. */
        private fun run(command: List<String>): Outcome {
            val out = Files.createTempFile("tlskit-python", ".out")
            val err = Files.createTempFile("tlskit-python", ".err")
            try {
                val process = try {
                    ProcessBuilder(command)
                        .redirectInput(ProcessBuilder.Redirect.from(File("/dev/null")))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .apply { environment()["PYTHONIOENCODING"] = "utf-8" }
                        .start()
                } catch (e: IOException) {
                    return Outcome(-1, "", "", "cannot start: ${e.message}")
                }
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS)
                    return Outcome(-1, "", "", "timed out after $TIMEOUT_SECONDS s")
                }
                return Outcome(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8),
                    null,
                )
            } finally {
                Files.deleteIfExists(out)
                Files.deleteIfExists(err)
            }
        }
    }
}
