package dev.tlskit.jdk

import dev.tlskit.tck.LeakCheck
import dev.tlskit.tck.parity.ParityRecorder
import dev.tlskit.tck.spec.tck
import io.kotest.core.spec.style.FunSpec

/** The whole TCK on the JDK (SunJSSE) backend. */
class JdkTckTest : FunSpec({
    register(ParityRecorder("jdk"))
    extension(LeakCheck("jdk"))
    tck("jdk").forEach { include(it) }
})
