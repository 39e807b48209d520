package dev.tlskit.tck.spec.parity

import dev.tlskit.Option
import dev.tlskit.Protocol
import dev.tlskit.TlsContext
import dev.tlskit.TlsVersion
import dev.tlskit.UnsupportedFeatureException
import dev.tlskit.spi.TlsProvider
import dev.tlskit.tck.parity.Parity
import dev.tlskit.tck.spec.MemoryPair
import dev.tlskit.tck.spec.clientContext
import dev.tlskit.tck.spec.serverContext
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.util.logging.Handler
import java.util.logging.LogRecord
import java.util.logging.Logger

/** PARITY.md section 11 (OPT): context options on [provider]. */
public fun parityOptSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"
    fun client() = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider)

    test("OPT-01 $p options |= OP_NO_TLSv1 reads back exactly, clearing it restores the default; options = 0 keeps only forced bits") {
        val c = client()
        val default = c.optionBits()
        c.setOptionBits(default or Option.OP_NO_TLSv1.code())
        c.optionBits() shouldBe (default or Option.OP_NO_TLSv1.code())
        c.setOptionBits(c.optionBits() and Option.OP_NO_TLSv1.code().inv())
        c.optionBits() shouldBe default
        // the seed allows forced bits to survive options = 0; here a forced (always-on) option refuses to be cleared
        val prov = c.provider()
        val forced = Option.values().filter {
            java.lang.Long.bitCount(it.code()) == 1 && prov.optionSupport(it) == TlsProvider.OptionSupport.ALWAYS_ON &&
                (default and it.code()) != 0L
        }
        if (forced.isEmpty()) {
            c.setOptionBits(0)
            c.optionBits() shouldBe 0L
        } else {
            val e = shouldThrow<UnsupportedFeatureException> { c.setOptionBits(0) }
            e.provider() shouldBe provider
            c.optionBits() shouldBe default
            val forcedBits = Option.toBits(forced.toSet())
            c.setOptionBits(forcedBits)
            c.optionBits() shouldBe forcedBits
            Parity.refused("clearing always-on ${forced.joinToString { it.name }}")
        }
    }

    // [py] 2**100 (OverflowError) and "abc" (TypeError) cannot be written against a long parameter
    test("OPT-02 $p a negative options mask is refused") {
        val c = client()
        shouldThrow<IllegalArgumentException> { c.setOptionBits(-1) }.message!! shouldContain "non-negative"
        shouldThrow<IllegalArgumentException> { c.addOptions(Long.MIN_VALUE) }
    }

    // [py] DeprecationWarning maps to @Deprecated on the deprecated protocols plus a WARNING on the dev.tlskit logger
    test("OPT-03 $p deprecated protocols, OP_NO_* options and old minimum versions log the seed's warnings") {
        val seen = java.util.Collections.synchronizedList(ArrayList<String>())
        val handler = object : Handler() {
            override fun publish(record: LogRecord) { seen += record.message }
            override fun flush() {}
            override fun close() {}
        }
        val log = Logger.getLogger("dev.tlskit")
        log.addHandler(handler)
        try {
            @Suppress("DEPRECATION")
            TlsContext.create(Protocol.PROTOCOL_TLSv1_2, provider)
            client().addOptions(Option.OP_NO_TLSv1.code())
            client().setMinimumVersion(TlsVersion.TLSv1)
        } finally {
            log.removeHandler(handler)
        }
        seen shouldContain "ssl.PROTOCOL_TLSv1_2 is deprecated"
        seen shouldContain "ssl.OP_NO_SSL*/ssl.OP_NO_TLS* options are deprecated"
        seen shouldContain "ssl.TLSVersion.TLSv1 is deprecated"
        for (name in listOf("PROTOCOL_TLS", "PROTOCOL_TLSv1", "PROTOCOL_TLSv1_1", "PROTOCOL_TLSv1_2")) {
            Protocol::class.java.getField(name).isAnnotationPresent(java.lang.Deprecated::class.java) shouldBe true
        }
    }

    test("OPT-04 $p with OP_NO_COMPRESSION on both sides compression() is empty") {
        val pair = MemoryPair.of(clientContext(provider).apply { addOptions(Option.OP_NO_COMPRESSION.code()) },
            serverContext(provider).apply { addOptions(Option.OP_NO_COMPRESSION.code()) }).apply { handshake() }
        pair.client.compression().isPresent shouldBe false
        pair.server.compression().isPresent shouldBe false
    }

    test("OPT-05 $p the handshake succeeds with OP_LEGACY_SERVER_CONNECT set or cleared on the client") {
        val set = clientContext(provider).apply { addOptions(Option.OP_LEGACY_SERVER_CONNECT.code()) }
        (set.optionBits() and 0x4L) shouldBe 0x4L
        MemoryPair.of(set, serverContext(provider)).handshake()
        val cleared = clientContext(provider).apply { clearOptions(Option.OP_LEGACY_SERVER_CONNECT.code()) }
        (cleared.optionBits() and 0x4L) shouldBe 0L
        MemoryPair.of(cleared, serverContext(provider)).handshake()
    }
}
