package dev.tlskit;

/**
 * Write modes of a context: pyOpenSSL's {@code Context.set_mode(mode)} / {@code clear_mode(mode)} with OpenSSL's
 * {@code SSL_MODE_*} bits, which decide how a send behaves on a non-blocking {@link TlsSocket} and how much one
 * {@code send} takes. Values are OpenSSL's.
 *
 * <h2>Seed</h2>
 * pyOpenSSL {@code Context.set_mode} / {@code clear_mode} (parity lines PBIO-05, PBIO-08); the Python {@code ssl}
 * module has no mode setter, and CPython gives every connection {@link #ACCEPT_MOVING_WRITE_BUFFER} and
 * {@link #AUTO_RETRY}.
 *
 * <h2>Defaults</h2>
 * A {@link TlsContext#create(Method) pyOpenSSL context} starts with all three bits ({@code 0x7}), as pyOpenSSL sets
 * {@code ENABLE_PARTIAL_WRITE | ACCEPT_MOVING_WRITE_BUFFER} on top of OpenSSL's {@code AUTO_RETRY}; a
 * {@link TlsContext#create(Protocol) seed context} starts with {@code ACCEPT_MOVING_WRITE_BUFFER | AUTO_RETRY}
 * ({@code 0x6}), what CPython gives its connections. A connection keeps the mode its context had when it was made.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * TlsContext ctx = TlsContext.create(Method.TLS_METHOD);
 * ctx.clearMode(Mode.ACCEPT_MOVING_WRITE_BUFFER.code());   // retry a WantWrite send with the same array only
 * }</pre>
 */
public enum Mode {
    /**
     * {@code SSL_MODE_ENABLE_PARTIAL_WRITE}: a {@code send} takes at most one record's worth (16384 bytes) and
     * returns how much it took; without it a send takes everything (on a non-blocking socket, over several retries).
     */
    ENABLE_PARTIAL_WRITE(0x1L),
    /**
     * {@code SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER}: a send retried after {@link TlsWantWriteException} may pass a
     * different array (with at least as many bytes); without it the retry must pass the same array and offset, or it
     * fails with reason {@code BAD_WRITE_RETRY}. Either way the bytes sent are those of the first attempt.
     */
    ACCEPT_MOVING_WRITE_BUFFER(0x2L),
    /**
     * {@code SSL_MODE_AUTO_RETRY}: a blocking read that processed a record without application data (a session
     * ticket, a key update) reads on instead of reporting {@link TlsWantReadException}. Always on in tlskit: it
     * cannot be cleared.
     */
    AUTO_RETRY(0x4L);

    private final long code;

    Mode(long code) {
        this.code = code;
    }

    /** The {@code SSL_MODE_*} bit. */
    public long code() {
        return code;
    }

    /** Every bit tlskit knows. */
    static final long KNOWN = 0x7L;
}
