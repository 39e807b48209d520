package dev.tlskit.samples.async;

import dev.tlskit.Protocol;
import dev.tlskit.TlsContext;
import dev.tlskit.TlsVersion;
import dev.tlskit.async.AsyncTlsChannel;
import dev.tlskit.async.TlsAsync;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The coroutine echo client written in plain Java with futures ({@link TlsAsync}): no thread waits on the network.
 * Talks to {@code dev.tlskit.samples.coroutines.EchoServer}.
 *
 * <pre>
 * java -cp tlskit.jar dev.tlskit.samples.async.AsyncEchoClient localhost 8443 ca.pem hello world
 * </pre>
 */
public final class AsyncEchoClient {
    private AsyncEchoClient() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: AsyncEchoClient HOST PORT CA.pem [LINE...]");
            System.exit(2);
        }
        TlsContext ctx = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT);  // CERT_REQUIRED, hostname checked
        ctx.setMinimumVersion(TlsVersion.TLSv1_2);
        ctx.loadVerifyLocations(Path.of(args[2]));
        List<String> lines = Arrays.asList(args).subList(3, args.length);
        echoLines(TlsAsync.create(), ctx, args[0], Integer.parseInt(args[1]), args[0], lines)
                .get(30, TimeUnit.SECONDS)
                .forEach(System.out::println);
    }

    /**
     * Connects (the handshake limited to 10 s), sends {@code lines}, reads the same number of bytes back, exchanges
     * close_notify and closes; the echoed lines. Every step is a future chained on the previous one.
     */
    public static CompletableFuture<List<String>> echoLines(TlsAsync tls, TlsContext ctx, String host, int port,
            String serverHostname, List<String> lines) {
        byte[] out = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer back = ByteBuffer.allocate(out.length);
        return tls.connect(ctx, host, port, serverHostname)
                .orTimeout(10, TimeUnit.SECONDS)           // cancels the handshake and closes the socket
                .thenCompose(ch -> exchange(ch, out, back).whenComplete((v, e) -> ch.close()))
                .thenApply(v -> List.of(new String(back.array(), StandardCharsets.UTF_8).split("\n")));
    }

    private static CompletableFuture<Void> exchange(AsyncTlsChannel ch, byte[] out, ByteBuffer back) {
        System.err.println("connected: " + ch.version().orElseThrow() + " " + ch.cipher().orElseThrow().name()
                + " alpn=" + ch.alpnProtocol().orElse("none"));
        return ch.write(ByteBuffer.wrap(out))
                .thenCompose(n -> ch.readFully(back))
                .thenCompose(v -> ch.shutdown());                      // close_notify both ways
    }
}
