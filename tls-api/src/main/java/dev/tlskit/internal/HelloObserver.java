package dev.tlskit.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * <b>Not API.</b> Reads the plaintext start of a handshake as it passes through the {@link EngineDriver} and tells
 * whether it resumed a session, the same way on every backend (RFC 8446 section 4.1.3, RFC 5246 section 7.3):
 * <ul>
 *   <li>TLS 1.3: the ServerHello carries {@code pre_shared_key};</li>
 *   <li>TLS 1.2: the server's next record after the ServerHello (and an optional NewSessionTicket) is
 *       ChangeCipherSpec, i.e. an abbreviated handshake.</li>
 * </ul>
 * It also records whether the client offered a session ({@code pre_shared_key}, a non-empty {@code session_ticket},
 * or a TLS 1.2 session id), which the seed's {@code session_stats()} counts as a miss when not resumed. Both record
 * streams are read only until the answer is known, and at most {@link #LIMIT} bytes each. Written under the
 * driver's lock; read from any thread.
 */
public final class HelloObserver {
    private static final int LIMIT = 64 * 1024;
    private static final byte[] HRR_RANDOM = hex("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");
    private static final int EXT_SUPPORTED_VERSIONS = 0x002b;
    private static final int EXT_PRE_SHARED_KEY = 0x0029;
    private static final int EXT_SESSION_TICKET = 0x0023;
    private static final int EXT_KEY_SHARE = 0x0033;

    private final Direction client = new Direction();
    private final Direction server = new Direction();
    private volatile byte[] clientSessionId = new byte[0];
    private volatile boolean clientOfferedTicketOrPsk;
    private volatile boolean sawServerHello;
    private volatile boolean tls13;
    private volatile Boolean resumed;
    private volatile boolean serverChangedCipherSpec;
    private volatile int tickets;
    private volatile long ticketLifetimeHint;
    private volatile int serverSuite = -1;
    private volatile int group = -1;

    /** Bytes the client sent (a record-aligned slice). */
    public void fromClient(ByteBuffer bytes, int offset, int length) {
        if (!done()) {
            client.add(bytes, offset, length, this::clientMessage, null);
        }
    }

    /** Bytes the server sent (a record-aligned slice). */
    public void fromServer(ByteBuffer bytes, int offset, int length) {
        if (!done()) {
            server.add(bytes, offset, length, this::serverMessage, this::serverChangeCipherSpec);
        }
    }

    /**
     * Everything readable in plaintext has been read: resumption is known and, at TLS 1.2, the server has switched
     * to encryption (its NewSessionTicket comes just before that).
     */
    public boolean done() {
        return resumed != null && (tls13 || serverChangedCipherSpec);
    }

    /**
     * A TLS 1.3 record from the server after the handshake that carried no application data: a post-handshake
     * handshake message, which servers send as NewSessionTicket (or, rarely, KeyUpdate). Only the client calls it.
     */
    public void postHandshakeRecordFromServer() {
        if (tls13) {
            tickets++;
        }
    }

    /** Whether the server issued a session ticket: read from the TLS 1.2 NewSessionTicket, or a TLS 1.3 one seen. */
    public boolean hasTicket() {
        return tickets > 0;
    }

    /** The TLS 1.2 ticket's lifetime hint in seconds; 0 ("unspecified", RFC 5077) when unseen or TLS 1.3. */
    public long ticketLifetimeHint() {
        return ticketLifetimeHint;
    }

    /**
     * The key-exchange group the server chose, as its IANA code (TLS 1.3: the ServerHello's {@code key_share}; TLS 1.2:
     * the ECDHE ServerKeyExchange's named curve); -1 when none was seen (before the ServerHello, RSA or finite-field
     * DHE key exchange at TLS 1.2, a resumption without key exchange).
     */
    public int group() {
        return group;
    }

    /** Whether the ServerHello chose TLS 1.3. */
    public boolean isTls13() {
        return tls13;
    }

    /** Whether the handshake resumed a session, once known; {@code null} before. */
    public Boolean resumed() {
        return resumed;
    }

    /** Whether the client's (last) ClientHello offered a session to resume. */
    public boolean clientOfferedSession() {
        return clientOfferedTicketOrPsk || (sawServerHello && !tls13 && clientSessionId.length > 0);
    }

    private void clientMessage(int type, ByteBuffer body) {
        if (type != 1 || (sawServerHello && !tls13)) { // TLS 1.2: the client's Finished is encrypted, yet type 22
            return;
        }
        body.position(body.position() + 2 + 32); // legacy_version, random
        clientSessionId = bytes(body, u8(body));
        skip(body, u16(body)); // cipher_suites
        skip(body, u8(body)); // compression_methods
        clientOfferedTicketOrPsk = false;
        if (body.remaining() < 2) {
            return;
        }
        int end = u16(body) + body.position();
        while (body.position() + 4 <= end) {
            int ext = u16(body);
            int len = u16(body);
            if (ext == EXT_PRE_SHARED_KEY || (ext == EXT_SESSION_TICKET && len > 0)) {
                clientOfferedTicketOrPsk = true;
            }
            skip(body, len);
        }
    }

    private void serverMessage(int type, ByteBuffer body) {
        if (serverChangedCipherSpec) { // what follows a ChangeCipherSpec in the same batch is encrypted
            return;
        }
        if (type == 4 && sawServerHello && !tls13) { // TLS 1.2 NewSessionTicket: lifetime hint, then the ticket
            tickets++;
            ticketLifetimeHint = body.getInt() & 0xffffffffL;
            return;
        }
        if (type == 12 && sawServerHello && !tls13 && body.remaining() >= 3 && ecdhe()) {
            if (u8(body) == 3) { // ServerKeyExchange ECParameters: curve_type named_curve, then the group
                group = u16(body);
            }
        }
        if (resumed != null) {
            return;
        }
        if (sawServerHello) {
            if (!tls13 && type != 4) { // anything but NewSessionTicket before ChangeCipherSpec: a full handshake
                resumed = false;
            }
            return;
        }
        if (type != 2) {
            return;
        }
        body.position(body.position() + 2);
        byte[] random = bytes(body, 32);
        if (Arrays.equals(random, HRR_RANDOM)) {
            return; // HelloRetryRequest: the real ServerHello follows the second ClientHello
        }
        skip(body, u8(body)); // legacy_session_id_echo
        serverSuite = u16(body);
        skip(body, 1); // compression
        boolean psk = false;
        if (body.remaining() >= 2) {
            int end = u16(body) + body.position();
            while (body.position() + 4 <= end) {
                int ext = u16(body);
                int len = u16(body);
                if (ext == EXT_SUPPORTED_VERSIONS && len == 2) {
                    tls13 = u16(body) == 0x0304;
                    continue;
                }
                psk |= ext == EXT_PRE_SHARED_KEY;
                if (ext == EXT_KEY_SHARE && len >= 2) {
                    group = u16(body);
                    skip(body, len - 2);
                    continue;
                }
                skip(body, len);
            }
        }
        sawServerHello = true;
        if (tls13) {
            resumed = psk;
        }
    }

    private boolean ecdhe() {
        return dev.tlskit.ciphers.CipherSuites.fromCode(serverSuite)
                .map(c -> c.ianaName().contains("_ECDHE_")).orElse(false);
    }

    private void serverChangeCipherSpec() {
        if (sawServerHello && !tls13) {
            if (resumed == null) {
                resumed = true;
            }
            serverChangedCipherSpec = true;
        }
    }

    private static void skip(ByteBuffer b, int n) {
        b.position(b.position() + n);
    }

    private static int u8(ByteBuffer b) {
        return b.get() & 0xff;
    }

    private static int u16(ByteBuffer b) {
        return b.getShort() & 0xffff;
    }

    private static byte[] bytes(ByteBuffer b, int n) {
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    private interface MessageSink {
        void message(int type, ByteBuffer body);
    }

    /** One direction's record stream: whole records in, handshake messages out. */
    private static final class Direction {
        private final ByteArrayOutputStream records = new ByteArrayOutputStream();
        private final ByteArrayOutputStream handshake = new ByteArrayOutputStream();
        private int recordsRead;
        private int messagesRead;
        private boolean gaveUp;

        void add(ByteBuffer src, int offset, int length, MessageSink sink, Runnable changeCipherSpec) {
            if (gaveUp || length <= 0) {
                return;
            }
            if (records.size() + length > LIMIT) {
                gaveUp = true;
                return;
            }
            byte[] chunk = new byte[length];
            src.duplicate().position(offset).get(chunk);
            records.write(chunk, 0, length);
            try {
                drain(sink, changeCipherSpec);
            } catch (RuntimeException malformed) { // not TLS as expected: the engine itself will reject it
                gaveUp = true;
            }
        }

        private void drain(MessageSink sink, Runnable changeCipherSpec) {
            byte[] all = records.toByteArray();
            while (all.length - recordsRead >= 5) {
                int type = all[recordsRead] & 0xff;
                int len = ((all[recordsRead + 3] & 0xff) << 8) | (all[recordsRead + 4] & 0xff);
                if (all.length - recordsRead - 5 < len) {
                    return;
                }
                if (type == 22) {
                    handshake.write(all, recordsRead + 5, len);
                } else if (type == 20 && changeCipherSpec != null) {
                    changeCipherSpec.run();
                }
                recordsRead += 5 + len;
                messages(sink);
            }
        }

        private void messages(MessageSink sink) {
            byte[] hs = handshake.toByteArray();
            while (hs.length - messagesRead >= 4) {
                int len = ((hs[messagesRead + 1] & 0xff) << 16) | ((hs[messagesRead + 2] & 0xff) << 8)
                        | (hs[messagesRead + 3] & 0xff);
                if (hs.length - messagesRead - 4 < len) {
                    return;
                }
                sink.message(hs[messagesRead] & 0xff, ByteBuffer.wrap(hs, messagesRead + 4, len).slice());
                messagesRead += 4 + len;
            }
        }
    }
}
