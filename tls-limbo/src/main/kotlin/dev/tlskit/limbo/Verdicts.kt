package dev.tlskit.limbo

import dev.tlskit.Purpose
import dev.tlskit.VerifyFlag
import dev.tlskit.pki.CertificateVerifier
import java.time.Instant
import java.util.EnumSet

/**
 * One verifier's answer to one case: accepted, or rejected with an OpenSSL verify code (`null` when there is none,
 * e.g. a certificate the JDK cannot even parse) and a message.
 */
public data class Verdict(val accepted: Boolean, val code: Int?, val message: String, val depth: Int = -1) {
    public companion object {
        public val ACCEPTED: Verdict = Verdict(true, 0, "ok")
        public fun unparseable(why: String): Verdict = Verdict(false, null, "unparseable: $why")
    }
}

/** How a verdict compares with the case's expected result. */
public enum class Outcome { AGREE, FALSE_ACCEPT, FALSE_REJECT, SKIPPED }

/** Compares [verdict] with what [case] expects. */
public fun outcome(case: LimboCase, verdict: Verdict?): Outcome = when {
    verdict == null -> Outcome.SKIPPED
    verdict.accepted == case.expectSuccess -> Outcome.AGREE
    verdict.accepted -> Outcome.FALSE_ACCEPT
    else -> Outcome.FALSE_REJECT
}

/**
 * A case as tlskit runs it: the [CertificateVerifier] settings a case asks for. The TCK's handshake sample configures a
 * `TlsContext` from the same values, so both paths answer the same question.
 *
 * - purpose: `SERVER` cases (and `extended_key_usage = [serverAuth]`) verify a server chain, `CLIENT` cases
 *   (`[clientAuth]`) a client chain;
 * - `key_usage = [digitalSignature]` needs no extra switch: a TLS purpose already requires a signing key usage when the
 *   leaf has a keyUsage extension;
 * - `trusted_certs` are trust anchors: a path may end at any of them, self-signed or not
 *   ([VerifyFlag.VERIFY_X509_PARTIAL_CHAIN], limbo's and webpki's model);
 * - CRLs, when present, are checked for the leaf ([VerifyFlag.VERIFY_CRL_CHECK_LEAF]);
 * - `max_chain_depth` becomes [CertificateVerifier.Builder.maxDepth];
 * - `validation_time = null` means now.
 */
public class TlskitCase(public val case: LimboCase, public val parsed: LimboCase.Parsed) {
    public val purpose: Purpose =
        if (case.kind == ValidationKind.CLIENT || "clientAuth" in case.extendedKeyUsage) Purpose.CLIENT_AUTH
        else Purpose.SERVER_AUTH
    public val verifyFlags: EnumSet<VerifyFlag> =
        EnumSet.of(VerifyFlag.VERIFY_X509_TRUSTED_FIRST, VerifyFlag.VERIFY_X509_PARTIAL_CHAIN).also {
            if (parsed.crls.isNotEmpty()) it.add(VerifyFlag.VERIFY_CRL_CHECK_LEAF)
        }
    public val at: Instant = case.validationTime ?: Instant.now()
    public val host: String? = case.hostToCheck()

    public fun verifier(): CertificateVerifier {
        val b = CertificateVerifier.builder()
            .trustAnchors(parsed.trusted)
            .crls(parsed.crls)
            .verifyFlags(verifyFlags)
            .purpose(purpose)
            .at(at)
        case.maxChainDepth?.let { b.maxDepth(it) }
        return b.build()
    }

    /** tlskit's verdict through the public [CertificateVerifier]. */
    public fun verdict(): Verdict {
        val r = verifier().verify(parsed.chain, host)
        if (r.verified()) return Verdict.ACCEPTED
        val detail = r.failure().map { it.cause?.message }.orElse(null)
        return Verdict(false, r.verifyCode(), r.verifyMessage() + (detail?.let { " ($it)" } ?: ""), r.depth())
    }

    public companion object {
        /** tlskit's verdict for [case], or `null` when the case is skipped ([LimboCase.skipReason]). */
        public fun run(case: LimboCase): Verdict? {
            if (case.skipReason() != null) return null
            val parsed = case.parse()
            parsed.error?.let { return Verdict.unparseable(it) }
            return TlskitCase(case, parsed).verdict()
        }
    }
}
