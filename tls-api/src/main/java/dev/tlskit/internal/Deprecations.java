package dev.tlskit.internal;

import dev.tlskit.Option;
import dev.tlskit.Protocol;
import dev.tlskit.TlsVersion;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * <b>Not API.</b> The seed's {@code DeprecationWarning}s, logged at {@link Level#WARNING} on the {@code dev.tlskit}
 * logger with the seed's exact text: {@code SSLContext(PROTOCOL_TLSv1/TLSv1_1/TLSv1_2/TLS)}, setting an
 * {@code OP_NO_SSL*}/{@code OP_NO_TLS*} option, and a minimum version of SSLv3, TLSv1 or TLSv1_1.
 */
public final class Deprecations {
    /** The logger the warnings go to (a caller silences them with {@code Logger.getLogger("dev.tlskit").setLevel}). */
    public static final String LOGGER = "dev.tlskit";
    private static final Logger LOG = Logger.getLogger(LOGGER);
    private static final long NO_VERSION_BITS = Option.OP_NO_SSLv3.code() | Option.OP_NO_TLSv1.code()
            | Option.OP_NO_TLSv1_1.code() | Option.OP_NO_TLSv1_2.code() | Option.OP_NO_TLSv1_3.code();

    private Deprecations() {
    }

    /** {@code SSLContext(protocol)} for a protocol the seed deprecates. */
    public static void protocol(Protocol protocol) {
        switch (protocol) {
            case PROTOCOL_TLS, PROTOCOL_TLSv1, PROTOCOL_TLSv1_1, PROTOCOL_TLSv1_2 ->
                    LOG.log(Level.WARNING, "ssl." + protocol.name() + " is deprecated");
            default -> { }
        }
    }

    /** An options change that newly sets an {@code OP_NO_SSL*}/{@code OP_NO_TLS*} bit. */
    public static void options(long before, long after) {
        if ((after & ~before & NO_VERSION_BITS) != 0) {
            LOG.log(Level.WARNING, "ssl.OP_NO_SSL*/ssl.OP_NO_TLS* options are deprecated");
        }
    }

    /** {@code minimum_version = v} for a version the seed deprecates. */
    public static void minimumVersion(TlsVersion v) {
        if (v == TlsVersion.SSLv3 || v == TlsVersion.TLSv1 || v == TlsVersion.TLSv1_1) {
            LOG.log(Level.WARNING, "ssl.TLSVersion." + v.name() + " is deprecated");
        }
    }
}
