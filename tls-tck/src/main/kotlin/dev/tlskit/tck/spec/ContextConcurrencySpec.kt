package dev.tlskit.tck.spec

import dev.tlskit.TlsVersion
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import java.util.Collections
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import kotlin.concurrent.thread

/**
 * A `TlsContext` changed from several threads while connections are being made from it: every connection takes one
 * consistent snapshot at creation, so none ever sees half of a change — a certificate with the other identity's key,
 * an ALPN list or cipher list caught between two values. Each change below replaces several fields at once (chain and
 * key; a whole list), which is where a torn read would show: a handshake failing, or an outcome no single setting
 * produces.
 */
public fun contextConcurrencySpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"

    test("$p connections made while other threads swap identities, ALPN and cipher lists each see one whole setting") {
        // two RSA identities that both name 127.0.0.1: one key type, so every backend replaces rather than adds
        val rsa = pki.localhost
        val other = pki.ipOnly
        val server = serverContext(provider, rsa).apply { setAlpnProtocols(listOf("a1", "a2")) }
        val client = clientContext(provider).apply {
            setMaximumVersion(TlsVersion.TLSv1_2) // so the TLS 1.2 cipher list decides the suite
            setCiphers("ECDHE+AESGCM")
            setAlpnProtocols(listOf("b2", "a1"))
        }
        val gcm = setOf("ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384")
        val chacha = setOf("ECDHE-RSA-CHACHA20-POLY1305", "ECDHE-ECDSA-CHACHA20-POLY1305")

        val done = AtomicBoolean(false)
        val changes = AtomicInteger()
        val problems = Collections.synchronizedList(ArrayList<String>())
        val started = CountDownLatch(2)
        val mutators = listOf(
            thread(name = "swap-identity-and-alpn") {
                started.countDown()
                var flip = false
                while (!done.get()) {
                    flip = !flip
                    val (cred, alpn) = if (flip) other to listOf("b1", "b2") else rsa to listOf("a1", "a2")
                    server.loadCertChain(cred.chainFile, cred.keyFile, null)
                    server.setAlpnProtocols(alpn)
                    changes.incrementAndGet()
                }
            },
            thread(name = "swap-ciphers") {
                started.countDown()
                var flip = false
                while (!done.get()) {
                    flip = !flip
                    client.setCiphers(if (flip) "ECDHE+CHACHA20" else "ECDHE+AESGCM")
                    changes.incrementAndGet()
                }
            },
        )
        started.await()
        val leaves = setOf(rsa.certificate, other.certificate)
        try {
            repeat(120) { i ->
                val pair = MemoryPair.of(client, server, "127.0.0.1")
                val outcome = pair.handshakeOutcome()
                if (outcome.client != null || outcome.server != null) {
                    problems += "handshake $i failed: client=${outcome.client} server=${outcome.server}"
                    return@repeat
                }
                val leaf = pair.client.getPeerCertChain().first()
                if (leaf !in leaves) problems += "handshake $i: an unexpected certificate ${leaf.subjectX500Principal}"
                val alpn = pair.client.selectedAlpnProtocol().orElse(null)
                if (alpn != "a1" && alpn != "b2") problems += "handshake $i: ALPN $alpn is no whole server list's choice"
                val suite = pair.client.cipher().orElseThrow().name()
                if (suite !in gcm && suite !in chacha) problems += "handshake $i: suite $suite is in neither cipher list"
                pair.client.close()
                pair.server.close()
            }
        } finally {
            done.set(true)
            mutators.forEach { it.join(TimeUnit.SECONDS.toMillis(30)) }
        }
        mutators.map { it.isAlive } shouldBe listOf(false, false)
        problems.shouldBeEmpty()
        // the test only means something if the settings really changed while handshakes ran
        (changes.get() > 10) shouldBe true
    }
}
