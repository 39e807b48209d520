package dev.tlskit.internal;

import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSession;
import javax.net.ssl.StandardConstants;

/** <b>Not API.</b> The SNI host name a session records ({@link ExtendedSSLSession#getRequestedServerNames()}). */
public final class ServerNameReader {
    private ServerNameReader() {
    }

    /** The first {@code host_name} entry as an A-label; empty without one or for a non-extended session. */
    public static Optional<String> fromSession(SSLSession session) {
        if (!(session instanceof ExtendedSSLSession ext)) {
            return Optional.empty();
        }
        try {
            for (SNIServerName n : ext.getRequestedServerNames()) {
                if (n.getType() == StandardConstants.SNI_HOST_NAME) {
                    return Optional.of(n instanceof SNIHostName h ? h.getAsciiName()
                            : new SNIHostName(n.getEncoded()).getAsciiName());
                }
            }
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty(); // a session that does not record names, or a name that is no valid host name
        }
        return Optional.empty();
    }
}
