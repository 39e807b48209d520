package dev.tlskit;

import java.util.List;

/**
 * A server's choice of the application protocol: pyOpenSSL's {@code Context.set_alpn_select_callback(callback)},
 * installed with {@link TlsContext#setAlpnSelectCallback}. Called during the handshake, once the client's ALPN list has
 * arrived (never when the client offered no ALPN), on the thread that drives the handshake.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * server.setAlpnSelectCallback((conn, offered) -> {
 *     if (offered.contains("h2")) return AlpnSelection.of("h2");
 *     if (offered.contains("http/1.1")) return AlpnSelection.of("http/1.1");
 *     return AlpnSelection.NO_APPLICATION_PROTOCOL;     // the client receives no_application_protocol
 * });
 * }</pre>
 *
 * <h2>Outcomes</h2>
 * <ul>
 *   <li>{@link AlpnSelection#of(String)}: that protocol is agreed; it must be one the client offered, else the handshake
 *       fails as for a refusal.</li>
 *   <li>{@link AlpnSelection#NO_OVERLAPPING_PROTOCOLS}: the handshake goes on without ALPN.</li>
 *   <li>{@link AlpnSelection#NO_APPLICATION_PROTOCOL}, a {@code null} result, or an exception (pyOpenSSL: raising in the
 *       callback): the handshake fails. The local side gets a {@link TlsAlertException} for
 *       {@code no_application_protocol} whose cause is the callback's exception. The client receives that alert where
 *       the provider has {@link Capability#ALPN_SELECT_ALERT}; elsewhere the handshake is aborted without it.</li>
 * </ul>
 */
@FunctionalInterface
public interface AlpnSelectCallback {
    /**
     * @param connection the server connection being negotiated
     * @param offered    the client's protocols in its order of preference
     */
    AlpnSelection select(TlsConnection connection, List<String> offered) throws Exception;
}
