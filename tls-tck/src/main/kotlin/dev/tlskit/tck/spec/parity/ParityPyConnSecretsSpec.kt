package dev.tlskit.tck.spec.parity

import dev.tlskit.Capability
import dev.tlskit.MemoryBio
import dev.tlskit.UnsupportedFeatureException
import dev.tlskit.tck.parity.Parity
import dev.tlskit.tck.spec.MemoryPair
import dev.tlskit.tck.spec.clientContext
import dev.tlskit.tck.spec.serverContext
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.collections.shouldNotContain
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe

/**
 * PARITY.md section 27's secrets of a pyOpenSSL `Connection` (PCONN-07, -10, -11): Finished messages, randoms and
 * master key, and RFC 5705 keying material, each reproduced where the backend has the capability and otherwise
 * refused with [UnsupportedFeatureException] naming the seed call and the provider, before and after the handshake.
 */
public fun parityPyConnSecretsSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"
    val caps by lazy { clientContext(provider).provider().capabilities() }

    fun pair(): MemoryPair = MemoryPair.of(clientContext(provider), serverContext(provider))

    test("PCONN-07 $p get_finished/get_peer_finished: None before the handshake, then each side's equals the other's peer value") {
        val pair = pair()
        if (Capability.FINISHED_MESSAGES in caps) {
            pair.client.getFinished().isPresent shouldBe false
            pair.handshake()
            pair.client.getFinished().get().toList() shouldBe pair.server.getPeerFinished().get().toList()
            pair.server.getFinished().get().toList() shouldBe pair.client.getPeerFinished().get().toList()
        } else {
            caps shouldNotContain Capability.FINISHED_MESSAGES
            shouldBeRefused(provider, "get_finished") { pair.client.getFinished() }
            pair.handshake()
            shouldBeRefused(provider, "get_finished") { pair.server.getFinished() }
            shouldBeRefused(provider, "get_peer_finished") { pair.client.getPeerFinished() }
            Parity.refused(Capability.FINISHED_MESSAGES)
        }
    }

    test("PCONN-10 $p master_key, client_random, server_random: None before, then equal across peers and the randoms differ") {
        val pair = pair()
        if (Capability.SESSION_SECRETS in caps) {
            pair.client.clientRandom().isPresent shouldBe false
            pair.handshake()
            pair.client.clientRandom().get().toList() shouldBe pair.server.clientRandom().get().toList()
            pair.client.serverRandom().get().toList() shouldBe pair.server.serverRandom().get().toList()
            pair.client.clientRandom().get().toList() shouldNotBe pair.client.serverRandom().get().toList()
            pair.client.masterKey().isPresent shouldBe true
        } else {
            caps shouldNotContain Capability.SESSION_SECRETS
            shouldBeRefused(provider, "client_random") { pair.client.clientRandom() }
            pair.handshake()
            shouldBeRefused(provider, "server_random") { pair.server.serverRandom() }
            shouldBeRefused(provider, "master_key") { pair.client.masterKey() }
            Parity.refused(Capability.SESSION_SECRETS)
        }
    }

    test("PCONN-11 $p export_keying_material(LABEL, 32) is the same 32 bytes on both ends; a context or another label changes it") {
        val pair = pair()
        pair.handshake()
        if (Capability.KEYING_MATERIAL_EXPORT in caps) {
            val client = pair.client.exportKeyingMaterial("LABEL", null, 32)
            client.size shouldBe 32
            pair.server.exportKeyingMaterial("LABEL", null, 32).toList() shouldBe client.toList()
            val withContext = pair.client.exportKeyingMaterial("LABEL", "CONTEXT".toByteArray(), 32)
            withContext.toList() shouldNotBe client.toList()
            pair.server.exportKeyingMaterial("LABEL", "CONTEXT".toByteArray(), 32).toList() shouldBe withContext.toList()
            pair.client.exportKeyingMaterial("test", null, 32).toList() shouldNotBe client.toList()
        } else {
            caps shouldNotContain Capability.KEYING_MATERIAL_EXPORT
            shouldBeRefused(provider, "export_keying_material") { pair.client.exportKeyingMaterial("LABEL", null, 32) }
            shouldBeRefused(provider, "export_keying_material") { pair.server.exportKeyingMaterial("LABEL", null, 32) }
            Parity.refused(Capability.KEYING_MATERIAL_EXPORT)
        }
        // a connection that has not shaken hands has nothing to export on any backend
        val fresh = clientContext(provider).wrapBio(MemoryBio(), MemoryBio(), false, "localhost")
        runCatching { fresh.exportKeyingMaterial("LABEL", null, 32) }.isSuccess shouldBe false
    }
}
