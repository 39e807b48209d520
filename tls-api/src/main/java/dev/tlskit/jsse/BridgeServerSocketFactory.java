package dev.tlskit.jsse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * The {@link SSLServerSocketFactory} of {@link dev.tlskit.TlsContext#toSslServerSocketFactory()}: server sockets that
 * layer the provider's TLS socket over each accepted connection with the parameters of a server engine configured from
 * the snapshot (versions, suites, ALPN list, client-certificate request); see {@link BridgeServerSocket}.
 */
final class BridgeServerSocketFactory extends SSLServerSocketFactory {
    private final JsseBridge bridge;
    private final SSLSocketFactory layer;

    /** @param layer the provider's socket factory, which layers TLS over each accepted connection */
    BridgeServerSocketFactory(JsseBridge bridge, SSLSocketFactory layer) {
        this.bridge = bridge;
        this.layer = layer;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        try {
            return bridge.socketParameters(true, null, -1).getCipherSuites();
        } catch (dev.tlskit.TlsException e) {
            return new String[0];
        }
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return layer.getSupportedCipherSuites();
    }

    @Override
    public ServerSocket createServerSocket() throws IOException {
        return new BridgeServerSocket(bridge, layer);
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return createServerSocket(port, 50, null);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
        return createServerSocket(port, backlog, null);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        ServerSocket s = new BridgeServerSocket(bridge, layer);
        try {
            s.bind(new java.net.InetSocketAddress(bindAddress, port), backlog);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "BridgeServerSocketFactory[" + bridge + "]";
    }
}
