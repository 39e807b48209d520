package dev.tlskit.samples.swap;

import dev.tlskit.Protocol;
import dev.tlskit.TlsContext;
import dev.tlskit.TlsSocket;
import dev.tlskit.WrapOptions;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The backend-swap sample in Java: nothing here names a backend. Run it unchanged with
 * {@code -Dtlskit.provider=jdk} or {@code =conscrypt}, or with and without {@code tls-conscrypt} on the class path.
 *
 * <pre>
 * java -cp ... dev.tlskit.samples.swap.SwapJava HOST PORT CAFILE
 * </pre>
 * Prints {@code provider=... version=... cipher=...} and what the server echoed.
 */
public final class SwapJava {
    private SwapJava() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        TlsContext ctx = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT);
        ctx.loadVerifyLocations(Path.of(args[2]));
        try (TlsSocket tls = ctx.wrapSocket(new Socket(host, port), WrapOptions.client("localhost"))) {
            tls.sendall("swap\nCLOSE\n".getBytes(StandardCharsets.UTF_8));
            byte[] echo = tls.getInputStream().readAllBytes();
            System.out.println("provider=" + ctx.provider().name() + " version=" + tls.version().orElseThrow()
                    + " cipher=" + tls.cipher().orElseThrow().name() + " echo=" + new String(echo, StandardCharsets.UTF_8).trim());
        }
    }
}
