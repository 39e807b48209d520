package dev.tlskit.jsse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;

/**
 * The {@link SSLServerSocketFactory} of {@link dev.tlskit.TlsContext#toSslServerSocketFactory()}: the provider's
 * server sockets with the parameters of a server engine configured from the snapshot (versions, suites, ALPN list,
 * client-certificate request); every accepted socket inherits them.
 */
final class BridgeServerSocketFactory extends SSLServerSocketFactory {
    private final JsseBridge bridge;
    private final SSLServerSocketFactory delegate;

    BridgeServerSocketFactory(JsseBridge bridge, SSLServerSocketFactory delegate) {
        this.bridge = bridge;
        this.delegate = delegate;
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
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public ServerSocket createServerSocket() throws IOException {
        return configure(delegate.createServerSocket());
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return configure(delegate.createServerSocket(port));
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
        return configure(delegate.createServerSocket(port, backlog));
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return configure(delegate.createServerSocket(port, backlog, bindAddress));
    }

    private ServerSocket configure(ServerSocket socket) throws IOException {
        try {
            ((SSLServerSocket) socket).setSSLParameters(bridge.socketParameters(true, null, -1));
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "BridgeServerSocketFactory[" + bridge + "]";
    }
}
