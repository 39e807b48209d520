package dev.tlskit.pki;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict of one {@link CertificateVerifier#verify} call: what {@code openssl verify} prints, as values.
 *
 * <pre>{@code
 * VerificationResult r = verifier.verify(chain, "www.example.com");
 * if (!r.verified()) System.err.println(r.verifyCode() + " " + r.verifyMessage() + " at depth " + r.depth());
 * }</pre>
 */
public final class VerificationResult {
    private final int verifyCode;
    private final String verifyMessage;
    private final int depth;
    private final List<X509Certificate> chain;
    private final VerificationFailure failure;

    private VerificationResult(int verifyCode, String verifyMessage, int depth, List<X509Certificate> chain,
                               VerificationFailure failure) {
        this.verifyCode = verifyCode;
        this.verifyMessage = verifyMessage;
        this.depth = depth;
        this.chain = List.copyOf(chain);
        this.failure = failure;
    }

    static VerificationResult ok(List<X509Certificate> chain) {
        return new VerificationResult(VerifyCodes.OK, VerifyCodes.message(VerifyCodes.OK), -1, chain, null);
    }

    static VerificationResult failed(VerificationFailure f, List<X509Certificate> chain) {
        Objects.requireNonNull(f, "failure");
        return new VerificationResult(f.verifyCode(), f.verifyMessage(), f.depth(), chain, f);
    }

    /** Whether the chain was accepted ({@code verifyCode() == 0}). */
    public boolean verified() {
        return failure == null;
    }

    /** OpenSSL's {@code X509_V_ERR_*} code; {@code 0} ({@code X509_V_OK}) when verified. */
    public int verifyCode() {
        return verifyCode;
    }

    /** OpenSSL's text for {@link #verifyCode()} ({@code "ok"} when verified; CPython's wording for 62 and 64). */
    public String verifyMessage() {
        return verifyMessage;
    }

    /** Depth of the certificate that failed (0 = the leaf), or {@code -1} when verified. */
    public int depth() {
        return depth;
    }

    /** The chain as built, leaf first and the trust anchor last when one was found; as far as it got on failure. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** The failure with its cause, when not verified. */
    public Optional<VerificationFailure> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public String toString() {
        return verified() ? "VerificationResult(ok, chain of " + chain.size() + ")"
                : "VerificationResult(" + verifyCode + " " + verifyMessage + " at depth " + depth + ")";
    }
}
