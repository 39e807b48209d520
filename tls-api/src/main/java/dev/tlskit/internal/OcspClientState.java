package dev.tlskit.internal;

import dev.tlskit.OcspClientCallback;
import dev.tlskit.SslErrorNumber;
import dev.tlskit.TlsConnection;
import dev.tlskit.TlsException;
import java.security.cert.CertificateException;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

/**
 * <b>Not API.</b> pyOpenSSL's client side of OCSP stapling for one connection: the callback and data the context had
 * when the connection started, and whether {@code request_ocsp()} was called. Both backends' clients send
 * {@code status_request} on every connection (JSSE unless {@code jdk.tls.client.enableStatusRequestExtension=false} is
 * set process-wide; Conscrypt always) and show the stapled response in the handshake session, so tlskit calls the
 * callback from its trust manager, once the server's certificate has been checked, exactly when it was requested.
 */
public final class OcspClientState {
    private final OcspClientCallback callback;
    private final Object data;
    private volatile boolean requested;

    public OcspClientState(OcspClientCallback callback, Object data) {
        this.callback = callback;
        this.data = data;
    }

    /** The same callback and data, not yet requested: one per connection. */
    public OcspClientState fresh() {
        return new OcspClientState(callback, data);
    }

    /** pyOpenSSL {@code request_ocsp()}. */
    public void request() {
        requested = true;
    }

    /**
     * Called on the client once the server's certificate has been checked: hands the staple (empty without one) to the
     * callback. A {@code false} answer or an exception fails the handshake; the driver then reports the error recorded
     * here (the exception as its cause), not the engine's.
     */
    public void afterServerCertificate(HandshakeHooks hooks, SSLEngine engine) throws CertificateException {
        if (!requested || callback == null) {
            return;
        }
        byte[] staple = staple(engine.getHandshakeSession());
        TlsConnection conn = hooks.connection();
        boolean ok;
        try {
            ok = callback.verify(conn, staple, data);
        } catch (Exception | Error e) {
            hooks.callbackFailed(new TlsException(SslErrorNumber.SSL_ERROR_SSL, "OCSP_CALLBACK_FAILURE",
                    "the OCSP client callback raised " + e, e), false);
            throw new CertificateException("the OCSP client callback failed", e);
        }
        if (!ok) {
            hooks.callbackFailed(new TlsException(SslErrorNumber.SSL_ERROR_SSL, "INVALID_STATUS_RESPONSE",
                    "invalid status response: the OCSP client callback rejected the server's stapled response ("
                            + staple.length + " bytes)", null), false);
            throw new CertificateException("the OCSP client callback rejected the stapled response");
        }
    }

    private static byte[] staple(SSLSession session) {
        if (session instanceof ExtendedSSLSession s) {
            List<byte[]> responses = s.getStatusResponses();
            if (responses != null && !responses.isEmpty() && responses.get(0) != null) {
                return responses.get(0).clone();
            }
        }
        return new byte[0];
    }
}
