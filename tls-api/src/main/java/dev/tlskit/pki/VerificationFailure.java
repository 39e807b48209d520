package dev.tlskit.pki;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * Why {@link TlsTrustManager} rejected a chain, with OpenSSL's verify code: thrown from the trust manager inside the
 * JSSE handshake, then found by the engine driver with {@link #find(Throwable)} in the {@code SSLException} cause
 * chain and reported as {@link dev.tlskit.CertificateVerificationException}.
 *
 * <pre>{@code
 * catch (SSLHandshakeException e) {
 *     VerificationFailure f = VerificationFailure.find(e);
 *     if (f != null) System.err.println(f.verifyCode() + " " + f.verifyMessage() + " at depth " + f.depth());
 * }
 * }</pre>
 */
public final class VerificationFailure extends CertificateException {
    private static final long serialVersionUID = 1L;

    private final int verifyCode;
    private final String verifyMessage;
    private final int depth;
    private final transient X509Certificate certificate;

    public VerificationFailure(int verifyCode, String verifyMessage, int depth, X509Certificate certificate, Throwable cause) {
        super("certificate verify failed: " + verifyMessage + describe(depth, certificate), cause);
        this.verifyCode = verifyCode;
        this.verifyMessage = verifyMessage;
        this.depth = depth;
        this.certificate = certificate;
    }

    /** A failure whose message is OpenSSL's text for {@code verifyCode}. */
    public static VerificationFailure of(int verifyCode, int depth, X509Certificate certificate, Throwable cause) {
        return new VerificationFailure(verifyCode, VerifyCodes.message(verifyCode), depth, certificate, cause);
    }

    private static String describe(int depth, X509Certificate c) {
        return c == null ? "" : " (depth " + depth + ", subject '" + c.getSubjectX500Principal().getName() + "')";
    }

    /** OpenSSL's {@code X509_V_ERR_*} code (the seed's {@code verify_code}). */
    public int verifyCode() {
        return verifyCode;
    }

    /**
     * The seed's {@code verify_message}: OpenSSL's text, except for 62/64 where CPython says
     * {@code "Hostname mismatch, certificate is not valid for 'HOST'."} /
     * {@code "IP address mismatch, certificate is not valid for 'IP'."}.
     */
    public String verifyMessage() {
        return verifyMessage;
    }

    /** Depth of the offending certificate: 0 for the peer's own. */
    public int depth() {
        return depth;
    }

    /** The offending certificate, or {@code null} if unknown. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The first {@code VerificationFailure} in {@code t}'s cause chain (suppressed ones included), or {@code null}. */
    public static VerificationFailure find(Throwable t) {
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
        if (t != null) {
            todo.add(t);
        }
        while (!todo.isEmpty()) {
            Throwable x = todo.poll();
            if (!seen.add(x)) {
                continue;
            }
            if (x instanceof VerificationFailure f) {
                return f;
            }
            if (x.getCause() != null) {
                todo.add(x.getCause());
            }
            todo.addAll(java.util.List.of(x.getSuppressed()));
        }
        return null;
    }
}
