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
 */
public record WrapOptions(boolean serverSide, String serverHostname, boolean doHandshakeOnConnect,
                          boolean suppressRaggedEofs, TlsSession session) {

    /** The options without a session to resume. */
    public WrapOptions(boolean serverSide, String serverHostname, boolean doHandshakeOnConnect,
                       boolean suppressRaggedEofs) {
        this(serverSide, serverHostname, doHandshakeOnConnect, suppressRaggedEofs, null);
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
        return new WrapOptions(serverSide, serverHostname, value, suppressRaggedEofs, session);
    }

    public WrapOptions withSuppressRaggedEofs(boolean value) {
        return new WrapOptions(serverSide, serverHostname, doHandshakeOnConnect, value, session);
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
        return new WrapOptions(serverSide, serverHostname, doHandshakeOnConnect, suppressRaggedEofs, value);
    }
}
