package dev.tlskit;

/**
 * The seed's {@code wrap_socket} keyword arguments as an immutable value.
 *
 * <pre>{@code
 * ctx.wrapSocket(sock, WrapOptions.client("example.org"));
 * ctx.wrapSocket(accepted, WrapOptions.server());
 * ctx.wrapSocket(sock, WrapOptions.client("example.org").withDoHandshakeOnConnect(false));
 * }</pre>
 *
 * @param serverSide           seed {@code server_side}
 * @param serverHostname       seed {@code server_hostname} (client side only): SNI and the name checked
 * @param doHandshakeOnConnect seed {@code do_handshake_on_connect} (default {@code true})
 * @param suppressRaggedEofs   seed {@code suppress_ragged_eofs} (default {@code true}): an EOF without close_notify
 *                             reads as end of stream instead of throwing {@link TlsEofException}
 * @param session              seed {@code session} (client side only): a {@link TlsSession} of the same context to
 *                             resume, or {@code null}
 * @param tcpNoDelay           no seed twin (default {@code true}): {@code wrapSocket} turns Nagle's algorithm off on
 *                             the socket ({@code TCP_NODELAY}) before the handshake; see {@link #withTcpNoDelay}
 * @param handshakeTimeout     no seed twin (default {@code null}: none): the longest a blocking handshake may take in
 *                             all; see {@link #withHandshakeTimeout}
 */
public record WrapOptions(boolean serverSide, String serverHostname, boolean doHandshakeOnConnect,
                          boolean suppressRaggedEofs, TlsSession session, boolean tcpNoDelay,
                          java.time.Duration handshakeTimeout) {

    /**
     * @throws IllegalArgumentException for a zero or negative {@code handshakeTimeout}
     */
    public WrapOptions {
        if (handshakeTimeout != null && (handshakeTimeout.isNegative() || handshakeTimeout.isZero())) {
            throw new IllegalArgumentException("handshakeTimeout must be positive, not " + handshakeTimeout
                    + ": pass null for no limit");
        }
    }

    /** The options without a handshake time limit. */
    public WrapOptions(boolean serverSide, String serverHostname, boolean doHandshakeOnConnect,
                       boolean suppressRaggedEofs, TlsSession session, boolean tcpNoDelay) {
        this(serverSide, serverHostname, doHandshakeOnConnect, suppressRaggedEofs, session, tcpNoDelay, null);
    }

    /** The options without a session to resume. */
    public WrapOptions(boolean serverSide, String serverHostname, boolean doHandshakeOnConnect,
                       boolean suppressRaggedEofs) {
        this(serverSide, serverHostname, doHandshakeOnConnect, suppressRaggedEofs, null);
    }

    /** The options with {@code TCP_NODELAY} set by {@code wrapSocket} (the default). */
    public WrapOptions(boolean serverSide, String serverHostname, boolean doHandshakeOnConnect,
                       boolean suppressRaggedEofs, TlsSession session) {
        this(serverSide, serverHostname, doHandshakeOnConnect, suppressRaggedEofs, session, true);
    }

    /** Client side, verifying and sending {@code serverHostname}. */
    public static WrapOptions client(String serverHostname) {
        return new WrapOptions(false, serverHostname, true, true);
    }

    /** Server side. */
    public static WrapOptions server() {
        return new WrapOptions(true, null, true, true);
    }

    public WrapOptions withDoHandshakeOnConnect(boolean value) {
        return new WrapOptions(serverSide, serverHostname, value, suppressRaggedEofs, session, tcpNoDelay,
                handshakeTimeout);
    }

    public WrapOptions withSuppressRaggedEofs(boolean value) {
        return new WrapOptions(serverSide, serverHostname, doHandshakeOnConnect, value, session, tcpNoDelay,
                handshakeTimeout);
    }

    /**
     * Seed {@code wrap_socket(..., session=s)}: resume {@code value} (a session of the same context) on this client
     * connection.
     *
     * <pre>{@code
     * ctx.wrapSocket(sock, WrapOptions.client("example.org").withSession(previous.session().orElseThrow()));
     * }</pre>
     */
    public WrapOptions withSession(TlsSession value) {
        return new WrapOptions(serverSide, serverHostname, doHandshakeOnConnect, suppressRaggedEofs, value, tcpNoDelay,
                handshakeTimeout);
    }

    /**
     * Whether {@code wrapSocket} sets {@code TCP_NODELAY} on the (connected) socket it is given, before the handshake
     * (default {@code true}; {@code false} leaves the socket's option as the caller set it). The seed's {@code wrap_socket}
     * touches no socket option; tlskit does because the engine driver always writes whole TLS records, so Nagle's
     * algorithm only delays them: a client whose small request follows its Finished waits for the server's delayed
     * ACK (about 40 ms per connection on Linux) whenever the server sends nothing right after the handshake, which
     * BoringSSL (Conscrypt) does: it holds its TLS 1.3 NewSessionTickets until its first application write. OkHttp
     * and Netty turn Nagle off for the same reason. The option stays set after {@link TlsSocket#unwrap()}. (No engine
     * call flushes those tickets: BoringSSL's {@code ssl/tls13_server.cc} leaves them to the next {@code SSL_write},
     * "Consumers which don't write data to the client will need to do a zero-byte write", and Conscrypt 2.5.2's
     * {@code ConscryptEngine.wrap} calls {@code SSL_write} only for a non-empty source.)
     *
     * <pre>{@code
     * ctx.wrapSocket(sock, WrapOptions.client("example.org").withTcpNoDelay(false)); // keep Nagle's algorithm
     * }</pre>
     */
    public WrapOptions withTcpNoDelay(boolean value) {
        return new WrapOptions(serverSide, serverHostname, doHandshakeOnConnect, suppressRaggedEofs, session, value,
                handshakeTimeout);
    }

    /**
     * The longest the handshake of a blocking {@link TlsSocket} may take in all, however the peer spaces its bytes:
     * the socket's {@link java.net.Socket#setSoTimeout timeout} bounds each wait, so a peer that trickles one byte
     * just inside it (slowloris) would otherwise hold the connection for as long as it likes. When the time is up the
     * handshake throws {@link java.net.SocketTimeoutException} and the socket is closed. No seed twin (asyncio's
     * {@code ssl_handshake_timeout} is the closest); in coroutines use {@code withTimeout}.
     *
     * <pre>{@code
     * server.wrapSocket(accepted, WrapOptions.server().withHandshakeTimeout(Duration.ofSeconds(10)));
     * }</pre>
     */
    public WrapOptions withHandshakeTimeout(java.time.Duration value) {
        return new WrapOptions(serverSide, serverHostname, doHandshakeOnConnect, suppressRaggedEofs, session, tcpNoDelay,
                value);
    }
}
