package dev.tlskit.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * A cross-check for busy machines, not a replacement for the JMH run: the same operations as the JMH benchmarks,
 * tlskit and raw alternating in short rounds (ABAB...) on one thread, timed in <em>thread CPU time</em>. When other
 * processes share the cores, JMH's wall-clock scores swing with the load between one benchmark and the next; here
 * both sides see the same load, and time spent descheduled is not counted. Prints the median per-round ratio.
 *
 * <pre>{@code
 * java -Djdk.tls.client.cipherSuites=TLS_AES_128_GCM_SHA256 -cp benchmarks/target/benchmarks.jar \
 *     dev.tlskit.bench.Interleaved
 * }</pre>
 */
public final class Interleaved {
    private interface Op {
        void run() throws Exception;
    }

    private Interleaved() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("jdk.tls.client.cipherSuites") == null) {
            System.err.println("run with -Djdk.tls.client.cipherSuites=" + BenchPki.SUITE + " (as the JMH forks do)");
            System.exit(2);
        }
        for (int payload : new int[] {16384, 16367}) {
            BulkBenchmark.TlskitState t = new BulkBenchmark.TlskitState();
            t.payload = payload;
            t.setUp();
            BulkBenchmark.RawState r = new BulkBenchmark.RawState();
            r.payload = payload;
            r.setUp();
            compare("bulk payload=" + payload, () -> BulkBenchmark.transfer(t), () -> BulkBenchmark.transfer(r),
                    2000, 40);
            compare("bulk via buffer " + payload, () -> BulkBenchmark.transferViaBuffer(t),
                    () -> BulkBenchmark.transfer(r), 2000, 40);
            t.tearDown();
        }
        HandshakeBenchmark.TlskitState ht = new HandshakeBenchmark.TlskitState();
        ht.setUp();
        HandshakeBenchmark.RawState hr = new HandshakeBenchmark.RawState();
        hr.setUp();
        compare("handshake", () -> HandshakeBenchmark.connect(ht).close(), () -> HandshakeBenchmark.connect(hr),
                20, 40);
    }

    /** Warms both up, then {@code rounds} rounds of {@code ops} operations each, alternating which goes first. */
    private static void compare(String name, Op tlskit, Op raw, int ops, int rounds) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < rounds; i++) { // warm-up: as many operations as the measurement
            time(mx, tlskit, ops);
            time(mx, raw, ops);
        }
        double[] t = new double[rounds];
        double[] r = new double[rounds];
        double[] ratio = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            if (i % 2 == 0) {
                t[i] = time(mx, tlskit, ops);
                r[i] = time(mx, raw, ops);
            } else {
                r[i] = time(mx, raw, ops);
                t[i] = time(mx, tlskit, ops);
            }
            ratio[i] = r[i] / t[i]; // throughput ratio tlskit/raw = raw time / tlskit time
        }
        System.out.printf(Locale.ROOT, "%-22s tlskit %9.2f us/op  raw %9.2f us/op  ratio tlskit/raw %.3f "
                        + "(median of %d rounds; IQR %.3f..%.3f)%n", name, median(t), median(r), median(ratio),
                rounds, quantile(ratio, 0.25), quantile(ratio, 0.75));
    }

    /** CPU microseconds per operation. */
    private static double time(ThreadMXBean mx, Op op, int ops) throws Exception {
        long start = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < ops; i++) {
            op.run();
        }
        return (mx.getCurrentThreadCpuTime() - start) / 1e3 / ops;
    }

    private static double median(double[] v) {
        return quantile(v, 0.5);
    }

    private static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }
}
