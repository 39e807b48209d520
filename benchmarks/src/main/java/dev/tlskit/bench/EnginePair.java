package dev.tlskit.bench;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * Two raw {@link SSLEngine}s (any JSSE provider: SunJSSE, Conscrypt, Netty's OpenSSL engine) driven by hand the way a
 * careful NIO application drives them: every buffer preallocated and reused, either all on the heap or all direct.
 * Bulk moves the ciphertext through one shared net buffer, so nothing is copied between the engines.
 */
final class EnginePair {
    final SSLEngine client;
    final SSLEngine server;
    final ByteBuffer plain;
    final ByteBuffer net;
    final ByteBuffer recv;

    /**
     * Handshakes {@code client} with {@code server} and prepares bulk buffers for {@code payload} plaintext bytes.
     *
     * @param direct allocate every buffer (the payload too) with {@link ByteBuffer#allocateDirect}
     */
    EnginePair(SSLEngine client, SSLEngine server, int payload, boolean direct) throws SSLException {
        this.client = client;
        this.server = server;
        int packet = client.getSession().getPacketBufferSize();
        int app = client.getSession().getApplicationBufferSize();
        ByteBuffer c2s = allocate(4 * packet, direct);
        ByteBuffer s2c = allocate(4 * packet, direct);
        RawEngines.handshake(client, server, c2s, s2c, allocate(app, direct), allocate(app, direct));
        plain = allocate(payload, direct);
        plain.put(BulkBenchmark.plaintext(payload)).clear();
        net = allocate(4 * packet, direct);
        recv = allocate(Math.max(app, BulkBenchmark.RECV_CAPACITY), direct);
    }

    static ByteBuffer allocate(int size, boolean direct) {
        return direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
    }

    /** One bulk operation: wrap all of {@code plain} (one record per wrap), unwrap every record; the bytes received. */
    int transfer() throws SSLException {
        ByteBuffer p = plain;
        p.clear();
        ByteBuffer n = net;
        n.clear();
        while (p.hasRemaining()) {
            SSLEngineResult w = client.wrap(p, n);
            if (w.getStatus() != SSLEngineResult.Status.OK) {
                throw new IllegalStateException("raw wrap: " + w);
            }
        }
        n.flip();
        ByteBuffer r = recv;
        r.clear();
        while (n.hasRemaining()) {
            SSLEngineResult u = server.unwrap(n, r);
            if (u.getStatus() != SSLEngineResult.Status.OK) {
                throw new IllegalStateException("raw unwrap: " + u);
            }
        }
        return r.position();
    }

    /** Checks the round trip byte for byte (set-up only). */
    void checkRoundTrip(int payload) throws SSLException {
        BulkBenchmark.check(transfer() == payload, "raw engines did not deliver the whole payload");
        ByteBuffer got = recv.duplicate().flip();
        BulkBenchmark.check(got.equals(plain.duplicate().clear()), "raw round trip changed the bytes");
    }

    String negotiated() {
        return client.getSession().getProtocol() + " " + client.getSession().getCipherSuite() + " / "
                + server.getSession().getCipherSuite();
    }
}
