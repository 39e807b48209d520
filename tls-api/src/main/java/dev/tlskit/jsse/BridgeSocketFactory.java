package dev.tlskit.jsse;

import dev.tlskit.TlsException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The {@link SSLSocketFactory} of {@link dev.tlskit.TlsContext#toSslSocketFactory()}: the provider's client sockets,
 * each given the parameters of an engine configured from the snapshot for the same peer (versions, suites, ALPN, SNI).
 * Host names are checked by tlskit's trust manager against the host the socket was created for. Unconnected sockets
 * ({@link #createSocket()}) are not offered: they would have no host to check.
 */
final class BridgeSocketFactory extends SSLSocketFactory {
    private final JsseBridge bridge;
    private final SSLSocketFactory delegate;

    BridgeSocketFactory(JsseBridge bridge, SSLSocketFactory delegate) {
        this.bridge = bridge;
        this.delegate = delegate;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        try {
            return bridge.socketParameters(!bridge.clientByDefault(), null, -1).getCipherSuites();
        } catch (TlsException e) {
            return new String[0];
        }
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return configure(delegate.createSocket(s, host, port, autoClose), host, port);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return configure(delegate.createSocket(host, port), host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return configure(delegate.createSocket(host, port, localHost, localPort), host, port);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return configure(delegate.createSocket(host, port), hostOf(host), port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return configure(delegate.createSocket(address, port, localAddress, localPort), hostOf(address), port);
    }

    /** The name the address was made from ({@code InetAddress.getByName("localhost")}), else its literal; no lookup. */
    private static String hostOf(InetAddress a) {
        String s = a.toString();
        int slash = s.indexOf('/');
        return slash > 0 ? s.substring(0, slash) : a.getHostAddress();
    }

    private Socket configure(Socket socket, String host, int port) throws IOException {
        try {
            ((SSLSocket) socket).setSSLParameters(bridge.socketParameters(false, host, port));
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "BridgeSocketFactory[" + bridge + "]";
    }
}
