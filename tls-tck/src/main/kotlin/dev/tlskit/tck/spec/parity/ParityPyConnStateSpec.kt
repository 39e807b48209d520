package dev.tlskit.tck.spec.parity

import dev.tlskit.Capability
import dev.tlskit.MemoryBio
import dev.tlskit.tck.parity.Parity
import dev.tlskit.tck.spec.MemoryPair
import dev.tlskit.tck.spec.clientContext
import dev.tlskit.tck.spec.pki
import dev.tlskit.tck.spec.serverContext
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.collections.shouldNotContain
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe

/**
 * Issue 8 item 8 and PARITY.md PCONN-06, PCONN-12, PCTX-16: the state string tlskit reports the same way on every
 * backend, and OpenSSL's info, key-log and renegotiation calls refused with the feature and provider named.
 */
public fun parityPyConnStateSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"
    val caps by lazy { clientContext(provider).provider().capabilities() }

    test("PCONN-06 $p before the handshake get_state_string() is OpenSSL's 'before SSL initialization' on client and server") {
        clientContext(provider).wrapBio(MemoryBio(), MemoryBio(), false, "localhost").getStateString() shouldBe "before SSL initialization"
        serverContext(provider).wrapBio(MemoryBio(), MemoryBio(), true, null).getStateString() shouldBe "before SSL initialization"
    }

    test("$p get_state_string() follows a handshake: started, 'SSL negotiation finished successfully', and 'error' after a failure") {
        val pair = MemoryPair.of(clientContext(provider), serverContext(provider))
        runCatching { pair.client.doHandshake() }
        pair.client.getStateString() shouldBe "SSLv3/TLS write client hello"
        pair.handshake()
        pair.client.getStateString() shouldBe "SSL negotiation finished successfully"
        pair.server.getStateString() shouldBe "SSL negotiation finished successfully"
        val refused = MemoryPair.of(clientContext(provider), serverContext(provider, pki.wrongHost))
        val outcome = refused.handshakeOutcome()
        outcome.client shouldNotBe null
        refused.client.getStateString() shouldBe "error"
    }

    test("PCONN-12 $p TLS 1.2 renegotiation: renegotiate, renegotiate_pending and total_renegotiations are refused without RENEGOTIATION") {
        caps shouldNotContain Capability.RENEGOTIATION
        val pair = MemoryPair.of(clientContext(provider), serverContext(provider))
        pair.handshake()
        shouldBeRefused(provider, "renegotiate") { pair.client.renegotiate() }
        shouldBeRefused(provider, "renegotiate_pending") { pair.client.renegotiatePending() }
        shouldBeRefused(provider, "total_renegotiations") { pair.server.totalRenegotiations() }
        Parity.refused(Capability.RENEGOTIATION)
    }

    test("PCTX-16 $p set_keylog_callback and the context's and connection's set_info_callback are refused without KEYLOG and INFO_CALLBACK") {
        caps shouldNotContain Capability.KEYLOG
        caps shouldNotContain Capability.INFO_CALLBACK
        val ctx = clientContext(provider)
        shouldBeRefused(provider, "set_keylog_callback") { ctx.setKeylogCallback { _, _ -> } }
        shouldBeRefused(provider, "set_info_callback") { ctx.setInfoCallback { _, _, _ -> } }
        shouldBeRefused(provider, "set_info_callback") { ctx.wrapBio(MemoryBio(), MemoryBio(), false, "localhost").setInfoCallback { _, _, _ -> } }
        Parity.refused("KEYLOG, INFO_CALLBACK")
    }
}
