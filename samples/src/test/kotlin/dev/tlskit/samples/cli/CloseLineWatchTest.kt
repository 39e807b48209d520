package dev.tlskit.samples.cli

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.io.ByteArrayOutputStream

/** Feeds [chunks] one read at a time; returns what was echoed and whether the close line was seen. */
private fun run(vararg chunks: String): Pair<String, Boolean> {
    val watch = CloseLineWatch("CLOSE")
    val out = ByteArrayOutputStream()
    for (c in chunks) {
        val bytes = c.toByteArray()
        if (watch.feed(bytes, bytes.size, out)) return out.toString(Charsets.UTF_8) to true
    }
    return out.toString(Charsets.UTF_8) to false
}

class CloseLineWatchTest : FunSpec({
    test("lines before the close line are echoed and the close line itself is not") {
        run("abc\nCLOSE\nafter\n") shouldBe ("abc\n" to true)
    }

    test("a close line split across reads, or ended by CRLF, is still found") {
        run("ab", "c\nCL", "OS", "E\r", "\n") shouldBe ("abc\n" to true)
    }

    test("lines that only start or end like the close line are echoed") {
        run("CLOSED\nxCLOSE\nCLO\n") shouldBe ("CLOSED\nxCLOSE\nCLO\n" to false)
    }

    test("a partial line is echoed at once unless it could still become the close line") {
        run("hel") shouldBe ("hel" to false)
        run("CLO") shouldBe ("" to false)
    }
})
