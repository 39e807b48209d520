@file:JvmName("LimboMain")

package dev.tlskit.limbo

import java.nio.file.Paths

/** `java -cp ... dev.tlskit.limbo.LimboMain [corpus] [only]`: prints the summary (the CLI's `tlskit verify --limbo`). */
public fun main(args: Array<String>) {
    val corpus = LimboCorpus.load(args.getOrNull(0)?.takeIf { it.isNotEmpty() }?.let { Paths.get(it) } ?: LimboCorpus.locate())
    println(LimboRun.run(corpus, args.getOrNull(1)).markdown(AllowList.load()))
}
