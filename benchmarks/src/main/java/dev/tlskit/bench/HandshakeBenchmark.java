package dev.tlskit.bench;

import static dev.tlskit.bench.BulkBenchmark.check;

import dev.tlskit.TlsContext;
import dev.tlskit.TlsException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A full TLS 1.3 handshake in memory (ECDHE + ECDSA P-256, certificate chain verified, host name checked), then one
 * small client-to-server message to prove the connection works. Contexts are made once per trial; each operation
 * makes a new client and server connection.
 *
 * <p>The exchange is one-way on purpose: the client never reads the server's NewSessionTicket, so it has no ticket
 * to offer and every operation is a full handshake, never a PSK resumption, on both stacks.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-Djdk.tls.client.cipherSuites=" + BenchPki.SUITE})
public class HandshakeBenchmark {
    static final byte[] PING = "ping".getBytes(StandardCharsets.US_ASCII);

    @State(Scope.Thread)
    public static class TlskitState {
        TlsContext clientCtx;
        TlsContext serverCtx;
        final ByteBuffer net = ByteBuffer.allocate(64 * 1024);
        final ByteBuffer ping = ByteBuffer.wrap(PING);
        final ByteBuffer recv = ByteBuffer.allocate(64);

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            BenchPki pki = BenchPki.get();
            serverCtx = TlskitPair.serverContext(pki);
            clientCtx = TlskitPair.clientContext(pki);
            int chain = pki.leaf.getEncoded().length + pki.ca.getEncoded().length;
            for (int i = 0; i < 3; i++) {
                TlskitPair p = new TlskitPair(clientCtx, serverCtx);
                check(p.handshake(net) > chain, "tlskit server sent no certificate chain: a resumed handshake?");
                p.close();
                p = connect(this);
                check(p.client.cipher().orElseThrow().ianaName().equals(BenchPki.SUITE)
                                && p.client.version().orElseThrow().equals(BenchPki.PROTOCOL),
                        "tlskit negotiated " + p.client.cipher() + " (run forked, see @Fork)");
                check(p.client.getPeerCertificate().orElseThrow().equals(pki.leaf), "tlskit saw the wrong server");
                check(recv.flip().equals(ByteBuffer.wrap(PING)), "tlskit exchange changed the bytes");
                p.close();
            }
        }
    }

    @State(Scope.Thread)
    public static class RawState {
        SSLContext clientCtx;
        SSLContext serverCtx;
        ByteBuffer c2s;
        ByteBuffer s2c;
        ByteBuffer clientApp;
        ByteBuffer serverApp;
        final ByteBuffer ping = ByteBuffer.wrap(PING);

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            BenchPki pki = BenchPki.get();
            serverCtx = pki.rawServerContext();
            clientCtx = pki.rawClientContext();
            SSLEngine probe = RawEngines.client(clientCtx);
            int packet = probe.getSession().getPacketBufferSize();
            int app = probe.getSession().getApplicationBufferSize();
            c2s = ByteBuffer.allocate(4 * packet);
            s2c = ByteBuffer.allocate(4 * packet);
            clientApp = ByteBuffer.allocate(app);
            serverApp = ByteBuffer.allocate(app);
            int chain = pki.leaf.getEncoded().length + pki.ca.getEncoded().length;
            for (int i = 0; i < 3; i++) {
                c2s.clear();
                s2c.clear();
                check(RawEngines.handshake(RawEngines.client(clientCtx), RawEngines.server(serverCtx), c2s, s2c,
                        clientApp, serverApp) > chain, "raw server sent no certificate chain: a resumed handshake?");
                SSLEngine c = connect(this);
                check(c.getSession().getCipherSuite().equals(BenchPki.SUITE)
                        && c.getSession().getProtocol().equals(BenchPki.PROTOCOL), "raw negotiated "
                        + c.getSession().getCipherSuite());
                check(c.getSession().getPeerCertificates()[0].equals(pki.leaf), "raw engines saw the wrong server");
                check(serverApp.flip().equals(ByteBuffer.wrap(PING)), "raw exchange changed the bytes");
            }
        }
    }

    @Benchmark
    public Object tlskit(TlskitState s) throws TlsException {
        TlskitPair p = connect(s);
        p.close();
        return p;
    }

    @Benchmark
    public Object raw(RawState s) throws SSLException {
        return connect(s);
    }

    static TlskitPair connect(TlskitState s) throws TlsException {
        TlskitPair p = new TlskitPair(s.clientCtx, s.serverCtx);
        p.handshake(s.net);
        s.ping.clear();
        p.client.write(s.ping);
        TlskitPair.move(p.clientOut, p.serverIn, s.net);
        s.recv.clear();
        int n = p.server.read(s.recv);
        if (n != PING.length) {
            throw new IllegalStateException("tlskit exchange read " + n + " bytes");
        }
        return p;
    }

    static SSLEngine connect(RawState s) throws SSLException {
        SSLEngine c = RawEngines.client(s.clientCtx);
        SSLEngine srv = RawEngines.server(s.serverCtx);
        s.c2s.clear();
        s.s2c.clear();
        s.clientApp.clear();
        s.serverApp.clear();
        RawEngines.handshake(c, srv, s.c2s, s.s2c, s.clientApp, s.serverApp);
        s.ping.clear();
        RawEngines.expectOk(c.wrap(s.ping, s.c2s), "wrap");
        s.c2s.flip();
        SSLEngineResult r = srv.unwrap(s.c2s, s.serverApp);
        RawEngines.expectOk(r, "unwrap");
        if (r.bytesProduced() != PING.length) {
            throw new IllegalStateException("raw exchange read " + r.bytesProduced() + " bytes");
        }
        c.closeOutbound();
        srv.closeOutbound();
        return c;
    }
}
