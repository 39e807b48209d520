package dev.tlskit.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CPU-time cross-check of {@link BackendBulkBenchmark} and {@link BackendHandshakeBenchmark} for shared machines,
 * as {@link Interleaved} does for the JDK: every stack runs a short round in turn on one thread (the order rotating
 * each round), timed in thread CPU time, so every stack sees the same load and time spent descheduled is not counted.
 * Prints each stack's median CPU time per operation and the median and inter-quartile range of the per-round
 * throughput ratios that the targets are about.
 *
 * <pre>{@code
 * java -Djdk.tls.client.cipherSuites=TLS_AES_128_GCM_SHA256 -cp benchmarks/target/benchmarks.jar \
 *     dev.tlskit.bench.Backends [rounds]
 * }</pre>
 */
public final class Backends {
    /** Throughput ratios reported: numerator stack / denominator stack. */
    private static final String[][] RATIOS = {
        {"tlskit-conscrypt", "raw-conscrypt-heap"},
        {"tlskit-conscrypt", "raw-conscrypt-direct"},
        {"tlskit-conscrypt", "netty-openssl-direct"},
        {"tlskit-conscrypt-direct", "raw-conscrypt-direct"},
        {"tlskit-conscrypt-direct", "netty-openssl-direct"},
        {"raw-conscrypt-heap", "netty-openssl-direct"},
        {"raw-conscrypt-direct", "netty-openssl-direct"},
        {"tlskit-conscrypt", "tlskit-jdk"},
        {"tlskit-jdk", "raw-jdk-heap"},
    };

    private interface Op {
        void run() throws Exception;
    }

    private Backends() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("jdk.tls.client.cipherSuites") == null) {
            System.err.println("run with -Djdk.tls.client.cipherSuites=" + BenchPki.SUITE + " (as the JMH forks do)");
            System.exit(2);
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Map<String, Op> bulk = new LinkedHashMap<>();
        for (String s : Stacks.ALL) {
            Stacks.Bulk b = Stacks.bulk(s, 16384);
            bulk.put(s, b::transfer);
        }
        compare("bulk 16 KiB", bulk, 2000, rounds);
        Map<String, Op> hs = new LinkedHashMap<>();
        for (String s : Stacks.ALL) {
            if (s.equals("tlskit-conscrypt-direct")) {
                continue; // the same handshake as tlskit-conscrypt: buffers only matter for bulk
            }
            Stacks.Handshake h = Stacks.handshake(s);
            hs.put(s, h::connect);
        }
        compare("handshake", hs, 10, rounds);
    }

    private static void compare(String name, Map<String, Op> ops, int perRound, int rounds) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        List<String> names = new ArrayList<>(ops.keySet());
        int n = names.size();
        for (int i = 0; i < Math.max(10, rounds / 2); i++) { // warm-up
            for (String s : names) {
                time(mx, ops.get(s), perRound);
            }
        }
        double[][] t = new double[n][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < n; k++) {
                int idx = (k + r) % n; // rotate who goes first
                t[idx][r] = time(mx, ops.get(names.get(idx)), perRound);
            }
        }
        System.out.printf(Locale.ROOT, "== %s: CPU time per operation, median of %d rounds of %d ops%n", name, rounds,
                perRound);
        for (int k = 0; k < n; k++) {
            System.out.printf(Locale.ROOT, "  %-22s %10.2f us/op  (%,.0f ops/s of CPU)%n", names.get(k),
                    median(t[k]), 1e6 / median(t[k]));
        }
        for (String[] pair : RATIOS) {
            int a = names.indexOf(pair[0]);
            int b = names.indexOf(pair[1]);
            if (a < 0 || b < 0) {
                continue;
            }
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = t[b][r] / t[a][r]; // throughput a/b = time b / time a
            }
            System.out.printf(Locale.ROOT, "  %-22s / %-22s %.3f  (IQR %.3f..%.3f)%n", pair[0], pair[1],
                    median(ratio), quantile(ratio, 0.25), quantile(ratio, 0.75));
        }
    }

    private static double time(ThreadMXBean mx, Op op, int ops) throws Exception {
        long start = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < ops; i++) {
            op.run();
        }
        return (mx.getCurrentThreadCpuTime() - start) / 1e3 / ops;
    }

    static double median(double[] v) {
        return quantile(v, 0.5);
    }

    static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }
}
