package dev.tlskit.bench;

import java.nio.ByteBuffer;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * The baseline: a pair of SunJSSE {@link SSLEngine}s driven by hand, the way a careful NIO application would, with
 * buffers the caller preallocates and reuses. Configured like tlskit's engines: TLS 1.3 only, the benchmark suite,
 * SNI and RFC 2818 host name checking on the client.
 */
final class RawEngines {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private RawEngines() {
    }

    static SSLEngine client(SSLContext ctx) {
        SSLEngine e = ctx.createSSLEngine(BenchPki.HOST, -1);
        e.setUseClientMode(true);
        SSLParameters p = e.getSSLParameters();
        p.setProtocols(new String[] {BenchPki.PROTOCOL});
        restrictSuites(ctx, p);
        p.setServerNames(List.of(new SNIHostName(BenchPki.HOST)));
        p.setEndpointIdentificationAlgorithm("HTTPS");
        e.setSSLParameters(p);
        return e;
    }

    static SSLEngine server(SSLContext ctx) {
        SSLEngine e = ctx.createSSLEngine();
        e.setUseClientMode(false);
        SSLParameters p = e.getSSLParameters();
        p.setProtocols(new String[] {BenchPki.PROTOCOL});
        restrictSuites(ctx, p);
        e.setSSLParameters(p);
        return e;
    }

    /**
     * SunJSSE gets exactly {@link BenchPki#SUITE}. BoringSSL's TLS 1.3 suites cannot be chosen, and a Conscrypt server
     * whose list holds only a TLS 1.3 name derives no certificate key type from it and fails with
     * {@code NO_CERTIFICATE_SET}; its defaults are left alone and set-up checks that AES-128-GCM was negotiated.
     */
    private static void restrictSuites(SSLContext ctx, SSLParameters p) {
        if (ctx.getProvider().getName().equals("SunJSSE")) {
            p.setCipherSuites(new String[] {BenchPki.SUITE});
        }
    }

    /**
     * Runs the handshake between two fresh engines to completion. {@code c2s}/{@code s2c} are the network buffers
     * (write mode, cleared by the caller); {@code clientApp}/{@code serverApp} receive any plaintext.
     *
     * @return the bytes the server sent (set-up checks that its certificate chain was among them)
     */
    static int handshake(SSLEngine client, SSLEngine server, ByteBuffer c2s, ByteBuffer s2c, ByteBuffer clientApp,
                          ByteBuffer serverApp) throws SSLException {
        client.beginHandshake();
        server.beginHandshake();
        int serverSent = 0;
        for (int round = 0; round < 32; round++) {
            step(client, c2s, s2c, clientApp);
            serverSent += step(server, s2c, c2s, serverApp);
            if (idle(client) && idle(server)) {
                return serverSent;
            }
        }
        throw new IllegalStateException("raw handshake did not finish: client " + client.getHandshakeStatus()
                + ", server " + server.getHandshakeStatus());
    }

    private static boolean idle(SSLEngine e) {
        SSLEngineResult.HandshakeStatus hs = e.getHandshakeStatus();
        return hs == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING || hs == SSLEngineResult.HandshakeStatus.FINISHED;
    }

    /**
     * Advances one engine as far as it can: wraps into {@code out}, unwraps from {@code in} (both in write mode).
     * Returns the bytes it wrapped.
     */
    private static int step(SSLEngine e, ByteBuffer out, ByteBuffer in, ByteBuffer app) throws SSLException {
        int sent = 0;
        while (true) {
            switch (e.getHandshakeStatus()) {
                case NEED_TASK -> {
                    Runnable t;
                    while ((t = e.getDelegatedTask()) != null) {
                        t.run();
                    }
                }
                case NEED_WRAP -> {
                    SSLEngineResult r = e.wrap(EMPTY, out);
                    expectOk(r, "wrap");
                    sent += r.bytesProduced();
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    in.flip();
                    SSLEngineResult r = e.unwrap(in, app);
                    in.compact();
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        return sent;
                    }
                    expectOk(r, "unwrap");
                }
                default -> {
                    return sent;
                }
            }
        }
    }

    static void expectOk(SSLEngineResult r, String op) {
        if (r.getStatus() != SSLEngineResult.Status.OK) {
            throw new IllegalStateException("raw " + op + " returned " + r);
        }
    }
}
