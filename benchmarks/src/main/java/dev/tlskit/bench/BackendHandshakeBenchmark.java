package dev.tlskit.bench;

import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Full TLS 1.3 ECDSA P-256 handshakes (new client and server connection, certificate chain verified, host name checked,
 * then a 4-byte message) for every stack in {@link Stacks}, in one run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-Djdk.tls.client.cipherSuites=" + BenchPki.SUITE})
public class BackendHandshakeBenchmark {
    @State(Scope.Thread)
    public static class StackState {
        @Param({"tlskit-conscrypt", "raw-conscrypt-heap", "raw-conscrypt-direct", "netty-openssl-direct",
                "tlskit-jdk", "raw-jdk-heap"})
        String stack;
        Stacks.Handshake handshake;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            handshake = Stacks.handshake(stack);
        }
    }

    @Benchmark
    public void handshake(StackState s) throws Exception {
        s.handshake.connect();
    }
}
