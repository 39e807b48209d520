package dev.tlskit.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tlskit.MemoryBio;
import dev.tlskit.Protocol;
import dev.tlskit.TlsConnection;
import dev.tlskit.TlsContext;
import dev.tlskit.TlsException;
import dev.tlskit.TlsWantReadException;
import dev.tlskit.VerifyMode;

/**
 * Arbitrary bytes as TLS records into the memory-BIO path of a client and of a server, before and after a real
 * handshake, on both backends (the first input byte picks the provider). Only {@link TlsException} subtypes may come
 * out; every connection is closed, so native engines are freed.
 */
class RecordFuzzTest {
    /** Upper bound on handshake/read steps per input: an input that needs more has stalled the driver. */
    private static final int MAX_STEPS = 64;

    private static String provider(FuzzedDataProvider d) {
        return d.consumeBoolean() ? "jdk" : "conscrypt";
    }

    private static TlsContext client(String provider) throws TlsException {
        TlsContext ctx = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider);
        ctx.setCheckHostname(false);
        ctx.setVerifyMode(VerifyMode.CERT_NONE);
        return ctx;
    }

    private static TlsContext server(String provider) throws TlsException {
        TlsContext ctx = TlsContext.create(Protocol.PROTOCOL_TLS_SERVER, provider);
        ctx.useIdentity(FuzzPki.LOCALHOST);
        return ctx;
    }

    /**
     * Feeds [input] (then EOF if asked) to [conn] and drives the handshake until it needs more, fails or is done. A
     * want-read that consumed nothing is "needs more": the queued bytes begin a record that has not fully arrived.
     */
    private static void feedHandshake(TlsConnection conn, MemoryBio in, byte[] input, boolean eof) throws TlsException {
        try {
            conn.doHandshake(); // the client's hello, or a server waiting
        } catch (TlsWantReadException needInput) {
            // expected: nothing has arrived yet
        }
        in.write(input);
        if (eof) {
            in.writeEof();
        }
        for (int step = 0; step < MAX_STEPS; step++) {
            int before = in.pending();
            try {
                conn.doHandshake();
                return;
            } catch (TlsWantReadException needMore) {
                // all input used, or an incomplete record left unconsumed (the engine waits for its remainder)
                if (in.pending() == 0 || in.pending() == before) {
                    return;
                }
            }
        }
        throw new AssertionError("the handshake made no decision after " + MAX_STEPS + " steps with input pending");
    }

    @FuzzTest(maxDuration = Invariant.FUZZ_DURATION)
    void clientInbound(FuzzedDataProvider d) throws Exception {
        String provider = provider(d);
        boolean eof = d.consumeBoolean();
        byte[] input = d.consumeRemainingAsBytes();
        MemoryBio in = new MemoryBio();
        MemoryBio out = new MemoryBio();
        try (TlsConnection conn = client(provider).wrapBio(in, out, false, "localhost")) {
            Invariant.onlyTypedFailures(() -> feedHandshake(conn, in, input, eof));
        }
    }

    @FuzzTest(maxDuration = Invariant.FUZZ_DURATION)
    void serverInbound(FuzzedDataProvider d) throws Exception {
        String provider = provider(d);
        boolean eof = d.consumeBoolean();
        byte[] input = d.consumeRemainingAsBytes();
        MemoryBio in = new MemoryBio();
        MemoryBio out = new MemoryBio();
        try (TlsConnection conn = server(provider).wrapBio(in, out, true, null)) {
            Invariant.onlyTypedFailures(() -> feedHandshake(conn, in, input, eof));
        }
    }

    /** After a real handshake: arbitrary bytes where the client expects application records. */
    @FuzzTest(maxDuration = Invariant.FUZZ_DURATION)
    void clientAfterHandshake(FuzzedDataProvider d) throws Exception {
        String provider = provider(d);
        byte[] input = d.consumeRemainingAsBytes();
        MemoryBio cin = new MemoryBio();
        MemoryBio cout = new MemoryBio();
        MemoryBio sin = new MemoryBio();
        MemoryBio sout = new MemoryBio();
        try (TlsConnection c = client(provider).wrapBio(cin, cout, false, "localhost");
             TlsConnection s = server(provider).wrapBio(sin, sout, true, null)) {
            handshake(c, cin, cout, s, sin, sout);
            cin.write(input);
            Invariant.onlyTypedFailures(() -> {
                for (int step = 0; step < MAX_STEPS && cin.pending() > 0; step++) {
                    try {
                        c.read(16_384);
                    } catch (TlsWantReadException needMore) {
                        return;
                    }
                }
            });
        }
    }

    private static void handshake(TlsConnection c, MemoryBio cin, MemoryBio cout, TlsConnection s, MemoryBio sin, MemoryBio sout)
            throws TlsException {
        boolean clientDone = false;
        boolean serverDone = false;
        for (int round = 0; round < MAX_STEPS && !(clientDone && serverDone); round++) {
            try {
                c.doHandshake();
                clientDone = true;
            } catch (TlsWantReadException more) {
                // waiting for the server
            }
            cout.transferTo(sin);
            try {
                s.doHandshake();
                serverDone = true;
            } catch (TlsWantReadException more) {
                // waiting for the client
            }
            sout.transferTo(cin);
        }
        if (!(clientDone && serverDone)) {
            throw new IllegalStateException("the in-memory handshake did not finish");
        }
    }
}
