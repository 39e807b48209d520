package dev.tlskit;

import java.io.Closeable;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;

/**
 * A listening socket whose connections speak TLS: the seed's {@code SSLContext.wrap_socket(sock, server_side=True)}
 * on a listening socket, and pyOpenSSL's {@code Connection(context, listening_sock)}, made by
 * {@link TlsContext#wrapServerSocket}. {@link #accept()} is their {@code accept()}.
 *
 * <pre>{@code
 * try (TlsServerSocket server = ctx.wrapServerSocket(new ServerSocket(0), WrapOptions.server())) {
 *     try (TlsSocket conn = server.accept()) {
 *         conn.sendall(conn.recv(1024));
 *     }
 * }
 * }</pre>
 */
public final class TlsServerSocket implements Closeable {
    private final TlsContext context;
    private final ServerSocket listening;
    private final WrapOptions options;

    TlsServerSocket(TlsContext context, ServerSocket listening, WrapOptions options) {
        this.context = context;
        this.listening = listening;
        this.options = options;
    }

    /**
     * Seed {@code SSLSocket.accept()} / pyOpenSSL {@code Connection.accept()}: the next connection as a server
     * {@link TlsSocket} of this context, handshaken first when the wrap options say {@code doHandshakeOnConnect}. The
     * seed's returned address is the new socket's {@code socket().getRemoteSocketAddress()}.
     *
     * @throws TlsException                      when that handshake fails (the accepted socket is closed)
     * @throws java.net.SocketTimeoutException   when the listening socket's timeout passes
     */
    public TlsSocket accept() throws IOException {
        Socket accepted = listening.accept();
        return context.wrapSocket(accepted, options);
    }

    /** Seed {@code SSLSocket.context} / pyOpenSSL {@code get_context()}: the context connections are made with. */
    public TlsContext context() {
        return context;
    }

    /** The listening socket. */
    public ServerSocket socket() {
        return listening;
    }

    /** Seed {@code getsockname()}. */
    public SocketAddress localAddress() {
        return listening.getLocalSocketAddress();
    }

    /** Closes the listening socket; accepted connections stay open. */
    @Override
    public void close() throws IOException {
        listening.close();
    }

    public boolean isClosed() {
        return listening.isClosed();
    }

    @Override
    public String toString() {
        return "TlsServerSocket[" + listening + ", " + context.sideName() + "]";
    }
}
