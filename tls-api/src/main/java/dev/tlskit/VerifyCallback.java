package dev.tlskit;

import java.security.cert.X509Certificate;

/**
 * pyOpenSSL's {@code set_verify} callback: called for every certificate of the peer's chain, from the top (highest
 * depth) down to the leaf (depth 0), with OpenSSL's verdict so far. Returning {@code true} accepts the certificate even
 * when {@code ok} is false; returning {@code false} fails the handshake with that error.
 *
 * <pre>{@code
 * ctx.setVerify(EnumSet.of(PeerVerify.VERIFY_PEER), (conn, cert, errno, depth, ok) -> {
 *     log(depth + " " + cert.getSubjectX500Principal() + " errno=" + errno);
 *     return ok;
 * });
 * }</pre>
 */
@FunctionalInterface
public interface VerifyCallback {
    /**
     * @param connection  the connection being verified
     * @param certificate the certificate at {@code depth}
     * @param errorNumber OpenSSL's {@code X509_V_ERR_*} for this certificate, 0 when none
     * @param depth       0 for the peer's own certificate, counting up towards the root
     * @param ok          whether verification of this certificate has succeeded so far
     * @return whether to accept this certificate
     */
    boolean verify(TlsConnection connection, X509Certificate certificate, int errorNumber, int depth, boolean ok);
}
