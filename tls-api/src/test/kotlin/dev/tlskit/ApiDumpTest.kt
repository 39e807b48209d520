package dev.tlskit

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.lang.module.ModuleDescriptor
import java.lang.reflect.Executable
import java.lang.reflect.Member
import java.lang.reflect.Modifier
import java.nio.file.Files
import java.nio.file.Path
import kotlin.io.path.extension
import kotlin.reflect.KVisibility
import kotlin.io.path.invariantSeparatorsPathString
import kotlin.io.path.nameWithoutExtension
import kotlin.io.path.relativeTo

/**
 * The public API of `dev.tlskit` as one reviewed text file, `tls-api/api/tls-api.api`: every public class of every
 * package `module-info` exports (unqualified), with its public and protected members. A change to the API fails the
 * build until the dump is regenerated (`-Dtlskit.api.write=true`) and the diff reviewed with the change.
 */
class ApiDumpTest : FunSpec({
    val classes = Path.of("target/classes")
    val dumpFile = Path.of("api/tls-api.api")

    fun exportedPackages(): Set<String> =
        Files.newInputStream(classes.resolve("module-info.class")).use { ModuleDescriptor.read(it) }
            .exports().filter { !it.isQualified }.map { it.source() }.toSet()

    fun visible(m: Int) = Modifier.isPublic(m) || Modifier.isProtected(m)

    // Kotlin `internal` classes are public in bytecode; their metadata says what Kotlin callers see
    fun kotlinInternal(c: Class<*>): Boolean =
        c.isAnnotationPresent(Metadata::class.java) && runCatching { c.kotlin.visibility == KVisibility.INTERNAL }.getOrDefault(false)

    fun describe(c: Class<*>): List<String> {
        val kotlin = c.isAnnotationPresent(Metadata::class.java)
        // a package-private superclass (TlsContext's layers) is an implementation detail: its public members are
        // listed as the public class's own, as javac and Javadoc present them
        val hidden = generateSequence(c.superclass) { it.superclass }.takeWhile { !visible(it.modifiers) }.toList()
        val header = buildString {
            append(c.toGenericString())
            val superclass = if (hidden.isEmpty()) c.genericSuperclass else hidden.last().genericSuperclass
            superclass?.takeIf { it != Any::class.java && !c.isEnum && !c.isRecord }?.let { append(" extends ").append(it.typeName) }
            c.genericInterfaces.takeIf { it.isNotEmpty() }?.let { i -> append(" implements ").append(i.joinToString { it.typeName }) }
        }
        val inherited = hidden.flatMap { it.declaredFields.toList() + it.declaredMethods }
        val members = (c.declaredFields.toList() + c.declaredConstructors + c.declaredMethods + inherited)
            // Kotlin's @JvmSynthetic functions (Kotlin-only API, e.g. suspend extensions) count; compiler-made members
            // carry a '$' in their name and do not
            .filter { visible((it as Member).modifiers) && (!it.isSynthetic || kotlin) && !(it is java.lang.reflect.Method && it.isBridge) }
            .filter { !(it as Member).name.contains('$') }
            .map {
                when (it) {
                    is java.lang.reflect.Field -> it.toGenericString()
                    is Executable -> it.toGenericString()
                    else -> error("unexpected member $it")
                }
            }
            .map { s -> hidden.fold(s) { acc, h -> acc.replace(h.name + ".", c.name + ".") } }
            .distinct()
            .sorted()
        return listOf(header) + members.map { "  $it" }
    }

    fun dump(): String {
        val packages = exportedPackages()
        val loader = ApiDumpTest::class.java.classLoader
        val names = Files.walk(classes).use { s ->
            s.filter { it.extension == "class" && it.nameWithoutExtension != "module-info" && it.nameWithoutExtension != "package-info" }
                .map { it.relativeTo(classes).invariantSeparatorsPathString.removeSuffix(".class").replace('/', '.') }
                .toList()
        }
        return names.filter { it.substringBeforeLast('.') in packages }
            .map { Class.forName(it, false, loader) }
            .filter { c -> !c.isAnonymousClass && !c.isLocalClass && !c.isSynthetic && generateSequence(c) { it.declaringClass }.all { visible(it.modifiers) && !kotlinInternal(it) } }
            .sortedBy { it.name }
            .joinToString("\n\n", postfix = "\n") { describe(it).joinToString("\n") }
    }

    test("the public API is the reviewed one in api/tls-api.api") {
        val current = dump()
        if (System.getProperty("tlskit.api.write") == "true") {
            Files.createDirectories(dumpFile.parent)
            Files.writeString(dumpFile, current)
        }
        withClue("the public API of tls-api changed: review the difference, then rerun with -Dtlskit.api.write=true to accept it") {
            (if (Files.exists(dumpFile)) Files.readString(dumpFile) else "") shouldBe current
        }
    }
})
