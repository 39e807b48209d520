package dev.tlskit.pki;

import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;

/**
 * pyOpenSSL's {@code Context.set_verify(mode, callback)} callback: called for each certificate of the peer's chain,
 * from the top (highest depth) down to the leaf (depth 0), and once more for each problem found.
 *
 * <h2>Calls</h2>
 * <ul>
 *   <li>For a problem: {@code ok == false} and {@code errorNumber} is OpenSSL's {@code X509_V_ERR_*} code (see
 *       {@link VerifyCodes}); returning {@code true} overrides it and verification goes on, returning {@code false}
 *       fails the handshake with that code.</li>
 *   <li>After a certificate's checks: {@code ok == true}, {@code errorNumber == 0}; returning {@code false} fails
 *       verification with code 1 ("unspecified certificate verification error"), as OpenSSL 3 does.</li>
 * </ul>
 * Problems come in OpenSSL's order: chain building and trust (2, 18, 19, 20), CA/purpose/path-length checks
 * (79, 26, 25), the host name (62, 64), revocation (3, 23), then signatures and validity (7, 9, 10, 21) from the top
 * down. The callback runs on the handshake thread and must not block.
 *
 * <pre>{@code
 * ChainCallback allowExpired = (engine, cert, err, depth, ok) -> ok || err == VerifyCodes.CERT_HAS_EXPIRED;
 * }</pre>
 */
@FunctionalInterface
public interface ChainCallback {
    /**
     * @param engine      the connection's engine, or {@code null} when verifying outside an {@link SSLEngine}
     * @param cert        the certificate at {@code depth}
     * @param errorNumber OpenSSL's verify code, 0 when {@code ok}
     * @param depth       0 for the peer's own certificate, increasing towards the root
     * @param ok          whether this certificate passed (true) or this call reports a problem (false)
     * @return true to accept (or keep accepting), false to fail the verification
     */
    boolean onCertificate(SSLEngine engine, X509Certificate cert, int errorNumber, int depth, boolean ok);
}
