package dev.tlskit.jsse;

import java.io.IOException;
import java.net.Socket;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The server socket of {@link BridgeServerSocketFactory}: accepts plain connections and layers the provider's TLS
 * socket over each one in server mode, with the parameters of a server engine configured from the snapshot for that
 * connection. Layering (rather than the provider's own server socket) names the peer by its address literal, which
 * Conscrypt 2.5's accepted sockets otherwise look up by reflection into {@code java.net} and fail on Java 17+
 * ({@code InaccessibleObjectException} without {@code --add-opens java.base/java.net}).
 */
final class BridgeServerSocket extends SSLServerSocket {
    private final JsseBridge bridge;
    private final SSLSocketFactory layer;
    private SSLParameters parameters;
    private boolean sessionCreation = true;

    BridgeServerSocket(JsseBridge bridge, SSLSocketFactory layer) throws IOException {
        this.bridge = bridge;
        this.layer = layer;
        this.parameters = bridge.socketParameters(true, null, -1);
    }

    @Override
    public Socket accept() throws IOException {
        Socket plain = new Socket();
        implAccept(plain);
        try {
            SSLSocket tls = (SSLSocket) layer.createSocket(plain, plain.getInetAddress().getHostAddress(),
                    plain.getPort(), true);
            tls.setUseClientMode(false);
            SSLParameters p;
            synchronized (this) {
                p = parameters;
                tls.setEnableSessionCreation(sessionCreation);
            }
            tls.setSSLParameters(p);
            return tls;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    @Override
    public synchronized SSLParameters getSSLParameters() {
        return copy(parameters);
    }

    @Override
    public synchronized void setSSLParameters(SSLParameters p) {
        parameters = copy(p);
    }

    private static SSLParameters copy(SSLParameters p) {
        SSLParameters c = new SSLParameters(p.getCipherSuites(), p.getProtocols());
        c.setNeedClientAuth(p.getNeedClientAuth());
        if (!p.getNeedClientAuth()) {
            c.setWantClientAuth(p.getWantClientAuth());
        }
        c.setApplicationProtocols(p.getApplicationProtocols());
        c.setUseCipherSuitesOrder(p.getUseCipherSuitesOrder());
        c.setEndpointIdentificationAlgorithm(p.getEndpointIdentificationAlgorithm());
        c.setAlgorithmConstraints(p.getAlgorithmConstraints());
        if (p.getSNIMatchers() != null) {
            c.setSNIMatchers(p.getSNIMatchers());
        }
        return c;
    }

    @Override
    public synchronized String[] getEnabledCipherSuites() {
        return parameters.getCipherSuites().clone();
    }

    @Override
    public synchronized void setEnabledCipherSuites(String[] suites) {
        parameters.setCipherSuites(suites.clone());
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return layer.getSupportedCipherSuites();
    }

    @Override
    public String[] getSupportedProtocols() {
        return getEnabledProtocols();
    }

    @Override
    public synchronized String[] getEnabledProtocols() {
        return parameters.getProtocols().clone();
    }

    @Override
    public synchronized void setEnabledProtocols(String[] protocols) {
        parameters.setProtocols(protocols.clone());
    }

    @Override
    public synchronized void setNeedClientAuth(boolean need) {
        parameters.setNeedClientAuth(need);
    }

    @Override
    public synchronized boolean getNeedClientAuth() {
        return parameters.getNeedClientAuth();
    }

    @Override
    public synchronized void setWantClientAuth(boolean want) {
        parameters.setWantClientAuth(want);
    }

    @Override
    public synchronized boolean getWantClientAuth() {
        return parameters.getWantClientAuth();
    }

    /** Server sockets accept; client mode is refused rather than ignored. */
    @Override
    public void setUseClientMode(boolean mode) {
        if (mode) {
            throw new IllegalArgumentException("a tlskit bridge server socket accepts connections in server mode only");
        }
    }

    @Override
    public boolean getUseClientMode() {
        return false;
    }

    @Override
    public synchronized void setEnableSessionCreation(boolean flag) {
        sessionCreation = flag;
    }

    @Override
    public synchronized boolean getEnableSessionCreation() {
        return sessionCreation;
    }

    @Override
    public String toString() {
        return "BridgeServerSocket[" + getLocalSocketAddress() + ", " + bridge + "]";
    }
}
