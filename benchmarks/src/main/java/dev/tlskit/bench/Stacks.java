package dev.tlskit.bench;

import static dev.tlskit.bench.BulkBenchmark.check;

import dev.tlskit.TlsConnection;
import dev.tlskit.TlsContext;
import dev.tlskit.ciphers.CipherInfo;
import java.nio.ByteBuffer;
import java.security.Provider;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import org.conscrypt.Conscrypt;

/**
 * The TLS stacks compared in one run, by name, each set up with the same key material ({@link BenchPki}), TLS 1.3 and
 * {@code TLS_AES_128_GCM_SHA256}, checked at set-up:
 *
 * <table>
 *   <caption>stacks</caption>
 *   <tr><td>{@code tlskit-conscrypt}</td><td>tlskit's memory-BIO connections on the {@code conscrypt} provider, the
 *       application's plaintext in heap buffers</td></tr>
 *   <tr><td>{@code tlskit-conscrypt-direct}</td><td>the same, the application's plaintext in direct buffers</td></tr>
 *   <tr><td>{@code tlskit-jdk}</td><td>the same on the {@code jdk} (SunJSSE) provider</td></tr>
 *   <tr><td>{@code raw-conscrypt-heap}</td><td>Conscrypt {@code SSLEngine}s driven by hand, heap buffers</td></tr>
 *   <tr><td>{@code raw-conscrypt-direct}</td><td>the same with direct buffers (Conscrypt's zero-copy path)</td></tr>
 *   <tr><td>{@code raw-jdk-heap}</td><td>SunJSSE {@code SSLEngine}s by hand, heap buffers</td></tr>
 *   <tr><td>{@code netty-openssl-direct}</td><td>Netty's OpenSSL engine (netty-tcnative BoringSSL), direct buffers,
 *       as Netty's own {@code SslHandler} feeds it</td></tr>
 *   <tr><td>{@code netty-openssl-heap}</td><td>the same with heap buffers</td></tr>
 * </table>
 * This is benchmark code: naming the stacks in a switch is the point here, and nothing of it reaches tlskit.
 */
final class Stacks {
    /** Every stack, in the order reports list them. */
    static final List<String> ALL = List.of("tlskit-conscrypt", "tlskit-conscrypt-direct", "raw-conscrypt-heap", "raw-conscrypt-direct",
            "netty-openssl-direct", "netty-openssl-heap", "tlskit-jdk", "raw-jdk-heap");

    /** A steady-state bulk transfer: one call moves {@code payload} plaintext bytes client → server. */
    interface Bulk extends AutoCloseable {
        int transfer() throws Exception;

        @Override
        void close();
    }

    /** One full handshake plus a 4-byte message, new connections each call. */
    interface Handshake {
        void connect() throws Exception;
    }

    private static volatile Provider conscrypt;

    private Stacks() {
    }

    /** One private Conscrypt JCA provider object, never installed globally. */
    static Provider conscrypt() {
        Provider p = conscrypt;
        if (p == null) {
            synchronized (Stacks.class) {
                if (conscrypt == null) {
                    conscrypt = Conscrypt.newProvider();
                }
                p = conscrypt;
            }
        }
        return p;
    }

    static Bulk bulk(String stack, int payload) throws Exception {
        BenchPki pki = BenchPki.get();
        Bulk b = switch (stack) {
            case "tlskit-conscrypt" -> new TlskitBulk("conscrypt", pki, payload, false);
            case "tlskit-conscrypt-direct" -> new TlskitBulk("conscrypt", pki, payload, true);
            case "tlskit-jdk" -> new TlskitBulk("jdk", pki, payload, false);
            case "raw-conscrypt-heap" -> raw(conscryptPair(pki, payload, false));
            case "raw-conscrypt-direct" -> raw(conscryptPair(pki, payload, true));
            case "raw-jdk-heap" -> raw(new EnginePair(RawEngines.client(pki.rawClientContext()),
                    RawEngines.server(pki.rawServerContext()), payload, false));
            case "netty-openssl-direct" -> nettyBulk(pki, payload, true);
            case "netty-openssl-heap" -> nettyBulk(pki, payload, false);
            default -> throw new IllegalArgumentException("unknown stack " + stack + "; known: " + ALL);
        };
        for (int i = 0; i < 3; i++) {
            check(b.transfer() == payload, stack + " did not move the whole payload");
        }
        return b;
    }

    static Handshake handshake(String stack) throws Exception {
        BenchPki pki = BenchPki.get();
        return switch (stack) {
            case "tlskit-conscrypt", "tlskit-conscrypt-direct" -> tlskitHandshake("conscrypt", pki);
            case "tlskit-jdk" -> tlskitHandshake("jdk", pki);
            case "raw-conscrypt-heap" -> rawHandshake(pki.rawClientContext(conscrypt()),
                    pki.rawServerContext(conscrypt()), false);
            case "raw-conscrypt-direct" -> rawHandshake(pki.rawClientContext(conscrypt()),
                    pki.rawServerContext(conscrypt()), true);
            case "raw-jdk-heap" -> rawHandshake(pki.rawClientContext(), pki.rawServerContext(), false);
            case "netty-openssl-direct" -> NettyEngines.handshake(pki, true);
            case "netty-openssl-heap" -> NettyEngines.handshake(pki, false);
            default -> throw new IllegalArgumentException("unknown stack " + stack + "; known: " + ALL);
        };
    }

    private static EnginePair conscryptPair(BenchPki pki, int payload, boolean direct) throws Exception {
        SSLEngine c = RawEngines.client(pki.rawClientContext(conscrypt()));
        SSLEngine s = RawEngines.server(pki.rawServerContext(conscrypt()));
        check(Conscrypt.isConscrypt(c) && Conscrypt.isConscrypt(s), "not Conscrypt engines: " + c);
        return new EnginePair(c, s, payload, direct);
    }

    private static Bulk nettyBulk(BenchPki pki, int payload, boolean direct) throws Exception {
        NettyEngines n = new NettyEngines(pki);
        EnginePair p = new EnginePair(n.client(), n.server(), payload, direct);
        Bulk raw = raw(p);
        return new Bulk() {
            @Override
            public int transfer() throws Exception {
                return raw.transfer();
            }

            @Override
            public void close() {
                NettyEngines.release(p.client);
                NettyEngines.release(p.server);
            }
        };
    }

    private static Bulk raw(EnginePair p) throws SSLException {
        String got = p.negotiated();
        check(got.equals(BenchPki.PROTOCOL + " " + BenchPki.SUITE + " / " + BenchPki.SUITE), "raw engines negotiated " + got);
        p.checkRoundTrip(p.plain.capacity());
        return new Bulk() {
            @Override
            public int transfer() throws SSLException {
                return p.transfer();
            }

            @Override
            public void close() {
                p.client.closeOutbound();
                p.server.closeOutbound();
            }
        };
    }

    /** tlskit's bulk path, as {@link BulkBenchmark#transfer(BulkBenchmark.TlskitState)}: zero-copy record hand-over. */
    static final class TlskitBulk implements Bulk {
        final TlskitPair pair;
        final ByteBuffer plain;
        final ByteBuffer recv;
        final int payload;

        TlskitBulk(String provider, BenchPki pki, int payload, boolean direct) throws Exception {
            this.payload = payload;
            plain = EnginePair.allocate(payload, direct);
            plain.put(BulkBenchmark.plaintext(payload)).clear();
            recv = EnginePair.allocate(BulkBenchmark.RECV_CAPACITY, direct);
            TlsContext clientCtx = TlskitPair.clientContext(pki, provider);
            check(clientCtx.provider().name().equals(provider), "tlskit ran on " + clientCtx.provider().name());
            pair = new TlskitPair(clientCtx, TlskitPair.serverContext(pki, provider));
            pair.handshake(ByteBuffer.allocate(64 * 1024));
            checkSuite("tlskit-" + provider, pair.client, pair.server);
            transfer();
            check(recv.duplicate().flip().equals(plain.duplicate().clear()), "tlskit round trip changed the bytes");
        }

        @Override
        public int transfer() throws Exception {
            ByteBuffer p = plain;
            p.clear();
            pair.client.write(p);
            pair.clientOut.transferTo(pair.serverIn);
            ByteBuffer r = recv;
            r.clear();
            while (r.position() < payload) {
                if (pair.server.read(r) < 0) {
                    throw new IllegalStateException("tlskit server saw close_notify");
                }
            }
            return r.position();
        }

        @Override
        public void close() {
            pair.close();
        }
    }

    static void checkSuite(String stack, TlsConnection client, TlsConnection server) {
        CipherInfo cc = client.cipher().orElseThrow();
        CipherInfo sc = server.cipher().orElseThrow();
        check(BenchPki.PROTOCOL.equals(cc.protocol()) && BenchPki.SUITE.equals(cc.ianaName())
                        && BenchPki.SUITE.equals(sc.ianaName()),
                stack + " negotiated " + cc + " / " + sc + ", wanted " + BenchPki.PROTOCOL + " " + BenchPki.SUITE
                        + " (run forked: the jdk suite comes from -Djdk.tls.client.cipherSuites in @Fork)");
    }

    private static Handshake tlskitHandshake(String provider, BenchPki pki) throws Exception {
        TlsContext client = TlskitPair.clientContext(pki, provider);
        TlsContext server = TlskitPair.serverContext(pki, provider);
        ByteBuffer net = ByteBuffer.allocate(64 * 1024);
        ByteBuffer ping = ByteBuffer.wrap(HandshakeBenchmark.PING);
        ByteBuffer recv = ByteBuffer.allocate(64);
        int chain = pki.leaf.getEncoded().length + pki.ca.getEncoded().length;
        TlskitPair probe = new TlskitPair(client, server);
        check(probe.handshake(net) > chain, "tlskit-" + provider + " server sent no certificate chain: resumed?");
        checkSuite("tlskit-" + provider, probe.client, probe.server);
        check(probe.client.getPeerCertificate().orElseThrow().equals(pki.leaf), "tlskit saw the wrong server");
        probe.close();
        return () -> {
            TlskitPair p = new TlskitPair(client, server);
            p.handshake(net);
            ping.clear();
            p.client.write(ping);
            TlskitPair.move(p.clientOut, p.serverIn, net);
            recv.clear();
            int n = p.server.read(recv);
            if (n != HandshakeBenchmark.PING.length) {
                throw new IllegalStateException("tlskit exchange read " + n + " bytes");
            }
            p.close();
        };
    }

    private static Handshake rawHandshake(SSLContext clientCtx, SSLContext serverCtx, boolean direct) throws Exception {
        SSLEngine probe = RawEngines.client(clientCtx);
        int packet = probe.getSession().getPacketBufferSize();
        int app = probe.getSession().getApplicationBufferSize();
        ByteBuffer c2s = EnginePair.allocate(4 * packet, direct);
        ByteBuffer s2c = EnginePair.allocate(4 * packet, direct);
        ByteBuffer clientApp = EnginePair.allocate(app, direct);
        ByteBuffer serverApp = EnginePair.allocate(app, direct);
        ByteBuffer ping = EnginePair.allocate(HandshakeBenchmark.PING.length, direct);
        ping.put(HandshakeBenchmark.PING);
        Handshake h = () -> {
            SSLEngine c = RawEngines.client(clientCtx);
            SSLEngine s = RawEngines.server(serverCtx);
            rawConnect(c, s, c2s, s2c, clientApp, serverApp, ping);
            closeBoth(c);
            closeBoth(s);
        };
        SSLEngine c = RawEngines.client(clientCtx);
        SSLEngine s = RawEngines.server(serverCtx);
        int chain = BenchPki.get().leaf.getEncoded().length;
        check(rawConnect(c, s, c2s, s2c, clientApp, serverApp, ping) > chain, "raw server sent no certificate");
        check(c.getSession().getCipherSuite().equals(BenchPki.SUITE)
                && c.getSession().getProtocol().equals(BenchPki.PROTOCOL), "raw negotiated " + c.getSession().getCipherSuite());
        check(c.getSession().getPeerCertificates()[0].equals(BenchPki.get().leaf), "raw engines saw the wrong server");
        return h;
    }

    /** A handshake between two fresh engines and one "ping"; returns the bytes the server sent in the handshake. */
    static int rawConnect(SSLEngine c, SSLEngine s, ByteBuffer c2s, ByteBuffer s2c, ByteBuffer clientApp,
                          ByteBuffer serverApp, ByteBuffer ping) throws SSLException {
        c2s.clear();
        s2c.clear();
        clientApp.clear();
        serverApp.clear();
        int sent = RawEngines.handshake(c, s, c2s, s2c, clientApp, serverApp);
        ping.clear();
        RawEngines.expectOk(c.wrap(ping, c2s), "wrap");
        c2s.flip();
        SSLEngineResult r = s.unwrap(c2s, serverApp);
        RawEngines.expectOk(r, "unwrap");
        if (r.bytesProduced() != HandshakeBenchmark.PING.length) {
            throw new IllegalStateException("raw exchange read " + r.bytesProduced() + " bytes");
        }
        return sent;
    }

    /** Frees what an engine holds; Conscrypt and Netty release native memory once both sides are closed. */
    static void closeBoth(SSLEngine e) {
        e.closeOutbound();
        try {
            e.closeInbound(); // SunJSSE complains that no close_notify came: expected, the benchmark never sends one
        } catch (SSLException expected) {
            // nothing to free beyond this
        }
    }
}
