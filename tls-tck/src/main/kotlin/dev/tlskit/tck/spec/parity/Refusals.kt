package dev.tlskit.tck.spec.parity

import dev.tlskit.UnsupportedFeatureException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/** Asserts that [block] is refused with [UnsupportedFeatureException] naming [feature] and [provider]. */
internal fun shouldBeRefused(provider: String, feature: String, block: () -> Unit): UnsupportedFeatureException {
    val e = shouldThrow<UnsupportedFeatureException> { block() }
    e.feature() shouldContain feature
    e.provider() shouldBe provider
    return e
}
