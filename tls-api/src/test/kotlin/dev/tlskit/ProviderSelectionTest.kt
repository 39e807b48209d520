package dev.tlskit

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class ProviderSelectionTest : FunSpec({
    test("automatic selection skips an unusable provider of higher priority") {
        TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT).provider().name() shouldBe "fake"
    }

    test("asking for an unusable provider names it, its reason and every provider found") {
        val e = shouldThrow<ProviderUnavailableException> { TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, "broken") }
        e.message shouldContain "'broken'"
        e.message shouldContain "libbroken.so could not be loaded"
        e.message shouldContain "fake (priority 1000, available)"
        e.message shouldContain "tlskit.provider"
    }

    test("asking for a provider that is not installed says so and lists the installed ones") {
        val e = shouldThrow<ProviderUnavailableException> { TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, "nosuch") }
        e.message shouldContain "'nosuch'"
        e.message shouldContain "not on the class path"
        e.message shouldContain "broken (priority 2000, unavailable"
    }

    test("the tlskit.provider system property selects a provider when no name is given") {
        val old = System.getProperty("tlskit.provider")
        System.setProperty("tlskit.provider", "broken")
        try {
            shouldThrow<ProviderUnavailableException> { TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT) }.message shouldContain
                "system property tlskit.provider"
        } finally {
            if (old == null) System.clearProperty("tlskit.provider") else System.setProperty("tlskit.provider", old)
        }
    }
})
