package dev.tlskit.conscrypt

import dev.tlskit.tck.LeakCheck
import dev.tlskit.tck.parity.ParityRecorder
import dev.tlskit.tck.spec.tck
import io.kotest.core.spec.style.FunSpec

/** The whole TCK on the Conscrypt (BoringSSL) backend, against the same real openssl and CPython peers as jdk. */
class ConscryptTckTest : FunSpec({
    register(ParityRecorder("conscrypt"))
    extension(LeakCheck("conscrypt"))
    tck("conscrypt").forEach { include(it) }
})
