@file:JvmName("MainKt")

package dev.tlskit.samples.cli

import picocli.CommandLine
import picocli.CommandLine.Command
import kotlin.system.exitProcess

/** Entry point of the `tlskit` command: `java -jar samples/target/tlskit.jar demo`. */
@Command(
    name = "tlskit",
    mixinStandardHelpOptions = true,
    version = ["tlskit 0.1.0-SNAPSHOT"],
    description = ["TLS on any installed backend, with Python ssl semantics."],
    subcommands = [DemoCommand::class, ClientCommand::class, ServerCommand::class, ProvidersCommand::class, CiphersCommand::class, VerifyCommand::class],
)
class TlskitCommand : Runnable {
    override fun run() {
        CommandLine(this).usage(System.out)
    }
}

fun main(args: Array<String>) {
    val code = CommandLine(TlskitCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(*args)
    System.out.flush()
    exitProcess(code)
}
