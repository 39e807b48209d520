package dev.tlskit.tck.spec

import dev.tlskit.CertificateVerificationException
import dev.tlskit.Protocol
import dev.tlskit.Purpose
import dev.tlskit.TlsContext
import dev.tlskit.TlsException
import dev.tlskit.limbo.LimboCase
import dev.tlskit.limbo.LimboCorpus
import dev.tlskit.limbo.TlskitCase
import dev.tlskit.limbo.ValidationKind
import dev.tlskit.pki.CertificateVerifier
import dev.tlskit.pki.Identity
import dev.tlskit.pki.PrivateKeys
import io.kotest.assertions.withClue
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import java.nio.file.Files
import java.time.Instant
import kotlin.random.Random

/** How many corpus cases each run serves through a real handshake. */
private const val SAMPLE = 200

/**
 * The x509-limbo corpus through a real handshake: a seeded random sample of cases (the seed is printed; rerun one with
 * `-Dtlskit.limbo.seed=N`), each chain served by an in-memory tlskit server on [provider] with the case's leaf key,
 * and a tlskit client on [provider] configured like [TlskitCase] must reach the verdict and verify code that
 * [CertificateVerifier] gives for the same chain at the same moment.
 *
 * Cases the server cannot present (a key type or size the backend refuses, a certificate the JDK cannot parse) are
 * passed over and counted; cases with `max_chain_depth` are left out because a `TlsContext` has no depth setting.
 * The corpus carries leaf keys only for its 189 native limbo cases (none for BetterTLS), 173 of them eligible, so
 * today the "sample" is every eligible case in a seeded order; with a larger corpus it is the first [SAMPLE].
 */
public fun limboHandshakeSpec(provider: String): TestFactory = funSpec {
    test("a seeded sample of $SAMPLE x509-limbo chains served over a handshake on $provider gets CertificateVerifier's verdict and code") {
        val corpus = LimboCorpus.load(LimboCorpus.locate())
        val seed = System.getProperty("tlskit.limbo.seed")?.toLong() ?: System.nanoTime()
        println("x509-limbo handshake sample on $provider: seed $seed (rerun with -Dtlskit.limbo.seed=$seed)")
        val candidates = corpus.cases.filter {
            it.kind == ValidationKind.SERVER && it.skipReason() == null && it.maxChainDepth == null && it.peerCertificateKey != null
        }.shuffled(Random(seed))
        val mismatches = mutableListOf<String>()
        val passedOver = mutableMapOf<String, Int>()
        var checked = 0
        for (case in candidates) {
            if (checked >= SAMPLE) break
            when (val r = serve(provider, case)) {
                is Served.Skipped -> passedOver.merge(r.why, 1, Int::plus)
                is Served.Compared -> {
                    checked++
                    r.mismatch?.let { mismatches += "${case.id}: $it" }
                }
            }
        }
        println("x509-limbo handshake sample on $provider: $checked compared, passed over: $passedOver")
        val servable = candidates.size - passedOver.values.sum()
        checked shouldBeGreaterThanOrEqual minOf(SAMPLE, servable)
        checked shouldBeGreaterThanOrEqual 150 // the corpus shrank or the server broke: too few handshakes to mean much
        withClue("seed $seed") { mismatches.shouldBeEmpty() }
    }
}

private sealed interface Served {
    data class Skipped(val why: String) : Served
    data class Compared(val mismatch: String?) : Served
}

private fun serve(provider: String, case: LimboCase): Served {
    val parsed = case.parse()
    if (parsed.error != null) return Served.Skipped("certificate the JDK cannot parse")
    val identity = try {
        Identity.of(PrivateKeys.fromPem(case.peerCertificateKey!!, "${case.id} key", null), parsed.chain)
    } catch (e: TlsException) {
        return Served.Skipped("leaf key not loadable")
    }
    val now = Instant.now()
    val setup = TlskitCase(case, parsed)
    // a bare TlsContext verifies like OpenSSL: the WebPKI profile only under VERIFY_X509_STRICT, so not here
    val flags = setup.verifyFlags
    val expected = CertificateVerifier.builder().trustAnchors(parsed.trusted).crls(parsed.crls)
        .verifyFlags(flags).webPkiProfile(false).purpose(Purpose.SERVER_AUTH).at(now).build()
        .verify(parsed.chain, setup.host)
    val dir = Files.createTempDirectory("limbo-")
    try {
        val trustFile = dir.resolve("trust.pem")
        Files.writeString(trustFile, (case.trustedCerts + case.crls).joinToString("\n"))
        val server = TlsContext.create(Protocol.PROTOCOL_TLS_SERVER, provider).apply { useIdentity(identity) }
        val client = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider).apply {
            if (case.trustedCerts.isNotEmpty()) loadVerifyLocations(trustFile)
            setVerifyFlags(flags)
            setHostnameChecksCommonName(false)
            setCheckHostname(setup.host != null)
        }
        val pair = try {
            MemoryPair.of(client, server, setup.host)
        } catch (e: dev.tlskit.UnsupportedFeatureException) {
            return Served.Skipped("host name the backend cannot send as SNI")
        }
        val o = try {
            pair.handshakeOutcome()
        } catch (e: AssertionError) {
            throw AssertionError("${case.id}: ${e.message} (tlskit's verdict: ${expected.verifyCode()})", e)
        }
        val clientError = o.client
        val got = when {
            clientError == null -> 0
            clientError is CertificateVerificationException -> clientError.verifyCode()
            // the server gave up first (a key the backend cannot sign with): nothing reached the client's verifier
            o.server != null && o.server !is dev.tlskit.TlsAlertException -> return Served.Skipped("server cannot present this key")
            expected.verified() -> return Served.Compared("handshake failed outside the verifier: $clientError")
            else -> return Served.Skipped("refused by the backend before tlskit's verifier")
        }
        val want = expected.verifyCode()
        return Served.Compared(if (got == want) null else "handshake gave $got, CertificateVerifier gave $want (${expected.verifyMessage()})")
    } finally {
        dir.toFile().deleteRecursively()
    }
}
