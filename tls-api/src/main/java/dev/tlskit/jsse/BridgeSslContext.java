package dev.tlskit.jsse;

import java.security.KeyManagementException;
import java.security.Provider;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The {@link SSLContext} of {@link dev.tlskit.TlsContext#toSslContext()}: already initialised; its engines and sockets
 * are the provider's, configured from the tlskit context's snapshot. Its session contexts are the provider context's.
 */
final class BridgeSslContext extends SSLContext {
    BridgeSslContext(Spi spi, Provider provider) {
        super(spi, provider, "TLS");
    }

    static final class Spi extends SSLContextSpi {
        private final JsseBridge bridge;
        private final SSLContext delegate;

        Spi(JsseBridge bridge, SSLContext delegate) {
            this.bridge = bridge;
            this.delegate = delegate;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("this SSLContext comes from a tlskit TlsContext and is already "
                    + "initialised; configure trust and identity on the TlsContext (loadVerifyLocations, "
                    + "loadCertChain) and call toSslContext() again");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return new BridgeSocketFactory(bridge, delegate.getSocketFactory());
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            try {
                return bridge.serverSocketFactory();
            } catch (dev.tlskit.TlsException e) {
                throw new java.io.UncheckedIOException(e.getMessage(), e);
            }
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return bridge.engineUnchecked(null, -1);
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return bridge.engineUnchecked(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return bridge.engineUnchecked(null, -1).getSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return delegate.getSupportedSSLParameters();
        }
    }
}
