package dev.tlskit;

/**
 * What a provider can do: the seed's module-level {@code HAS_*} facts, answered per provider by
 * {@link dev.tlskit.spi.TlsProvider#capabilities()} instead of once per process.
 *
 * <pre>{@code
 * boolean tls13 = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT).provider().capabilities()
 *         .contains(Capability.HAS_TLSv1_3);
 * }</pre>
 *
 * The names of the seed's facts are kept exactly ({@code ssl.HAS_ALPN} → {@link #HAS_ALPN}); the rest name tlskit
 * features that differ between backends.
 */
public enum Capability {
    /** Seed {@code HAS_ALPN}: ALPN negotiation (RFC 7301). */
    HAS_ALPN,
    /** Seed {@code HAS_NEVER_CHECK_COMMON_NAME}: {@code hostnameChecksCommonName} can be turned off. */
    HAS_NEVER_CHECK_COMMON_NAME,
    /** Seed {@code HAS_ECDH}: elliptic-curve Diffie-Hellman key exchange. */
    HAS_ECDH,
    /** Seed {@code HAS_SNI}: server name indication, and the server's {@link TlsContext#setSniCallback}. */
    HAS_SNI,
    /**
     * A server's {@link AlpnSelectCallback} can fail the handshake with the {@code no_application_protocol} alert that
     * the client receives (RFC 7301 section 3.2). Without it (Conscrypt: its selector can only select or decline) a
     * refusal still fails the handshake locally with that {@link TlsAlertException}, but the engine goes on and tlskit
     * aborts the connection: the client sees the connection end without that alert.
     */
    ALPN_SELECT_ALERT,
    /**
     * The alert a server's {@link SniCallback} returns is the alert the client receives, whatever it is (e.g.
     * {@code access_denied}, {@code internal_error}), and an exception in the callback sends {@code handshake_failure},
     * as OpenSSL does. Engines can refuse from that step only with {@code unrecognized_name} or
     * {@code handshake_failure}; tlskit's engine driver rewrites that plain-text alert record to the one asked for.
     * Without this capability the handshake still fails with the local {@link TlsAlertException}, but the client may
     * receive {@code handshake_failure} instead. (Conscrypt rejects with a plain-text {@code handshake_failure} that the
     * driver rewrites too, so it already delivers the exact alert; its flag follows once the README matrix does.)
     */
    SNI_CALLBACK_ALERTS,
    /**
     * SNI is sent for every host name, single-label ones such as {@code "db"} included, as OpenSSL and CPython do
     * (RFC 6066 allows any DNS name). A backend without it sends SNI only for names that contain a dot and for
     * {@code localhost}; tlskit then refuses a client connection to any other single-label name with
     * {@link UnsupportedFeatureException} instead of silently leaving SNI out. Use the fully qualified name.
     */
    SNI_SINGLE_LABEL_NAMES,
    /**
     * Seed {@code HAS_NPN}: next protocol negotiation (obsolete; neither JSSE nor Conscrypt exposes it, so no current
     * backend has it). Without it {@code setNpnProtocols}, {@code setNpnSelectCallback} and
     * {@code selectedNpnProtocol()} throw {@link UnsupportedFeatureException}.
     */
    HAS_NPN,
    /** Seed {@code HAS_SSLv2}. */
    HAS_SSLv2,
    /** Seed {@code HAS_SSLv3}. */
    HAS_SSLv3,
    /** Seed {@code HAS_TLSv1}: usable under the running platform's policy, not merely compiled in. */
    HAS_TLSv1,
    /** Seed {@code HAS_TLSv1_1}: usable under the running platform's policy. */
    HAS_TLSv1_1,
    /** Seed {@code HAS_TLSv1_2}. */
    HAS_TLSv1_2,
    /** Seed {@code HAS_TLSv1_3}. */
    HAS_TLSv1_3,
    /**
     * Seed {@code HAS_PSK}: pre-shared keys through {@link TlsContext#setPskClientCallback} and
     * {@link TlsContext#setPskServerCallback}. Neither current backend has it (JSSE has no PSK; Conscrypt's
     * {@code PSKKeyManager} is deprecated and cannot sit beside tlskit's single key manager): the setters throw
     * {@link UnsupportedFeatureException}.
     */
    HAS_PSK,
    /**
     * Seed {@code post_handshake_auth} / {@code verify_client_post_handshake()}: TLS 1.3 post-handshake client
     * authentication (RFC 8446 section 4.6.2). Neither current backend has it (BoringSSL has no PHA; JSSE only through
     * the process-wide {@code jdk.tls.*} properties and cannot send the request): turning it on throws
     * {@link UnsupportedFeatureException}.
     */
    HAS_PHA,
    /**
     * Seed {@code get_channel_binding("tls-unique")} (RFC 5929): the first Finished message of a TLS 1.2 handshake.
     * Without it (JSSE exposes no Finished message) the call throws {@link UnsupportedFeatureException}.
     */
    CHANNEL_BINDING_TLS_UNIQUE,
    /**
     * Keying-material export (RFC 5705 / RFC 8446 section 7.5): pyOpenSSL {@code export_keying_material} and the
     * {@code tls-exporter} channel binding (RFC 9266). Without it (JSSE 17 has no exporter) both throw
     * {@link UnsupportedFeatureException}.
     */
    KEYING_MATERIAL_EXPORT,
    /**
     * pyOpenSSL {@code get_finished()}/{@code get_peer_finished()}: both Finished messages. No current backend
     * exposes them (Conscrypt only the first, as {@code tls-unique}): the calls throw
     * {@link UnsupportedFeatureException}.
     */
    FINISHED_MESSAGES,
    /**
     * pyOpenSSL {@code client_random()}, {@code server_random()} and {@code master_key()}. No current backend exposes
     * them: the calls throw {@link UnsupportedFeatureException}.
     */
    SESSION_SECRETS,
    /**
     * pyOpenSSL {@code set_info_callback(callback)}: OpenSSL's state-machine events ({@code SSL_CB_LOOP},
     * {@code SSL_CB_ALERT}, {@code SSL_CB_HANDSHAKE_START}/{@code _DONE}, ...). Neither JSSE nor Conscrypt reports
     * them: setting a callback throws {@link UnsupportedFeatureException}.
     */
    INFO_CALLBACK,
    /**
     * Seed {@code load_cert_chain} called again with a key of another type: a server with an RSA and an EC identity
     * serves the one the client's offer calls for, as OpenSSL does. Conscrypt 2.5 installs a single chain, chosen from
     * the server's own suites, so a second key type is refused with {@link UnsupportedFeatureException} there rather
     * than silently never served.
     */
    MULTIPLE_IDENTITIES,
    /**
     * pyOpenSSL {@code renegotiate()}, {@code renegotiate_pending()}, {@code total_renegotiations()} (TLS 1.2 only).
     * BoringSSL never initiates a renegotiation and tlskit does not drive JSSE's: the calls throw
     * {@link UnsupportedFeatureException}; a TLS 1.3 connection has no renegotiation on any backend.
     */
    RENEGOTIATION,
    /**
     * Seed {@code SSLContext.keylog_filename}: NSS key-log lines for Wireshark. No current backend can produce them
     * (neither JSSE nor Conscrypt 2.5 reports traffic secrets): setting a file throws
     * {@link UnsupportedFeatureException}, and {@link Tls#createDefaultContext} logs a warning instead of honouring
     * {@code SSLKEYLOGFILE}.
     */
    KEYLOG,
    /**
     * Seed {@code SSLContext._msg_callback}: every TLS record and handshake message as it is read or written. No
     * current backend reports them: {@link TlsContext#setMsgCallback} throws {@link UnsupportedFeatureException}.
     */
    MSG_CALLBACK,
    /**
     * pyOpenSSL {@code set_ocsp_server_callback}: a server staples the OCSP response its callback returns. JSSE can
     * staple only through process-wide {@code jdk.tls.stapling.*} properties and fetches responses itself; Conscrypt 2.5
     * has no public call for engines. Without it the setter throws {@link UnsupportedFeatureException}.
     */
    OCSP_STAPLING_SERVER,
    /**
     * pyOpenSSL {@code request_ocsp()} and {@code set_ocsp_client_callback}: a client sees the server's stapled OCSP
     * response in its callback during the handshake, on the connections that asked for it. Both current backends have
     * it, with one difference from OpenSSL on the wire: their clients send {@code status_request} on every connection
     * (JSSE unless {@code jdk.tls.client.enableStatusRequestExtension=false} is set process-wide), so a server may
     * staple to a connection that did not call {@code requestOcsp()}; tlskit then does not call the callback.
     */
    OCSP_STAPLING_CLIENT,
    /**
     * Session tickets can be switched off per context ({@code OP_NO_TICKET}): with it set, a server issues no tickets
     * and a client asks for none. Without it (JSSE: only the process-wide {@code jdk.tls.*.enableSessionTicketExtension}
     * properties, which tlskit never sets) setting {@link Option#OP_NO_TICKET} throws
     * {@link UnsupportedFeatureException}.
     */
    SESSION_TICKET_CONTROL,
    /**
     * The number of TLS 1.3 tickets a server sends is chosen per context: the seed's {@code SSLContext.num_tickets}
     * ({@link TlsContext#setNumTickets}). Without it the setter throws {@link UnsupportedFeatureException}.
     */
    TLS13_TICKET_COUNT,
    /**
     * The server session cache can be turned off or bypassed per context
     * ({@link TlsContext#setSessionCacheMode} without {@code SESS_CACHE_SERVER}, or with
     * {@code SESS_CACHE_NO_INTERNAL*}). Without it such a mode throws {@link UnsupportedFeatureException}.
     */
    SERVER_SESSION_CACHE_CONTROL,
    /** Key-exchange groups chosen per context: the seed's {@code set_ecdh_curve}. */
    NAMED_GROUP_SELECTION,
    /** Custom finite-field DHE parameters per context: the seed's {@code load_dh_params}. */
    DH_PARAMETERS,
    /** A server can tell which suites the client offered: the seed's {@code shared_ciphers()}. */
    SHARED_CIPHERS,
    /**
     * The application chooses (and orders, or removes) the TLS 1.3 suites: OpenSSL's {@code SSL_CTX_set_ciphersuites},
     * tlskit's {@link TlsContext#setCiphersuites}. Without it the backend always enables its fixed set of TLS 1.3 suites
     * (BoringSSL, and so Conscrypt, has no such call) and {@code setCiphersuites} accepts only that set.
     */
    TLS13_CIPHERSUITE_SELECTION,
    /**
     * A certificate the verifier rejects makes the peer receive the alert OpenSSL would send for that verify code
     * ({@code certificate_expired} for 10, {@code certificate_revoked} for 23, {@code unsupported_certificate} for 26,
     * {@code bad_certificate} for 9, 62, 64, ...). Without it a rejection goes out as {@code certificate_unknown}
     * (Conscrypt's verify callback cannot choose the alert; SunJSSE 17 maps only revocation, to
     * {@code certificate_revoked}). tlskit hands JSSE the reason for every code, so a JSSE that reads it sends the
     * right alert. Either way the local side gets the same
     * {@link CertificateVerificationException} with OpenSSL's code; OpenSSL's {@code unknown_ca} has no JSSE form.
     */
    VERIFY_FAILURE_ALERTS
}
