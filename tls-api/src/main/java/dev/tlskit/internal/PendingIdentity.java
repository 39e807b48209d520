package dev.tlskit.internal;

import dev.tlskit.SslErrorNumber;
import dev.tlskit.TlsException;
import dev.tlskit.pki.Identity;
import dev.tlskit.pki.PrivateKeys;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * <b>Not API.</b> pyOpenSSL's piecewise credentials ({@code use_certificate_file}, {@code use_privatekey_file},
 * {@code check_privatekey}): a certificate and a key given separately become an {@link Identity} once both are
 * there and belong together.
 */
public final class PendingIdentity {
    private List<X509Certificate> chain;
    private PrivateKey key;

    /**
     * Takes a chain and/or a key ({@code null} keeps the previous one).
     *
     * @return the identity once both are present, else {@code null}
     * @throws dev.tlskit.TlsCredentialException ({@code KEY_MISMATCH}) when the key does not match the certificate
     */
    public synchronized Identity offer(List<X509Certificate> newChain, PrivateKey newKey) throws TlsException {
        if (newChain != null) {
            chain = List.copyOf(newChain);
        }
        if (newKey != null) {
            key = newKey;
        }
        if (chain != null && key != null) {
            PrivateKeys.checkMatch(key, chain.get(0), "use_privatekey_file");
            return Identity.of(key, chain);
        }
        return null;
    }

    /**
     * pyOpenSSL {@code check_privatekey()}.
     *
     * @param haveIdentities whether the context already has identities loaded whole ({@code load_cert_chain})
     * @throws TlsException when the key or the certificate is missing, or they do not match
     */
    public synchronized void check(boolean haveIdentities) throws TlsException {
        if (chain == null || key == null) {
            if (haveIdentities && chain == null && key == null) {
                return;
            }
            throw new TlsException(SslErrorNumber.SSL_ERROR_SSL, key == null ? "NO_PRIVATE_KEY_ASSIGNED"
                    : "NO_CERTIFICATE_ASSIGNED", "check_privatekey: " + (key == null
                    ? "no private key assigned; call usePrivateKeyFile first" : "no certificate assigned; call "
                    + "useCertificateFile first"), null);
        }
        PrivateKeys.checkMatch(key, chain.get(0), "check_privatekey");
    }
}
