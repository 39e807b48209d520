package dev.tlskit.bench;

import dev.tlskit.TlsConnection;
import dev.tlskit.TlsContext;
import dev.tlskit.TlsException;
import dev.tlskit.ciphers.CipherInfo;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Steady-state bulk transfer. One operation: the client encrypts {@code payload} plaintext bytes, the ciphertext
 * moves to the server, the server decrypts all of them. Both sides run on the benchmark thread; no I/O.
 *
 * <p>{@code payload}: 16384 is 16 KiB of application data. SunJSSE puts at most 16367 plaintext bytes in a TLS 1.3
 * record (it pads the record by 16 bytes and keeps the ciphertext within 2^14 + 16), so 16 KiB is two records there
 * (16367 + 17 bytes); 16367 is exactly one full-size record, one {@code wrap} and one {@code unwrap}.
 *
 * <ul>
 *   <li>{@link #tlskit}: two {@link TlsConnection}s over {@code MemoryBio}s; moving the record is
 *       {@code clientOut.transferTo(serverIn)} (zero copy, like raw's shared net buffer); {@link #tlskitViaBuffer} pumps
 *       through one reused user buffer instead ({@code clientOut.read(net)} + {@code serverIn.write(net)}).</li>
 *   <li>{@link #raw}: two SunJSSE engines; {@code wrap} into a net buffer, {@code unwrap} from it into an app buffer.</li>
 * </ul>
 * Every buffer (heap buffers on both sides) is allocated at set-up, so {@code -prof gc}'s {@code gc.alloc.rate.norm}
 * is what the stack itself allocates per operation.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-Djdk.tls.client.cipherSuites=" + BenchPki.SUITE})
public class BulkBenchmark {
    /** The largest plaintext RFC 8446 (section 5.1) allows in one record. */
    static final int MAX_RECORD = 16384;

    /** Both stacks read into this much room: at least SunJSSE's application buffer size (16676 on JDK 17). */
    static final int RECV_CAPACITY = MAX_RECORD + 1024;

    static ByteBuffer plaintext(int size) {
        byte[] b = new byte[size];
        new Random(42).nextBytes(b);
        return ByteBuffer.wrap(b);
    }

    @State(Scope.Thread)
    public static class TlskitState {
        @Param({"16384", "16367"})
        int payload;
        TlskitPair pair;
        TlsConnection client;
        TlsConnection server;
        ByteBuffer plain;
        final ByteBuffer net = ByteBuffer.allocate(4 * MAX_RECORD);
        ByteBuffer recv;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            plain = plaintext(payload);
            recv = ByteBuffer.allocate(RECV_CAPACITY);
            BenchPki pki = BenchPki.get();
            TlsContext serverCtx = TlskitPair.serverContext(pki);
            TlsContext clientCtx = TlskitPair.clientContext(pki);
            pair = new TlskitPair(clientCtx, serverCtx);
            pair.handshake(net);
            client = pair.client;
            server = pair.server;
            CipherInfo cc = client.cipher().orElseThrow();
            CipherInfo sc = server.cipher().orElseThrow();
            check(BenchPki.PROTOCOL.equals(cc.protocol()) && cc.ianaName().equals(sc.ianaName())
                            && BenchPki.SUITE.equals(cc.ianaName()),
                    "tlskit negotiated " + cc + " / " + sc + ", wanted " + BenchPki.PROTOCOL + " " + BenchPki.SUITE
                            + " (run forked: the suite comes from -Djdk.tls.client.cipherSuites in @Fork)");
            for (int i = 0; i < 3; i++) {
                Arrays.fill(recv.array(), (byte) 0);
                check(transfer(this) == payload, "tlskit did not deliver the whole payload");
                check(Arrays.equals(recv.array(), 0, payload, plain.array(), 0, payload),
                        "tlskit round trip changed the bytes");
                check(pair.clientOut.pending() == 0 && pair.serverIn.pending() == 0 && server.pending() == 0,
                        "tlskit left bytes behind after one operation");
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            pair.close();
        }
    }

    @State(Scope.Thread)
    public static class RawState {
        @Param({"16384", "16367"})
        int payload;
        SSLEngine client;
        SSLEngine server;
        ByteBuffer plain;
        ByteBuffer net;
        ByteBuffer recv;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            plain = plaintext(payload);
            BenchPki pki = BenchPki.get();
            SSLContext serverCtx = pki.rawServerContext();
            SSLContext clientCtx = pki.rawClientContext();
            client = RawEngines.client(clientCtx);
            server = RawEngines.server(serverCtx);
            int packet = client.getSession().getPacketBufferSize();
            int app = client.getSession().getApplicationBufferSize();
            ByteBuffer s2c = ByteBuffer.allocate(4 * packet);
            ByteBuffer c2s = ByteBuffer.allocate(4 * packet);
            RawEngines.handshake(client, server, c2s, s2c, ByteBuffer.allocate(app), ByteBuffer.allocate(app));
            check(BenchPki.PROTOCOL.equals(client.getSession().getProtocol())
                            && BenchPki.SUITE.equals(client.getSession().getCipherSuite())
                            && BenchPki.SUITE.equals(server.getSession().getCipherSuite()),
                    "raw engines negotiated " + client.getSession().getProtocol() + " "
                            + client.getSession().getCipherSuite());
            net = ByteBuffer.allocate(2 * packet);
            check(app <= RECV_CAPACITY, "SunJSSE wants " + app + " bytes of application buffer");
            recv = ByteBuffer.allocate(RECV_CAPACITY);
            for (int i = 0; i < 3; i++) {
                Arrays.fill(recv.array(), (byte) 0);
                check(transfer(this) == payload, "raw engines did not deliver the whole payload");
                check(Arrays.equals(recv.array(), 0, payload, plain.array(), 0, payload),
                        "raw round trip changed the bytes");
            }
        }
    }

    @Benchmark
    public int tlskit(TlskitState s) throws TlsException {
        return transfer(s);
    }

    @Benchmark
    public int tlskitViaBuffer(TlskitState s) throws TlsException {
        return transferViaBuffer(s);
    }

    @Benchmark
    public int raw(RawState s) throws SSLException {
        return transfer(s);
    }

    /** One record pair moved with {@link dev.tlskit.MemoryBio#transferTo}: no copy between the BIOs, as raw has none. */
    static int transfer(TlskitState s) throws TlsException {
        ByteBuffer plain = s.plain;
        plain.clear();
        s.client.write(plain);
        s.pair.clientOut.transferTo(s.pair.serverIn);
        return receive(s);
    }

    /** The same, pumped through a user buffer ({@code read} + {@code write}): two extra 16 KiB copies per op. */
    static int transferViaBuffer(TlskitState s) throws TlsException {
        ByteBuffer plain = s.plain;
        plain.clear();
        s.client.write(plain);
        ByteBuffer net = s.net;
        net.clear();
        s.pair.clientOut.read(net);
        net.flip();
        s.pair.serverIn.write(net);
        return receive(s);
    }

    private static int receive(TlskitState s) throws TlsException {
        ByteBuffer recv = s.recv;
        recv.clear();
        int payload = s.payload;
        while (recv.position() < payload) { // one read per record: SunJSSE makes two of a 16 KiB payload
            if (s.server.read(recv) < 0) {
                throw new IllegalStateException("tlskit server saw close_notify");
            }
        }
        return recv.position();
    }

    static int transfer(RawState s) throws SSLException {
        ByteBuffer plain = s.plain;
        plain.clear();
        ByteBuffer net = s.net;
        net.clear();
        while (plain.hasRemaining()) { // one wrap per record
            SSLEngineResult w = s.client.wrap(plain, net);
            if (w.getStatus() != SSLEngineResult.Status.OK) {
                throw new IllegalStateException("raw wrap: " + w);
            }
        }
        net.flip();
        ByteBuffer recv = s.recv;
        recv.clear();
        while (net.hasRemaining()) { // one unwrap per record
            SSLEngineResult u = s.server.unwrap(net, recv);
            if (u.getStatus() != SSLEngineResult.Status.OK) {
                throw new IllegalStateException("raw unwrap: " + u);
            }
        }
        return recv.position();
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }
}
