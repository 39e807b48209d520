package dev.tlskit.tck.spec.parity

import io.kotest.core.factory.TestFactory

/**
 * The checklist specs of PARITY.md sections 1-7, 10 and 11 (CONST, CTX, VFY, LCC, LVL, STORE, CIPH, VER, OPT), one
 * factory per section, each test named by its checklist id.
 */
public fun parityConfigurationSpecs(provider: String): List<TestFactory> = listOf(
    parityConstSpec(provider),
    parityCtxSpec(provider),
    parityVfySpec(provider),
    parityLccSpec(provider),
    parityLvlSpec(provider),
    parityStoreSpec(provider),
    parityCiphSpec(provider),
    parityVerSpec(provider),
    parityOptSpec(provider),
)
