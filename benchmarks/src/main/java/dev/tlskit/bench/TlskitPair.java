package dev.tlskit.bench;

import dev.tlskit.Capability;
import dev.tlskit.MemoryBio;
import dev.tlskit.Protocol;
import dev.tlskit.TlsConnection;
import dev.tlskit.TlsContext;
import dev.tlskit.TlsException;
import dev.tlskit.TlsVersion;
import dev.tlskit.TlsWantReadException;
import java.nio.ByteBuffer;

/**
 * A tlskit client and server joined by four {@link MemoryBio}s, pumped the way the {@link TlsConnection} Javadoc shows:
 * call the connection, then move what its outgoing BIO holds into the peer's incoming BIO through one reusable buffer.
 */
final class TlskitPair {
    final MemoryBio clientIn = new MemoryBio();
    final MemoryBio clientOut = new MemoryBio();
    final MemoryBio serverIn = new MemoryBio();
    final MemoryBio serverOut = new MemoryBio();
    final TlsConnection client;
    final TlsConnection server;

    TlskitPair(TlsContext clientCtx, TlsContext serverCtx) throws TlsException {
        client = clientCtx.wrapBio(clientIn, clientOut, false, BenchPki.HOST);
        server = serverCtx.wrapBio(serverIn, serverOut, true, null);
    }

    /** Server context on {@code jdk}: the leaf's PEM chain and key, TLS 1.3 only. */
    static TlsContext serverContext(BenchPki pki) throws TlsException {
        return serverContext(pki, "jdk");
    }

    /** Server context on {@code provider}. */
    static TlsContext serverContext(BenchPki pki, String provider) throws TlsException {
        TlsContext ctx = TlsContext.create(Protocol.PROTOCOL_TLS_SERVER, provider);
        ctx.loadCertChain(pki.chainPem, pki.keyPem, null);
        ctx.setMinimumVersion(TlsVersion.TLSv1_3);
        return ctx;
    }

    /** Client context on {@code jdk}: trusts the benchmark CA; CERT_REQUIRED and host name checking stay on. */
    static TlsContext clientContext(BenchPki pki) throws TlsException {
        return clientContext(pki, "jdk");
    }

    /**
     * Client context on {@code provider}. Where the provider can choose TLS 1.3 suites the benchmark suite is set;
     * BoringSSL cannot (it always offers its three), and picks AES-128-GCM first on AES-NI machines, which set-up checks.
     */
    static TlsContext clientContext(BenchPki pki, String provider) throws TlsException {
        TlsContext ctx = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider);
        ctx.loadVerifyLocations(pki.caPem);
        ctx.setMinimumVersion(TlsVersion.TLSv1_3);
        if (ctx.provider().capabilities().contains(Capability.TLS13_CIPHERSUITE_SELECTION)) {
            ctx.setCiphersuites(BenchPki.SUITE); // tlskit sets the engine's suites itself: the fork's property is not enough
        }
        return ctx;
    }

    /**
     * Drives both handshakes to completion; {@code net} is the scratch buffer for moving bytes.
     *
     * @return the bytes the server sent (set-up checks that its certificate chain was among them)
     */
    int handshake(ByteBuffer net) throws TlsException {
        int serverSent = 0;
        boolean clientDone = false;
        boolean serverDone = false;
        for (int round = 0; round < 32; round++) {
            if (!clientDone) {
                clientDone = step(client);
            }
            move(clientOut, serverIn, net);
            if (!serverDone) {
                serverDone = step(server);
            }
            serverSent += move(serverOut, clientIn, net);
            if (clientDone && serverDone) {
                return serverSent;
            }
        }
        throw new IllegalStateException("tlskit handshake did not finish");
    }

    private static boolean step(TlsConnection c) throws TlsException {
        try {
            c.doHandshake();
            return true;
        } catch (TlsWantReadException e) {
            return false;
        }
    }

    /** Moves every pending byte of {@code from} into {@code to} through {@code net}; returns the count. */
    static int move(MemoryBio from, MemoryBio to, ByteBuffer net) {
        int moved = 0;
        while (from.pending() > 0) {
            net.clear();
            moved += from.read(net);
            net.flip();
            to.write(net);
        }
        return moved;
    }

    void close() {
        client.close();
        server.close();
    }
}
