package dev.tlskit.bench;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Netty's OpenSSL {@link SSLEngine} on netty-tcnative's statically linked BoringSSL: the engine Netty's
 * {@code SslHandler} uses with {@code SslProvider.OPENSSL}. Made with {@code OPENSSL_REFCNT} and released by hand, which
 * is the same engine class without the finalizer that {@code OPENSSL} adds (a finalizer per engine would charge the
 * handshake benchmark for GC work that a real Netty server avoids the same way). Configured like the others: TLS 1.3,
 * {@link BenchPki#SUITE}, SNI and RFC 2818 host name checking on the client.
 */
final class NettyEngines {
    private final SslContext clientCtx;
    private final SslContext serverCtx;

    NettyEngines(BenchPki pki) throws Exception {
        OpenSsl.ensureAvailability();
        serverCtx = SslContextBuilder.forServer(pki.leafKeys.getPrivate(), pki.leaf, pki.ca)
                .sslProvider(SslProvider.OPENSSL_REFCNT)
                .protocols(BenchPki.PROTOCOL)
                .ciphers(List.of(BenchPki.SUITE))
                .build();
        clientCtx = SslContextBuilder.forClient()
                .sslProvider(SslProvider.OPENSSL_REFCNT)
                .trustManager(pki.ca)
                .protocols(BenchPki.PROTOCOL)
                .ciphers(List.of(BenchPki.SUITE))
                .build();
    }

    SSLEngine client() {
        SSLEngine e = clientCtx.newEngine(ByteBufAllocator.DEFAULT, BenchPki.HOST, -1); // sends SNI
        SSLParameters p = e.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        e.setSSLParameters(p);
        return e;
    }

    SSLEngine server() {
        return serverCtx.newEngine(ByteBufAllocator.DEFAULT);
    }

    static void release(SSLEngine e) {
        ReferenceCountUtil.release(e);
    }

    /** A handshake with new engines per call; the buffers are made once. */
    static Stacks.Handshake handshake(BenchPki pki, boolean direct) throws Exception {
        NettyEngines n = new NettyEngines(pki);
        SSLEngine probe = n.client();
        int packet = probe.getSession().getPacketBufferSize();
        int app = probe.getSession().getApplicationBufferSize();
        release(probe);
        ByteBuffer c2s = EnginePair.allocate(4 * packet, direct);
        ByteBuffer s2c = EnginePair.allocate(4 * packet, direct);
        ByteBuffer clientApp = EnginePair.allocate(app, direct);
        ByteBuffer serverApp = EnginePair.allocate(app, direct);
        ByteBuffer ping = EnginePair.allocate(HandshakeBenchmark.PING.length, direct);
        ping.put(HandshakeBenchmark.PING);
        SSLEngine c = n.client();
        SSLEngine s = n.server();
        int sent = Stacks.rawConnect(c, s, c2s, s2c, clientApp, serverApp, ping);
        BulkBenchmark.check(sent > pki.leaf.getEncoded().length, "netty server sent no certificate: resumed?");
        BulkBenchmark.check(BenchPki.SUITE.equals(c.getSession().getCipherSuite())
                && BenchPki.PROTOCOL.equals(c.getSession().getProtocol()), "netty negotiated "
                + c.getSession().getProtocol() + " " + c.getSession().getCipherSuite());
        BulkBenchmark.check(c.getSession().getPeerCertificates()[0].equals(pki.leaf), "netty saw the wrong server");
        release(c);
        release(s);
        return () -> {
            SSLEngine ce = n.client();
            SSLEngine se = n.server();
            try {
                Stacks.rawConnect(ce, se, c2s, s2c, clientApp, serverApp, ping);
            } finally {
                release(ce);
                release(se);
            }
        };
    }
}
