package dev.tlskit.samples

import dev.tlskit.Tls
import dev.tlskit.spi.CapabilityMatrix
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path

class ReadmeMatrixTest : FunSpec({
    test("the README's capability matrix is the one the installed providers report") {
        val readme = Files.readString(Path.of("..", "README.md"))
        val begin = "<!-- CAPABILITY-MATRIX:BEGIN -->\n"
        val end = "<!-- CAPABILITY-MATRIX:END -->"
        val copy = readme.substringAfter(begin).substringBefore(end)
        copy shouldBe CapabilityMatrix.markdown(Tls.providers())
    }
})
