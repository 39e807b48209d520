package dev.tlskit.spi;

import java.util.List;

/**
 * What tlskit is about to apply to a new engine, for {@link TlsProvider#configureEngine}.
 *
 * @param serverSide     the engine accepts rather than connects
 * @param serverHostname the A-label host name the client asked for (SNI and host checks), or {@code null}
 * @param sendSni        whether the client sends SNI ({@code false} for IP literals and when no name is given)
 * @param protocols      the JSSE protocol names enabled, e.g. {@code ["TLSv1.3", "TLSv1.2"]}
 * @param alpnProtocols  the ALPN list in preference order, empty when ALPN is off
 * @param sessionTickets whether session tickets may be issued and used ({@code false} with {@code OP_NO_TICKET})
 */
public record EngineSettings(boolean serverSide, String serverHostname, boolean sendSni, List<String> protocols,
                             List<String> alpnProtocols, boolean sessionTickets) {
    /** Settings with session tickets allowed (no {@code OP_NO_TICKET}). */
    public EngineSettings(boolean serverSide, String serverHostname, boolean sendSni, List<String> protocols,
                          List<String> alpnProtocols) {
        this(serverSide, serverHostname, sendSni, protocols, alpnProtocols, true);
    }

    public EngineSettings {
        protocols = List.copyOf(protocols);
        alpnProtocols = List.copyOf(alpnProtocols);
    }
}
