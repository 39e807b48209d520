package dev.tlskit;

import dev.tlskit.ciphers.CipherInfo;
import dev.tlskit.ciphers.CipherSuites;
import dev.tlskit.internal.CertificateDicts;
import dev.tlskit.internal.ContextSnapshot;
import dev.tlskit.internal.EngineDriver;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * A TLS connection driven through memory buffers: the seed's {@code ssl.SSLObject} (from
 * {@link TlsContext#wrapBio}) and pyOpenSSL's {@code Connection(ctx, None)} (from {@link TlsContext#newConnection()}).
 * The application moves the network bytes itself, so this works under any I/O model.
 *
 * <h2>Example: a client pump</h2>
 * <pre>{@code
 * MemoryBio in = new MemoryBio(), out = new MemoryBio();
 * TlsConnection c = ctx.wrapBio(in, out, false, "example.org");
 * while (true) {
 *     try { c.doHandshake(); break; }
 *     catch (TlsWantReadException e) {
 *         socketOut.write(out.read());              // send what TLS produced
 *         in.write(readSomeBytes(socketIn));         // feed what the peer sent
 *     }
 * }
 * socketOut.write(out.read());
 * }</pre>
 *
 * <h2>Errors, as the seeds raise them</h2>
 * {@link TlsWantReadException} when more peer bytes are needed; {@link TlsEofException} when the incoming BIO reached
 * EOF without close_notify; {@link CertificateVerificationException}, {@link TlsAlertException},
 * {@link TlsProtocolException} when the handshake fails. {@link #read} returns -1 (the seed: {@code b''}) after the
 * peer's close_notify, while pyOpenSSL's {@link #recv} throws {@link TlsZeroReturnException}. Thread-safe.
 */
public final class TlsConnection extends ConnectionEngine implements AutoCloseable {
    static {
        dev.tlskit.internal.Transports.install(new dev.tlskit.internal.Transports.Access() {
            @Override
            public int handshakeStatus(TlsConnection c) throws TlsException {
                return c.handshakeStatus();
            }

            @Override
            public int readStatus(TlsConnection c, ByteBuffer dst) throws TlsException {
                return c.readStatus(dst);
            }

            @Override
            public int writeStatus(TlsConnection c, ByteBuffer src) throws TlsException {
                return c.writeStatus(src);
            }

            @Override
            public int shutdownStatus(TlsConnection c) throws TlsException {
                return c.shutdownStatus();
            }

            @Override
            public void check(TlsConnection c, int status) throws TlsException {
                c.check(status);
            }

            @Override
            public void closeOutbound(TlsConnection c) {
                c.closeOutbound();
            }

            @Override
            public void releaseIdleBuffers(TlsConnection c) {
                c.releaseIdleBuffers();
            }

            @Override
            public dev.tlskit.internal.ByteQueue incoming(TlsConnection c) {
                return c.incoming.queue();
            }

            @Override
            public dev.tlskit.internal.ByteQueue outgoing(TlsConnection c) {
                return c.outgoing.queue();
            }
        });
    }

    /**
     * The socket module's {@code MSG_PEEK} (Linux value 2) for {@link #recv(int, int)} and
     * {@link #recvInto(ByteBuffer, int, int)}: read without consuming.
     */
    public static final int MSG_PEEK = 2;

    private TlsConnection(TlsContext context, MemoryBio incoming, MemoryBio outgoing) {
        super(context, incoming, outgoing);
    }

    static TlsConnection create(TlsContext context, ContextSnapshot snapshot, MemoryBio incoming, MemoryBio outgoing,
                                boolean serverSide, String host, boolean eager) throws TlsException {
        TlsConnection c = new TlsConnection(context, incoming, outgoing);
        c.snapshot = snapshot;
        c.serverSide = serverSide;
        c.serverHostname = host;
        if (eager) {
            c.driver();
        }
        return c;
    }

    static TlsConnection create(TlsContext context, ContextSnapshot snapshot, MemoryBio incoming, MemoryBio outgoing,
                                boolean serverSide, String host, TlsSession session) throws TlsException {
        TlsConnection c = new TlsConnection(context, incoming, outgoing);
        c.snapshot = snapshot;
        c.serverSide = serverSide;
        c.serverHostname = host;
        if (session != null) {
            c.setSession(session);
        }
        c.driver();
        return c;
    }

    static TlsConnection createUnset(TlsContext context, MemoryBio incoming, MemoryBio outgoing) {
        return new TlsConnection(context, incoming, outgoing);
    }

    // ------------------------------------------------------------------ what was negotiated

    private SSLSession doneSession() {
        EngineDriver d = currentDriver();
        return d != null && d.isHandshakeDone() ? d.engine().getSession() : null;
    }

    /** Seed {@code version()}: {@code "TLSv1.3"} etc., empty before the handshake completes. */
    public Optional<String> version() {
        Negotiated n = facts();
        return n == null ? Optional.empty() : Optional.of(n.protocol());
    }

    /** The negotiated version as a constant. */
    public Optional<TlsVersion> tlsVersion() {
        return version().flatMap(TlsVersion::fromJavaName);
    }

    /** Seed {@code cipher()}: {@code (name, protocol, secret_bits)}, empty before the handshake completes. */
    public Optional<CipherInfo> cipher() {
        Negotiated n = facts();
        return n == null ? Optional.empty() : Optional.of(CipherSuites.info(n.suite(), n.protocol()));
    }

    /**
     * Seed {@code compression()}: the compression algorithm in use, always empty (the seed's {@code None}) because no
     * tlskit backend negotiates TLS compression (CRIME; {@link Option#OP_NO_COMPRESSION} is always in effect).
     * <pre>{@code conn.compression()   // Optional.empty()}</pre>
     */
    public Optional<String> compression() {
        return Optional.empty();
    }

    /**
     * Seed {@code shared_ciphers()}: on a server, the suites both the client offered and this side enables; empty on a
     * client or before the handshake (the seed's {@code None}) on every provider.
     *
     * @throws UnsupportedFeatureException on a server after the handshake, when the provider cannot tell what the client offered (no
     *                                     {@link Capability#SHARED_CIPHERS}; JSSE does not expose it)
     */
    public Optional<List<CipherInfo>> sharedCiphers() throws UnsupportedFeatureException {
        ContextSnapshot snap;
        synchronized (this) {
            snap = snapshot;
        }
        dev.tlskit.spi.TlsProvider p = snap != null ? snap.provider() : context.provider();
        SSLSession s = doneSession();
        if (s == null || !Boolean.TRUE.equals(serverSide)) {
            return Optional.empty(); // the seed's None, known without asking the backend
        }
        if (!p.capabilities().contains(Capability.SHARED_CIPHERS)) {
            throw new UnsupportedFeatureException("shared_ciphers", p.name(),
                    "the backend does not expose the cipher suites the client offered");
        }
        List<CipherInfo> out = new ArrayList<>();
        for (String name : p.sharedCipherSuites(currentDriver().engine())) {
            out.add(CipherSuites.info(name, s.getProtocol()));
        }
        return Optional.of(out);
    }

    /** Seed {@code selected_alpn_protocol()}: empty when none was agreed or before the handshake. */
    public Optional<String> selectedAlpnProtocol() {
        Negotiated n = facts();
        return n == null ? Optional.empty() : Optional.ofNullable(n.alpn());
    }

    /**
     * Seed {@code selected_npn_protocol()} / pyOpenSSL {@code get_next_proto_negotiated()}: no tlskit backend has NPN
     * ({@link Capability#HAS_NPN}). Use {@link #selectedAlpnProtocol()}.
     *
     * @throws UnsupportedFeatureException always on the current backends, naming the provider
     */
    public Optional<String> selectedNpnProtocol() throws UnsupportedFeatureException {
        throw context.noNpn("selected_npn_protocol");
    }

    /**
     * pyOpenSSL {@code get_group_name()}: the key-exchange group the handshake used, as OpenSSL names it
     * ({@code "x25519"}, {@code "secp256r1"}, {@code "ffdhe2048"}, ...), the same on both ends; empty (pyOpenSSL:
     * {@code None}) before the handshake completes and when no group was used (TLS 1.2 RSA or finite-field DHE key
     * exchange, a TLS 1.3 resumption without (EC)DHE). tlskit reads it from the plain-text ServerHello (TLS 1.3) or
     * ServerKeyExchange (TLS 1.2), so every backend answers it.
     * <pre>{@code conn.getGroupName();   // Optional[x25519]}</pre>
     */
    public Optional<String> getGroupName() {
        EngineDriver d = currentDriver();
        if (d == null || !d.isHandshakeDone()) {
            return Optional.empty();
        }
        return dev.tlskit.internal.NamedGroups.name(d.hellos().group());
    }

    /** The peer's certificate chain as sent (pyOpenSSL {@code get_peer_cert_chain()}); empty if none. */
    public List<X509Certificate> getPeerCertChain() {
        Negotiated n = facts();
        return n == null ? List.of() : n.peerChain();
    }

    /**
     * pyOpenSSL {@code get_verified_chain()}: the chain tlskit's verifier built for the peer, leaf first and the trust
     * anchor last (intermediates may come from the trust store, and what the peer sent but the path does not need is
     * left out). Empty (pyOpenSSL: {@code None}) before the handshake, when the peer was not verified
     * ({@code CERT_NONE}, or a server whose client sent no certificate) and on a resumed session.
     *
     * <pre>{@code
     * conn.getVerifiedChain();   // [CN=localhost, CN=tlskit Test Intermediate CA, CN=tlskit Test Root CA]
     * conn.getPeerCertChain();   // [CN=localhost, CN=tlskit Test Intermediate CA]: what the server sent
     * }</pre>
     */
    public List<X509Certificate> getVerifiedChain() {
        return facts() == null ? List.of() : hooks().verifiedChain();
    }

    /**
     * pyOpenSSL {@code get_client_ca_list()}: on a server, the CA names it sends when asking for a client certificate
     * ({@link TlsContext#loadClientCa}); on a client, the names the server sent, empty until the server asked for a
     * certificate or when it sent none.
     */
    public List<javax.security.auth.x500.X500Principal> getClientCaList() {
        if (serverSide()) {
            ContextSnapshot snap;
            synchronized (this) {
                snap = snapshot;
            }
            return snap != null ? snap.handshake().clientCas().names() : originalContext.clientCaList();
        }
        return hooks().peerCaNames();
    }

    /** pyOpenSSL {@code get_certificate()}: this side's own certificate (of {@link #context()}), if it has one. */
    public Optional<X509Certificate> getCertificate() {
        List<dev.tlskit.pki.Identity> ids = context.identities();
        return ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(0).leaf());
    }

    /** The peer's certificate (pyOpenSSL {@code get_peer_certificate()}), if it sent one. */
    public Optional<X509Certificate> getPeerCertificate() {
        requireHandshake();
        List<X509Certificate> chain = getPeerCertChain();
        return chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(0));
    }

    /**
     * Seed {@code getpeercert()}: empty when the peer sent no certificate; an empty map when it was not verified
     * ({@code CERT_NONE}); else the seed's dictionary ({@code subject}, {@code issuer}, {@code notAfter}, ...).
     *
     * @throws IllegalStateException before the handshake (the seed's {@code ValueError("handshake not done yet")})
     */
    public Optional<Map<String, Object>> getPeerCert() {
        Optional<X509Certificate> cert = getPeerCertificate();
        if (cert.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(snapshot.verifiesPeer() ? CertificateDicts.toDict(cert.get()) : Map.of());
    }

    /** Seed {@code getpeercert(binary_form=True)}: the peer certificate's DER bytes, verified or not. */
    public Optional<byte[]> getPeerCertDer() {
        return getPeerCertificate().map(CertificateDicts::der);
    }

    private void requireHandshake() {
        if (facts() == null) {
            throw new IllegalStateException("handshake not done yet");
        }
    }

    /** Seed {@code server_side}. */
    public synchronized boolean serverSide() {
        return Boolean.TRUE.equals(serverSide);
    }

    /** Seed {@code server_hostname}: the A-label host name, or empty. */
    public synchronized Optional<String> serverHostname() {
        return Optional.ofNullable(serverHostname);
    }

    /** Seed {@code context}: the context this connection was made from, or the one it was switched to. */
    public TlsContext context() {
        return context;
    }

    /**
     * Seed {@code SSLObject.context = other} / pyOpenSSL {@code Connection.set_context(other)}: on a server, serve the
     * certificates and keys of {@code other} (OpenSSL's {@code SSL_set_SSL_CTX}), typically from the
     * {@link SniCallback}. The other settings stay those of the original context.
     *
     * <pre>{@code
     * ctx.setSniCallback((conn, name, original) -> { if ("b.example".equals(name)) conn.setContext(ctxB); return null; });
     * }</pre>
     *
     * @throws IllegalArgumentException when {@code other} runs on another provider or cannot act as a server
     * @throws IllegalStateException    on a client connection, or once the server certificate has been chosen
     */
    public void setContext(TlsContext other) throws TlsException {
        Objects.requireNonNull(other, "context");
        if (other.provider() != originalContext.provider()) {
            throw new IllegalArgumentException("the new context runs on the '" + other.provider().name()
                    + "' provider, this connection on '" + originalContext.provider().name() + "'; use contexts of one "
                    + "provider");
        }
        if (!other.allowsServer()) {
            throw new IllegalArgumentException("the new context cannot act as a server (" + other + ")");
        }
        synchronized (this) {
            if (!Boolean.TRUE.equals(serverSide)) {
                throw new IllegalStateException("only a server connection can switch its context (certificate)");
            }
        }
        hooks().serverName().switchIdentities(other.snapshot().identities());
        context = other;
    }

    /**
     * pyOpenSSL {@code get_servername()}: on a server, the SNI host name the client sent (once the ClientHello has
     * been read: in the {@link SniCallback} and after the handshake); on a client, the name it sends. Empty without one.
     */
    public Optional<String> getServername() {
        synchronized (this) {
            if (!Boolean.TRUE.equals(serverSide)) {
                return Optional.ofNullable(serverHostname);
            }
        }
        String seen = hooks().serverName().requestedName();
        if (seen != null) {
            return Optional.of(seen);
        }
        Negotiated n = facts();
        return n == null ? Optional.empty() : Optional.ofNullable(n.serverName());
    }

    // ------------------------------------------------------------------ sessions

    /**
     * Seed {@code SSLObject.session} / pyOpenSSL {@code get_session()}: the session this connection made or resumed,
     * empty before the handshake. Hand it to a later client connection of the same context to resume it. With TLS 1.3
     * the server's ticket arrives after the handshake: read from the connection once before reusing its session.
     *
     * <pre>{@code
     * TlsSession s = conn.session().orElseThrow();
     * TlsConnection again = ctx.wrapBio(new MemoryBio(), new MemoryBio(), false, "example.org", s);
     * }</pre>
     */
    public Optional<TlsSession> session() {
        captureFacts();
        TlsSession base = session;
        if (base == null) {
            return Optional.empty();
        }
        dev.tlskit.internal.HelloObserver h = currentDriver().hellos(); // tickets may have come since the handshake
        return Optional.of(base.withTicket(h.hasTicket(), h.ticketLifetimeHint()));
    }

    /**
     * Seed {@code SSLObject.session = s} / pyOpenSSL {@code set_session(s)}: on a client connection before its
     * handshake, ask the server to resume {@code session}.
     *
     * <pre>{@code
     * TlsConnection c = ctx.newConnection();
     * c.setConnectState();
     * c.setSession(previous.session().orElseThrow());
     * c.doHandshake();                         // ... then c.sessionReused()
     * }</pre>
     *
     * @throws IllegalArgumentException when the session comes from another context (the seed's
     *                                  {@code "Session refers to a different SSLContext."})
     * @throws IllegalStateException    on a server connection, or once the handshake has started
     */
    public void setSession(TlsSession session) throws TlsException {
        Objects.requireNonNull(session, "session");
        if (!session.belongsTo(originalContext)) {
            throw new IllegalArgumentException("Session refers to a different SSLContext.");
        }
        synchronized (this) {
            if (Boolean.TRUE.equals(serverSide)) {
                throw new IllegalStateException("Cannot set session for server-side SSLSocket.");
            }
            if (driver != null && driver.isStarted()) {
                throw new IllegalStateException("Cannot set session after handshake.");
            }
            requestedSession = session;
            if (driver != null) { // made eagerly with a fresh cache key: make it again with the session's
                driver.release();
                driver = null;
                driver();
            }
        }
    }

    /**
     * pyOpenSSL {@code Connection.set_verify(mode, callback)}: before the handshake, verify the peer of this connection
     * only with {@code mode} (and {@code callback}, or the context's when {@code null}); the context and its other
     * connections keep theirs. Such a connection takes its engine from an SSLContext of its own, so it does not
     * resume the context's sessions.
     * <pre>{@code
     * TlsConnection c = ctx.newConnection();               // ctx: VERIFY_PEER
     * c.setVerify(EnumSet.of(PeerVerify.VERIFY_NONE), null); // this one accepts any server certificate
     * }</pre>
     * <b>Insecure</b> with {@code VERIFY_NONE} on a client: any server is accepted.
     *
     * @throws NullPointerException     for a {@code null} mode (pyOpenSSL's {@code TypeError})
     * @throws IllegalArgumentException when {@code VERIFY_NONE} is combined with other flags, or when the context
     *                                  checks host names and {@code VERIFY_PEER} is missing
     * @throws IllegalStateException    once the handshake has started
     */
    public void setVerify(java.util.Set<PeerVerify> mode, VerifyCallback callback) throws TlsException {
        Objects.requireNonNull(mode, "mode");
        int bits = PeerVerify.toBits(mode);
        if ((bits & PeerVerify.VERIFY_PEER.code()) == 0 && bits != 0) {
            throw new IllegalArgumentException("VERIFY_FAIL_IF_NO_PEER_CERT and VERIFY_CLIENT_ONCE need VERIFY_PEER");
        }
        synchronized (this) {
            if (driver != null && driver.isStarted()) {
                throw new IllegalStateException("set_verify must be called before the handshake starts");
            }
            ContextSnapshot base = snapshot != null ? snapshot : context.snapshot();
            if (bits == 0 && base.checkHostname()) {
                throw new IllegalArgumentException("Cannot set verify mode to VERIFY_NONE when the context checks "
                        + "host names (check_hostname): turn it off on the context first");
            }
            snapshot = base.withVerify(bits, callback);
            if (driver != null) { // made eagerly from the old snapshot: make it again from the new one
                driver.release();
                driver = null;
                driver();
            }
        }
    }

    /**
     * pyOpenSSL {@code Connection.get_verify_mode()}: this connection's verify flags, those of {@link #setVerify} or
     * else the context's. <pre>{@code conn.getVerifyMode();   // [VERIFY_NONE]}</pre>
     */
    public synchronized java.util.EnumSet<PeerVerify> getVerifyMode() {
        return snapshot != null ? PeerVerify.fromBits(snapshot.verifyBits()) : context.getVerifyMode();
    }

    /**
     * Seed {@code session_reused} / pyOpenSSL {@code session_reused()}: whether the handshake resumed a session, as
     * the ServerHello showed it (TLS 1.3 {@code pre_shared_key}, TLS 1.2 abbreviated handshake). {@code false} before
     * the handshake completes.
     *
     * <pre>{@code
     * if (!conn.sessionReused()) log.info("full handshake with {}", host);
     * }</pre>
     */
    public boolean sessionReused() {
        EngineDriver d = currentDriver();
        return d != null && d.isHandshakeDone() && Boolean.TRUE.equals(d.hellos().resumed());
    }

    // ------------------------------------------------------------------ channel binding, exporters, secrets

    /**
     * Seed {@code get_channel_binding(cb_type)}: {@code "tls-unique"} (RFC 5929), the first Finished message of a
     * TLS 1.2 handshake; empty before the handshake and at TLS 1.3, where it is undefined (RFC 8446 C.5; use
     * {@link #getTlsExporterBinding()}). <pre>{@code byte[] cb = conn.getChannelBinding("tls-unique").orElseThrow();}</pre>
     *
     * @throws IllegalArgumentException    for a type that is not a {@link ChannelBindingType} seed name
     * @throws UnsupportedFeatureException without {@link Capability#CHANNEL_BINDING_TLS_UNIQUE}
     */
    public Optional<byte[]> getChannelBinding(String cbType) throws UnsupportedFeatureException {
        SSLSession s = doneSession();
        return dev.tlskit.internal.ChannelBindings.channelBinding(provider(), cbType,
                s == null ? null : currentDriver().engine(), s == null ? null : s.getProtocol());
    }

    /**
     * pyOpenSSL {@code export_keying_material(label, olen, context)}: RFC 5705 / RFC 8446 section 7.5 keying material,
     * the same on both sides; {@code context} {@code null} means none (not empty). <pre>{@code
     * byte[] k = conn.exportKeyingMaterial("EXPERIMENTAL-my-app", null, 32);}</pre>
     *
     * @throws IllegalStateException       before the handshake completes
     * @throws UnsupportedFeatureException without {@link Capability#KEYING_MATERIAL_EXPORT}
     */
    public byte[] exportKeyingMaterial(String label, byte[] context, int length) throws TlsException {
        SSLSession s = doneSession();
        return dev.tlskit.internal.ChannelBindings.export(provider(), s == null ? null : currentDriver().engine(),
                label, context, length);
    }

    /**
     * The {@code tls-exporter} channel binding (RFC 9266): 32 bytes exported with label
     * {@code "EXPORTER-Channel-Binding"} and an empty context. Meant for TLS 1.3 (and TLS 1.2 with extended master
     * secret). <pre>{@code byte[] cb = conn.getTlsExporterBinding();}</pre>
     *
     * @throws UnsupportedFeatureException without {@link Capability#KEYING_MATERIAL_EXPORT}
     */
    public byte[] getTlsExporterBinding() throws TlsException {
        return exportKeyingMaterial(dev.tlskit.internal.ChannelBindings.TLS_EXPORTER_LABEL, new byte[0],
                dev.tlskit.internal.ChannelBindings.TLS_EXPORTER_LENGTH);
    }

    /** pyOpenSSL {@code get_finished()}. @throws UnsupportedFeatureException without {@link Capability#FINISHED_MESSAGES} */
    public Optional<byte[]> getFinished() throws UnsupportedFeatureException {
        throw secret(Capability.FINISHED_MESSAGES, "get_finished");
    }

    /** pyOpenSSL {@code get_peer_finished()}: see {@link #getFinished()}. */
    public Optional<byte[]> getPeerFinished() throws UnsupportedFeatureException {
        throw secret(Capability.FINISHED_MESSAGES, "get_peer_finished");
    }

    /** pyOpenSSL {@code client_random()}. @throws UnsupportedFeatureException without {@link Capability#SESSION_SECRETS} */
    public Optional<byte[]> clientRandom() throws UnsupportedFeatureException {
        throw secret(Capability.SESSION_SECRETS, "client_random");
    }

    /** pyOpenSSL {@code server_random()}: see {@link #clientRandom()}. */
    public Optional<byte[]> serverRandom() throws UnsupportedFeatureException {
        throw secret(Capability.SESSION_SECRETS, "server_random");
    }

    /** pyOpenSSL {@code master_key()}: see {@link #clientRandom()}. */
    public Optional<byte[]> masterKey() throws UnsupportedFeatureException {
        throw secret(Capability.SESSION_SECRETS, "master_key");
    }

    /**
     * pyOpenSSL {@code get_state_string()}: OpenSSL's long state name, for the states tlskit can see on every backend:
     * {@code "before SSL initialization"} until the handshake starts, {@code "SSLv3/TLS write client hello"} (client) or
     * {@code "SSLv3/TLS read client hello"} (server) while it runs, {@code "SSL negotiation finished successfully"}
     * after it, {@code "error"} after a failure. OpenSSL's finer steps inside the handshake are not reported.
     * <pre>{@code conn.getStateString();   // "before SSL initialization"}</pre>
     */
    public String getStateString() {
        EngineDriver d = currentDriver();
        boolean begun;
        synchronized (this) {
            begun = counted;
        }
        if (d != null && d.failure() != null) {
            return "error";
        }
        if (d != null && d.isHandshakeDone()) {
            return "SSL negotiation finished successfully";
        }
        if (!begun) {
            return "before SSL initialization";
        }
        return Boolean.TRUE.equals(serverSide) ? "SSLv3/TLS read client hello" : "SSLv3/TLS write client hello";
    }

    /**
     * pyOpenSSL {@code Connection.set_info_callback(callback)}.
     *
     * @throws UnsupportedFeatureException without {@link Capability#INFO_CALLBACK} (no current backend)
     */
    public void setInfoCallback(InfoCallback callback) throws UnsupportedFeatureException {
        Objects.requireNonNull(callback, "callback");
        throw dev.tlskit.internal.ChannelBindings.infoCallback(provider());
    }

    /**
     * pyOpenSSL {@code renegotiate()}: starts a TLS 1.2 renegotiation.
     *
     * @throws UnsupportedFeatureException without {@link Capability#RENEGOTIATION} (no current backend)
     */
    public boolean renegotiate() throws UnsupportedFeatureException {
        throw renegotiation("renegotiate");
    }

    /** pyOpenSSL {@code renegotiate_pending()}: see {@link #renegotiate()}. */
    public boolean renegotiatePending() throws UnsupportedFeatureException {
        throw renegotiation("renegotiate_pending");
    }

    /** pyOpenSSL {@code total_renegotiations()}: see {@link #renegotiate()}. */
    public long totalRenegotiations() throws UnsupportedFeatureException {
        throw renegotiation("total_renegotiations");
    }

    private UnsupportedFeatureException renegotiation(String seedName) {
        return dev.tlskit.internal.ChannelBindings.unwired(provider(), Capability.RENEGOTIATION, seedName,
                "tlskit does not renegotiate (BoringSSL never initiates one; TLS 1.3 has none)");
    }

    private UnsupportedFeatureException secret(Capability c, String seedName) {
        return dev.tlskit.internal.ChannelBindings.unwired(provider(), c, seedName,
                "the backend does not expose the handshake's Finished messages, randoms or master secret");
    }

    /**
     * Seed {@code verify_client_post_handshake()}: a TLS 1.3 server asks for the client's certificate after the
     * handshake. <pre>{@code serverConn.verifyClientPostHandshake();}</pre>
     *
     * @throws UnsupportedFeatureException without {@link Capability#HAS_PHA} (no current backend)
     */
    public void verifyClientPostHandshake() throws UnsupportedFeatureException {
        throw dev.tlskit.internal.ChannelBindings.unwired(provider(), Capability.HAS_PHA, "verify_client_post_handshake",
                "the backend cannot send a post-handshake CertificateRequest");
    }

    /**
     * pyOpenSSL {@code request_ocsp()}: before the handshake, a client asks for the server's stapled OCSP response,
     * which then reaches {@link TlsContext#setOcspClientCallback}'s callback. <pre>{@code conn.requestOcsp();}</pre>
     *
     * @throws IllegalStateException       on a server connection or once the handshake has started
     * @throws UnsupportedFeatureException without {@link Capability#OCSP_STAPLING_CLIENT}
     */
    public void requestOcsp() throws UnsupportedFeatureException {
        dev.tlskit.internal.ChannelBindings.require(provider(), Capability.OCSP_STAPLING_CLIENT, "request_ocsp",
                "the backend does not show the stapled OCSP response");
        synchronized (this) {
            if (Boolean.TRUE.equals(serverSide)) {
                throw new IllegalStateException("request_ocsp is for client connections");
            }
            if (driver != null && driver.isStarted()) {
                throw new IllegalStateException("request_ocsp must be called before the handshake");
            }
        }
        hooks().ocsp().request();
    }

    private dev.tlskit.spi.TlsProvider provider() {
        ContextSnapshot snap;
        synchronized (this) {
            snap = snapshot;
        }
        return snap != null ? snap.provider() : context.provider();
    }

    /** Whether the handshake has completed. */
    public boolean isHandshakeDone() {
        EngineDriver d = currentDriver();
        return d != null && d.isHandshakeDone();
    }

    /** Releases the engine and buffers. Sends nothing: call {@link #unwrap()} first for an orderly close. */
    @Override
    public void close() {
        EngineDriver d = currentDriver();
        if (d != null) {
            d.release();
        }
    }

    @Override
    public String toString() {
        return "TlsConnection[" + (serverSide() ? "server" : "client") + ", " + version().orElse("no handshake") + "]";
    }
}
