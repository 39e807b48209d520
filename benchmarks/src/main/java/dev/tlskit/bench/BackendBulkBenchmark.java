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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bulk throughput of every stack in {@link Stacks} in one run: tlskit on Conscrypt against raw Conscrypt engines (heap
 * and direct buffers), Netty's OpenSSL engine and tlskit on the JDK. One operation moves {@code payload} plaintext
 * bytes from client to server in memory (16 KiB: one record on BoringSSL, two on SunJSSE 17).
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar BackendBulkBenchmark -prof gc
 * }</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-Djdk.tls.client.cipherSuites=" + BenchPki.SUITE})
public class BackendBulkBenchmark {
    @State(Scope.Thread)
    public static class StackState {
        @Param({"tlskit-conscrypt", "tlskit-conscrypt-direct", "raw-conscrypt-heap", "raw-conscrypt-direct", "netty-openssl-direct",
                "netty-openssl-heap", "tlskit-jdk", "raw-jdk-heap"})
        String stack;
        @Param({"16384"})
        int payload;
        Stacks.Bulk bulk;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            bulk = Stacks.bulk(stack, payload);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            bulk.close();
        }
    }

    @Benchmark
    public int bulk(StackState s) throws Exception {
        return s.bulk.transfer();
    }
}
