package dev.tlskit.samples

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainAll
import io.kotest.matchers.shouldBe
import org.w3c.dom.Element
import java.nio.file.Files
import java.nio.file.Path
import javax.xml.parsers.DocumentBuilderFactory

/** `tlskit-bom` stays in step with the build it describes: same version, every backend listed, Conscrypt's version. */
class BomTest : FunSpec({
    val root = Path.of("..")
    fun xml(path: Path): Element = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(path.toFile()).documentElement
    fun Element.child(name: String): Element? =
        (0 until childNodes.length).map { childNodes.item(it) }.filterIsInstance<Element>().firstOrNull { it.tagName == name }
    fun Element.text(name: String): String = child(name)!!.textContent.trim()

    val parent = xml(root.resolve("pom.xml"))
    val bom = xml(root.resolve("tlskit-bom/pom.xml"))
    val managed = bom.child("dependencyManagement")!!.child("dependencies")!!.getElementsByTagName("dependency")
        .let { list -> (0 until list.length).map { list.item(it) as Element } }
        .associate { "${it.text("groupId")}:${it.text("artifactId")}" to it.text("version") }
    val modules = parent.child("modules")!!.getElementsByTagName("module").let { l -> (0 until l.length).map { l.item(it).textContent.trim() } }

    test("the BOM has the build's version and lists only modules of this build, at that version") {
        bom.text("version") shouldBe parent.text("version")
        bom.child("parent") shouldBe null
        val own = managed.filterKeys { it.startsWith("dev.tlskit:") }
        own.values.toSet() shouldBe setOf(parent.text("version"))
        modules.shouldContainAll(own.keys.map { it.substringAfter(':') })
    }

    test("every backend module (one that provides dev.tlskit.spi.TlsProvider) and tls-api are in the BOM") {
        val backends = modules.filter { Files.exists(root.resolve("$it/src/main/resources/META-INF/services/dev.tlskit.spi.TlsProvider")) }
        backends.shouldContainAll(listOf("tls-jdk", "tls-conscrypt"))
        managed.keys.shouldContainAll((backends + "tls-api").map { "dev.tlskit:$it" })
    }

    test("the BOM pins the Conscrypt build the conscrypt backend is tested with") {
        managed["org.conscrypt:conscrypt-openjdk-uber"] shouldBe parent.child("properties")!!.text("conscrypt.version")
    }
})
