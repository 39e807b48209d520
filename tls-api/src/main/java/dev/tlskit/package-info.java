/**
 * tlskit: one TLS API for Java and Kotlin with the semantics of Python's {@code ssl} module and pyOpenSSL's
 * {@code OpenSSL.SSL}, on whichever backend is installed (JDK SunJSSE via {@code tls-jdk}; Conscrypt/BoringSSL via
 * {@code tls-conscrypt}).
 *
 * <pre>{@code
 * TlsContext ctx = Tls.createDefaultContext(Purpose.SERVER_AUTH);
 * try (TlsSocket s = ctx.wrapSocket(new Socket("example.org", 443), WrapOptions.client("example.org"))) {
 *     System.out.println(s.version().orElseThrow() + " " + s.cipher().orElseThrow().name());
 * }
 * }</pre>
 *
 * <h2>Seed name → Java name</h2>
 * Constants keep the seed's exact spelling inside a typed enum ({@code ssl.CERT_REQUIRED} →
 * {@link dev.tlskit.VerifyMode#CERT_REQUIRED}, {@code ssl.OP_NO_TLSv1_3} → {@link dev.tlskit.Option#OP_NO_TLSv1_3},
 * {@code OpenSSL.SSL.TLS_METHOD} → {@link dev.tlskit.Method#TLS_METHOD}); {@code code()} is the seed's number.
 * <table>
 *   <caption>Python {@code ssl} (seeds 000/002) and pyOpenSSL (seeds 003/004) → tlskit</caption>
 *   <tr><th>seed</th><th>tlskit</th></tr>
 *   <tr><td>{@code CERT_*}, {@code VerifyMode}</td><td>{@link dev.tlskit.VerifyMode}</td></tr>
 *   <tr><td>{@code VERIFY_*} (ssl), {@code VerifyFlags}</td><td>{@link dev.tlskit.VerifyFlag}</td></tr>
 *   <tr><td>{@code VERIFY_*} (pyOpenSSL)</td><td>{@link dev.tlskit.PeerVerify}</td></tr>
 *   <tr><td>{@code PROTOCOL_*}</td><td>{@link dev.tlskit.Protocol}</td></tr>
 *   <tr><td>{@code *_METHOD}</td><td>{@link dev.tlskit.Method}</td></tr>
 *   <tr><td>{@code OP_*}, {@code Options}</td><td>{@link dev.tlskit.Option}</td></tr>
 *   <tr><td>{@code TLSVersion}</td><td>{@link dev.tlskit.TlsVersion}</td></tr>
 *   <tr><td>{@code ALERT_DESCRIPTION_*}</td><td>{@link dev.tlskit.AlertDescription}</td></tr>
 *   <tr><td>{@code SSL_ERROR_*}, {@code SSLErrorNumber}</td><td>{@link dev.tlskit.SslErrorNumber}</td></tr>
 *   <tr><td>{@code Purpose}</td><td>{@link dev.tlskit.Purpose}</td></tr>
 *   <tr><td>{@code FILETYPE_*}</td><td>{@link dev.tlskit.FileType}</td></tr>
 *   <tr><td>{@code SESS_CACHE_*}</td><td>{@link dev.tlskit.SessionCacheMode}</td></tr>
 *   <tr><td>{@code CHANNEL_BINDING_TYPES}</td><td>{@link dev.tlskit.ChannelBindingType}</td></tr>
 *   <tr><td>{@code HAS_ALPN}, {@code HAS_SNI}, {@code HAS_TLSv1_3}, {@code HAS_NPN}, ...</td>
 *       <td>{@code provider().capabilities()} ∋ {@link dev.tlskit.Capability}</td></tr>
 *   <tr><td>{@code OPENSSL_VERSION}, {@code OPENSSL_VERSION_INFO}, {@code OPENSSL_VERSION_NUMBER}</td>
 *       <td>{@code provider().versionInfo()} ({@link dev.tlskit.spi.VersionInfo}): {@code versionString()},
 *       {@code versionInfo()}, {@code versionNumber()}; {@code "SunJSSE (Java 17.0.15)"} or
 *       {@code "BoringSSL (Conscrypt 2.5.2)"}, never a fake OpenSSL</td></tr>
 *   <tr><td>{@code SSLContext(protocol)}, {@code Context(method)}</td>
 *       <td>{@link dev.tlskit.TlsContext#create(Protocol)}, {@link dev.tlskit.TlsContext#create(Method)}</td></tr>
 *   <tr><td>(no seed name: the context handed to libraries that take JSSE types)</td>
 *       <td>{@link dev.tlskit.TlsContext#toSslContext()}, {@code toSslSocketFactory()},
 *       {@code toSslServerSocketFactory()}, {@code newSslEngine(host, port)}, {@code trustManager()},
 *       {@code keyManager()} ({@link dev.tlskit.jsse})</td></tr>
 *   <tr><td>{@code create_default_context(purpose, cafile, capath, cadata)}</td>
 *       <td>{@link dev.tlskit.Tls#createDefaultContext(Purpose)}</td></tr>
 *   <tr><td>{@code verify_mode}, {@code check_hostname}, {@code hostname_checks_common_name}, {@code verify_flags},
 *       {@code minimum_version}, {@code maximum_version}, {@code options}, {@code protocol}</td>
 *       <td>{@code verifyMode()}/{@code setVerifyMode}, {@code checkHostname()}/{@code setCheckHostname},
 *       {@code hostnameChecksCommonName()}, {@code verifyFlags()}, {@code minimumVersion()}, {@code maximumVersion()},
 *       {@code options()}/{@code optionBits()}, {@code protocol()}</td></tr>
 *   <tr><td>{@code set_verify(mode, callback)}, {@code get_verify_mode()}</td>
 *       <td>{@link dev.tlskit.TlsContext#setVerify}, {@link dev.tlskit.VerifyCallback}, {@code getVerifyMode()}</td></tr>
 *   <tr><td>{@code set_verify_depth(depth)}, {@code get_verify_depth()}</td>
 *       <td>{@link dev.tlskit.TlsContext#setVerifyDepth}, {@link dev.tlskit.TlsContext#getVerifyDepth()} (default
 *       {@code -1}: OpenSSL's 100; a longer chain fails with verify code 22)</td></tr>
 *   <tr><td>{@code load_client_ca(cafile)}, {@code set_client_ca_list(names)}, {@code add_client_ca(cert)},
 *       {@code Connection.get_client_ca_list()}</td>
 *       <td>{@link dev.tlskit.TlsContext#loadClientCa}, {@link dev.tlskit.TlsContext#setClientCaList},
 *       {@link dev.tlskit.TlsContext#addClientCa} ({@link dev.tlskit.pki.ClientCaList}; none sent by default, as in
 *       OpenSSL), {@link dev.tlskit.TlsConnection#getClientCaList()}</td></tr>
 *   <tr><td>{@code VERIFY_ALLOW_PROXY_CERTS}</td>
 *       <td>{@link dev.tlskit.VerifyFlag#VERIFY_ALLOW_PROXY_CERTS}: refused by {@code setVerifyFlags} with
 *       {@link dev.tlskit.UnsupportedFeatureException} (no RFC 3820 proxy-certificate validation)</td></tr>
 *   <tr><td>{@code set_options}, {@code clear_options}, {@code set_min/max_proto_version}</td>
 *       <td>{@code addOptions}, {@code clearOptions}, {@code setMinProtoVersion}, {@code setMaxProtoVersion}</td></tr>
 *   <tr><td>{@code set_mode}, {@code clear_mode} ({@code SSL_MODE_ENABLE_PARTIAL_WRITE},
 *       {@code ACCEPT_MOVING_WRITE_BUFFER}, {@code AUTO_RETRY})</td>
 *       <td>{@code setMode}, {@code clearMode}, {@code mode()} with {@link dev.tlskit.Mode}</td></tr>
 *   <tr><td>{@code load_cert_chain}, {@code use_certificate_file}, {@code use_certificate_chain_file},
 *       {@code use_privatekey_file}, {@code check_privatekey}</td>
 *       <td>{@code loadCertChain}, {@code useCertificateFile}, {@code useCertificateChainFile}, {@code usePrivateKeyFile},
 *       {@code checkPrivateKey}; passwords as {@link dev.tlskit.pki.PasswordSource}; {@code set_passwd_cb} →
 *       {@code setPasswdCb} ({@link dev.tlskit.PasswdCallback})</td></tr>
 *   <tr><td>(no seed: PKCS#12, which pyOpenSSL dropped with {@code load_pkcs12})</td>
 *       <td>{@code loadPkcs12}, {@link dev.tlskit.pki.Identity#loadPkcs12}</td></tr>
 *   <tr><td>{@code SSLCertVerificationError.verify_code}/{@code verify_message}; OpenSSL's security level
 *       ({@code @SECLEVEL=n}) for chain keys and digests</td>
 *       <td>{@link dev.tlskit.CertificateVerificationException#verifyCode()}/{@code verifyMessage()},
 *       {@link dev.tlskit.pki.VerifyCodes}; {@link dev.tlskit.pki.TrustConfig#securityLevel()} (from
 *       {@code setCiphers("...:@SECLEVEL=n")}, default 2)</td></tr>
 *   <tr><td>{@code load_verify_locations}, {@code load_default_certs}, {@code set_default_verify_paths},
 *       {@code get_ca_certs}, {@code cert_store_stats}, {@code ssl.get_default_verify_paths()}</td>
 *       <td>{@code loadVerifyLocations}, {@code loadDefaultCerts}, {@code setDefaultVerifyPaths}, {@code getCaCerts()} /
 *       {@code getCaCertsDer()}, {@code certStoreStats()}, {@link dev.tlskit.Tls#getDefaultVerifyPaths()}
 *       ({@link dev.tlskit.pki.DefaultVerifyPaths})</td></tr>
 *   <tr><td>OpenSSL {@code X509_verify_cert} / {@code openssl verify} (no seed name: the seeds verify only inside a
 *       handshake); {@code X509_VERIFY_PARAM_set_depth}, {@code -attime}</td>
 *       <td>{@link dev.tlskit.pki.CertificateVerifier} ({@code builder()...build().verify(chain, host)}) returning
 *       {@link dev.tlskit.pki.VerificationResult} ({@code verified()}, {@code verifyCode()}, {@code verifyMessage()},
 *       {@code depth()}, {@code chain()}); {@code maxDepth(int)}, {@code at(Instant)}; the {@code tlskit verify}
 *       command</td></tr>
 *   <tr><td>{@code set_alpn_protocols}, {@code selected_alpn_protocol}</td>
 *       <td>{@code setAlpnProtocols}, {@code selectedAlpnProtocol()}</td></tr>
 *   <tr><td>{@code set_alpn_select_callback(callback)}, {@code NO_OVERLAPPING_PROTOCOLS}</td>
 *       <td>{@link dev.tlskit.TlsContext#setAlpnSelectCallback} with {@link dev.tlskit.AlpnSelectCallback};
 *       {@link dev.tlskit.AlpnSelection#NO_OVERLAPPING_PROTOCOLS} (and {@code NO_APPLICATION_PROTOCOL} for raising)</td></tr>
 *   <tr><td>{@code set_npn_protocols}, {@code set_npn_select_callback}, {@code selected_npn_protocol},
 *       {@code get_next_proto_negotiated}</td>
 *       <td>{@code setNpnProtocols}, {@code setNpnSelectCallback}, {@code selectedNpnProtocol()}: refused with
 *       {@link dev.tlskit.UnsupportedFeatureException} ({@code HAS_NPN} is false on every backend)</td></tr>
 *   <tr><td>{@code set_tlsext_use_srtp(profiles)}</td>
 *       <td>{@link dev.tlskit.TlsContext#setTlsextUseSrtp}: names checked, then refused with
 *       {@link dev.tlskit.UnsupportedFeatureException} (no DTLS on any backend)</td></tr>
 *   <tr><td>{@code SSLContext.sni_callback}; {@code set_tlsext_servername_callback(callback)}</td>
 *       <td>{@link dev.tlskit.TlsContext#setSniCallback} with {@link dev.tlskit.SniCallback};
 *       {@link dev.tlskit.TlsContext#setTlsextServernameCallback} with {@link dev.tlskit.ServernameCallback}</td></tr>
 *   <tr><td>{@code SSLObject.context = other}, {@code Connection.set_context}, {@code get_servername()}</td>
 *       <td>{@link dev.tlskit.TlsConnection#setContext}, {@link dev.tlskit.TlsConnection#getServername()}</td></tr>
 *   <tr><td>{@code set_ciphers}, {@code get_ciphers}, {@code set_ecdh_curve}, {@code load_dh_params};
 *       {@code SSL_CTX_set_ciphersuites}</td>
 *       <td>{@code setCiphers}, {@code getCiphers()} ({@link dev.tlskit.ciphers.CipherDetails}), {@code setEcdhCurve},
 *       {@code loadDhParams}; {@code setCiphersuites} (language: {@link dev.tlskit.ciphers.CipherList}, registry:
 *       {@link dev.tlskit.ciphers.CipherSuites})</td></tr>
 *   <tr><td>{@code MemoryBIO}</td><td>{@link dev.tlskit.MemoryBio}</td></tr>
 *   <tr><td>{@code wrap_bio} / {@code SSLObject}; {@code Connection(ctx, None)}</td>
 *       <td>{@link dev.tlskit.TlsContext#wrapBio} / {@link dev.tlskit.TlsConnection};
 *       {@link dev.tlskit.TlsContext#newConnection()}</td></tr>
 *   <tr><td>{@code wrap_socket} / {@code SSLSocket}; {@code Connection(ctx, sock)}</td>
 *       <td>{@link dev.tlskit.TlsContext#wrapSocket} with {@link dev.tlskit.WrapOptions} / {@link dev.tlskit.TlsSocket}</td></tr>
 *   <tr><td>{@code wrap_socket(listening, server_side=True)}, {@code accept()}</td>
 *       <td>{@link dev.tlskit.TlsContext#wrapServerSocket} / {@link dev.tlskit.TlsServerSocket#accept()}</td></tr>
 *   <tr><td>{@code connect}, {@code connect_ex}, {@code setblocking}/{@code getblocking} of a wrapped socket</td>
 *       <td>{@link dev.tlskit.TlsSocket#connect}, {@link dev.tlskit.TlsSocket#connectEx} (the errno as an
 *       {@code int}), {@link dev.tlskit.TlsSocket#setBlocking}/{@code isBlocking} (non-blocking needs a
 *       {@link java.nio.channels.SocketChannel}'s socket; waits become {@link dev.tlskit.TlsWantReadException} /
 *       {@link dev.tlskit.TlsWantWriteException})</td></tr>
 *   <tr><td>{@code wrap_socket} on a non-blocking socket ({@code asyncio} streams with {@code ssl=ctx})</td>
 *       <td>Kotlin: {@code TlsContext.connect}/{@code bind} → {@code dev.tlskit.kotlin.TlsChannel} (suspending);
 *       Java: {@code dev.tlskit.async.TlsAsync} → {@code AsyncTlsChannel}/{@code AsyncTlsServer}
 *       ({@code CompletableFuture} results; both need kotlinx-coroutines-core)</td></tr>
 *   <tr><td>{@code do_handshake}, {@code read}, {@code write}, {@code recv}, {@code send}/{@code sendall},
 *       {@code pending}, {@code unwrap}, {@code shutdown}</td>
 *       <td>{@code doHandshake}, {@code read}, {@code write}, {@code recv} (pyOpenSSL {@code recv(n, MSG_PEEK)},
 *       {@code recv_into}: {@code recv(n, TlsConnection.MSG_PEEK)}, {@code recvInto}), {@code write}/{@code sendall}
 *       (pyOpenSSL {@code send}, one record at most under {@link dev.tlskit.Mode#ENABLE_PARTIAL_WRITE}:
 *       {@code TlsConnection.send}, {@code TlsSocket.send}),
 *       {@code pending}, {@code unwrap}, {@code shutdown}</td></tr>
 *   <tr><td>{@code bio_read}, {@code bio_write}, {@code bio_shutdown}, {@code want_read}, {@code want_write},
 *       {@code set_connect_state}, {@code set_accept_state}, {@code set_tlsext_host_name}</td>
 *       <td>{@code bioRead}, {@code bioWrite}, {@code bioShutdown}, {@code wantRead}, {@code wantWrite},
 *       {@code setConnectState}, {@code setAcceptState}, {@code setTlsextHostName}</td></tr>
 *   <tr><td>{@code get_shutdown()}, {@code set_shutdown(state)}, {@code SENT_SHUTDOWN}, {@code RECEIVED_SHUTDOWN};
 *       {@code Connection.get_certificate()}</td>
 *       <td>{@link dev.tlskit.TlsConnection#getShutdown()}, {@code setShutdown}, {@link dev.tlskit.ShutdownState};
 *       {@link dev.tlskit.TlsConnection#getCertificate()}</td></tr>
 *   <tr><td>{@code version()}, {@code cipher()}, {@code shared_ciphers()}, {@code getpeercert()}, {@code getpeercert(True)},
 *       {@code get_peer_certificate}, {@code get_peer_cert_chain}, {@code get_verified_chain}, {@code server_side},
 *       {@code server_hostname}, {@code context}</td>
 *       <td>{@code version()}, {@code cipher()} ({@link dev.tlskit.ciphers.CipherInfo}), {@code sharedCiphers()}, {@code getPeerCert()},
 *       {@code getPeerCertDer()}, {@code getPeerCertificate()}, {@code getPeerCertChain()} (as sent),
 *       {@link dev.tlskit.TlsConnection#getVerifiedChain()} (as built, leaf to trust anchor), {@code serverSide()},
 *       {@code serverHostname()}, {@code context()}</td></tr>
 *   <tr><td>{@code SSLSession} ({@code id}, {@code time}, {@code timeout}, {@code has_ticket},
 *       {@code ticket_lifetime_hint}), pyOpenSSL {@code Session}</td>
 *       <td>{@link dev.tlskit.TlsSession} ({@code id()}, {@code time()}, {@code timeout()}, {@code hasTicket()},
 *       {@code ticketLifetimeHint()})</td></tr>
 *   <tr><td>{@code SSLObject.session} / {@code SSLSocket.session}, {@code get_session()};
 *       {@code session = s}, {@code set_session(s)}; {@code session_reused}, {@code session_reused()}</td>
 *       <td>{@link dev.tlskit.TlsConnection#session()}, {@link dev.tlskit.TlsConnection#setSession},
 *       {@link dev.tlskit.TlsConnection#sessionReused()} (also on {@code TlsSocket}, Kotlin {@code TlsChannel})</td></tr>
 *   <tr><td>{@code wrap_bio(..., session=s)}, {@code wrap_socket(..., session=s)}</td>
 *       <td>{@code wrapBio(in, out, false, host, s)}, {@link dev.tlskit.WrapOptions#withSession}</td></tr>
 *   <tr><td>{@code session_stats()}</td><td>{@link dev.tlskit.TlsContext#sessionStats()}</td></tr>
 *   <tr><td>{@code SSLContext.security_level}, {@code SSLSocket.compression()}</td>
 *       <td>{@link dev.tlskit.TlsContext#securityLevel()}, {@link dev.tlskit.TlsConnection#compression()} (always
 *       empty)</td></tr>
 *   <tr><td>{@code DeprecationWarning} (deprecated protocols, {@code OP_NO_SSL*}/{@code OP_NO_TLS*}, old minimum
 *       versions)</td>
 *       <td>{@code @Deprecated} on the protocols, and the seed's text logged at {@code WARNING} on the
 *       {@code dev.tlskit} logger</td></tr>
 *   <tr><td>{@code cert_time_to_seconds}, {@code PEM_HEADER}, {@code PEM_FOOTER}, {@code DER_cert_to_PEM_cert},
 *       {@code PEM_cert_to_DER_cert}, {@code _ssl._test_decode_cert}, {@code get_server_certificate}</td>
 *       <td>{@link dev.tlskit.pki.CertTime#certTimeToSeconds}, {@link dev.tlskit.pki.PemCertificate} ({@code PEM_HEADER},
 *       {@code PEM_FOOTER}, {@code derToPem}, {@code pemToDer}), {@link dev.tlskit.pki.CertificateDict#decode},
 *       {@link dev.tlskit.Tls#getServerCertificate}</td></tr>
 *   <tr><td>{@code set_timeout}, {@code get_timeout}, {@code set_session_cache_mode}, {@code get_session_cache_mode},
 *       {@code set_session_id}, {@code num_tickets}</td>
 *       <td>{@code setTimeout}, {@code getTimeout}, {@code setSessionCacheMode}, {@code getSessionCacheMode},
 *       {@code setSessionIdContext}, {@code numTickets()}/{@code setNumTickets}</td></tr>
 *   <tr><td>{@code get_channel_binding}, {@code export_keying_material}, RFC 9266 {@code tls-exporter},
 *       {@code get_finished}, {@code get_peer_finished}, {@code client_random}, {@code server_random},
 *       {@code master_key}</td>
 *       <td>{@link dev.tlskit.TlsConnection#getChannelBinding}, {@code exportKeyingMaterial},
 *       {@code getTlsExporterBinding}, {@code getFinished}, {@code getPeerFinished}, {@code clientRandom},
 *       {@code serverRandom}, {@code masterKey}</td></tr>
 *   <tr><td>{@code post_handshake_auth}, {@code verify_client_post_handshake}, {@code keylog_filename},
 *       {@code _msg_callback}, {@code set_psk_client_callback}, {@code set_psk_server_callback}</td>
 *       <td>{@code postHandshakeAuth}/{@code setPostHandshakeAuth}, {@code TlsConnection.verifyClientPostHandshake},
 *       {@code keylogFilename}/{@code setKeylogFilename}, {@code msgCallback}/{@code setMsgCallback},
 *       {@code setPskClientCallback}, {@code setPskServerCallback}</td></tr>
 *   <tr><td>{@code set_ocsp_server_callback}, {@code set_ocsp_client_callback}, {@code request_ocsp}</td>
 *       <td>{@code setOcspServerCallback} ({@link dev.tlskit.OcspServerCallback}), {@code setOcspClientCallback}
 *       ({@link dev.tlskit.OcspClientCallback}), {@code TlsConnection.requestOcsp}</td></tr>
 *   <tr><td>{@code get_group_name()}</td><td>{@link dev.tlskit.TlsConnection#getGroupName()}</td></tr>
 *   <tr><td>{@code get_state_string}, {@code set_info_callback}, {@code set_keylog_callback}, {@code renegotiate},
 *       {@code renegotiate_pending}, {@code total_renegotiations}</td>
 *       <td>{@link dev.tlskit.TlsConnection#getStateString}, {@code setInfoCallback} ({@link dev.tlskit.InfoCallback},
 *       context and connection), {@code TlsContext.setKeylogCallback} ({@link dev.tlskit.KeylogCallback}),
 *       {@code renegotiate}, {@code renegotiatePending}, {@code totalRenegotiations}</td></tr>
 * </table>
 *
 * <h2>Exceptions</h2>
 * <table>
 *   <caption>Python exception → Java exception</caption>
 *   <tr><th>seed</th><th>tlskit</th></tr>
 *   <tr><td>{@code SSLError}, {@code OpenSSL.SSL.Error}</td><td>{@link dev.tlskit.TlsException} (reason in
 *       {@code reason()}, family in {@code errorNumber()}); alerts {@link dev.tlskit.TlsAlertException}; protocol
 *       failures {@link dev.tlskit.TlsProtocolException}; bad credentials {@link dev.tlskit.TlsCredentialException}</td></tr>
 *   <tr><td>{@code SSLCertVerificationError} / {@code CertificateError}</td>
 *       <td>{@link dev.tlskit.CertificateVerificationException} ({@code verifyCode()}, {@code verifyMessage()})</td></tr>
 *   <tr><td>{@code SSLWantReadError}, {@code SSLWantWriteError}, {@code SSLZeroReturnError}, {@code SSLSyscallError},
 *       {@code SSLEOFError} (pyOpenSSL {@code WantReadError}, {@code ZeroReturnError}, {@code SysCallError})</td>
 *       <td>{@link dev.tlskit.TlsWantReadException}, {@link dev.tlskit.TlsWantWriteException},
 *       {@link dev.tlskit.TlsZeroReturnException}, {@link dev.tlskit.TlsSyscallException} ({@code args[0]}:
 *       {@code errno()}),
 *       {@link dev.tlskit.TlsEofException}</td></tr>
 *   <tr><td>{@code ValueError}, {@code TypeError}</td><td>{@link java.lang.IllegalArgumentException} (and
 *       {@link java.lang.NullPointerException} for a missing required argument)</td></tr>
 *   <tr><td>{@code NotImplementedError} ({@code SSLSocket.dup}, {@code sendmsg}, {@code recvmsg},
 *       {@code recvmsg_into})</td><td>{@link java.lang.UnsupportedOperationException}, saying what to use
 *       instead</td></tr>
 *   <tr><td>{@code ValueError} for a call in the wrong state ({@code "handshake not done yet"}, writing a closed
 *       {@code MemoryBIO})</td><td>{@link java.lang.IllegalStateException}</td></tr>
 *   <tr><td>{@code FileNotFoundError}/{@code OSError} on credential files</td>
 *       <td>{@link dev.tlskit.TlsCredentialException} of kind {@code FILE_NOT_READABLE} (an {@code IOException})</td></tr>
 *   <tr><td>{@code socket.timeout}</td><td>{@link java.net.SocketTimeoutException}</td></tr>
 *   <tr><td>{@code OSError} of a socket call ({@code ConnectionRefusedError} from {@code connect})</td>
 *       <td>the socket's own {@link java.io.IOException} ({@link java.net.ConnectException}); the errno is what
 *       {@code TlsSocket.connectEx} returns</td></tr>
 *   <tr><td>pyOpenSSL {@code TypeError} for {@code bio_read}/{@code bio_write}/{@code bio_shutdown} on a socket
 *       {@code Connection}; {@code "bad write retry"}</td>
 *       <td>{@link java.lang.IllegalStateException} (the call does not fit the connection);
 *       {@link dev.tlskit.TlsProtocolException} with reason {@code BAD_WRITE_RETRY}</td></tr>
 *   <tr><td>a hostile peer: {@code ConnectionResetError}; {@code SSLError} reasons {@code WRONG_VERSION_NUMBER} (not
 *       TLS), {@code ENCRYPTED_LENGTH_TOO_LONG} (record over 2<sup>14</sup> + 2048), {@code
 *       DECRYPTION_FAILED_OR_BAD_RECORD_MAC} (corrupted record)</td>
 *       <td>{@link dev.tlskit.TlsSyscallException} ({@code errno()} 104); {@link dev.tlskit.TlsProtocolException} with
 *       that {@code reason()}, the same on every backend (the TCK's {@code hostilePeerSpec})</td></tr>
 *   <tr><td>a feature the backend lacks</td><td>{@link dev.tlskit.UnsupportedFeatureException}</td></tr>
 * </table>
 *
 * <h2>Security defaults</h2>
 * What a new context holds, on every provider; tls-tck's {@code securityDefaultsSpec} reads this table and checks each
 * cell against {@link dev.tlskit.TlsContext#create(Protocol) TlsContext.create(PROTOCOL_TLS_CLIENT)},
 * {@code create(PROTOCOL_TLS_SERVER)} and {@link dev.tlskit.Tls#createDefaultContext(Purpose)
 * createDefaultContext(SERVER_AUTH)} (whose {@code CLIENT_AUTH} twin is the server column plus system trust
 * loading). The seed's {@code SSLContext} and {@code create_default_context} as of CPython 3.13 (the seed's text shows
 * older {@code options} and {@code verify_flags} values; 3.13 added {@code VERIFY_X509_STRICT} and
 * {@code VERIFY_X509_PARTIAL_CHAIN} to {@code create_default_context}), on OpenSSL 3.
 * <table>
 *   <caption>Defaults (a list is a set; the cipher string is what {@code getCiphers()} equals)</caption>
 *   <tr><th>getter</th><th>TLS_CLIENT</th><th>TLS_SERVER</th><th>createDefaultContext(SERVER_AUTH)</th></tr>
 *   <tr><td>{@code minimumVersion()}</td><td>{@code TLSv1_2}</td><td>{@code TLSv1_2}</td><td>{@code TLSv1_2}</td></tr>
 *   <tr><td>{@code maximumVersion()}</td><td>{@code MAXIMUM_SUPPORTED}</td><td>{@code MAXIMUM_SUPPORTED}</td>
 *       <td>{@code MAXIMUM_SUPPORTED}</td></tr>
 *   <tr><td>{@code verifyMode()}</td><td>{@code CERT_REQUIRED}</td><td>{@code CERT_NONE}</td>
 *       <td>{@code CERT_REQUIRED}</td></tr>
 *   <tr><td>{@code checkHostname()}</td><td>{@code true}</td><td>{@code false}</td><td>{@code true}</td></tr>
 *   <tr><td>{@code hostnameChecksCommonName()}</td><td>{@code true}</td><td>{@code true}</td><td>{@code true}</td></tr>
 *   <tr><td>{@code verifyFlags()}</td><td>{@code VERIFY_X509_TRUSTED_FIRST}</td><td>{@code VERIFY_X509_TRUSTED_FIRST}</td>
 *       <td>{@code VERIFY_X509_TRUSTED_FIRST, VERIFY_X509_PARTIAL_CHAIN, VERIFY_X509_STRICT}</td></tr>
 *   <tr><td>{@code options()}</td>
 *       <td>{@code OP_ALL, OP_NO_SSLv2, OP_NO_SSLv3, OP_NO_COMPRESSION, OP_CIPHER_SERVER_PREFERENCE, OP_SINGLE_DH_USE,
 *       OP_SINGLE_ECDH_USE, OP_ENABLE_MIDDLEBOX_COMPAT}</td><td>the same</td><td>the same</td></tr>
 *   <tr><td>{@code getCiphers()}</td>
 *       <td>{@code @SECLEVEL=2:ECDH+AESGCM:ECDH+CHACHA20:ECDH+AES:DHE+AES:!aNULL:!eNULL:!aDSS:!SHA1:!AESCCM} and the TLS
 *       1.3 suites {@code TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256}</td>
 *       <td>the same</td><td>the same</td></tr>
 *   <tr><td>{@code securityLevel()}</td><td>{@code 2}</td><td>{@code 2}</td><td>{@code 2}</td></tr>
 *   <tr><td>{@code numTickets()}</td><td>{@code 2}</td><td>{@code 2}</td><td>{@code 2}</td></tr>
 *   <tr><td>{@code postHandshakeAuth()}</td><td>{@code false}</td><td>{@code false}</td><td>{@code false}</td></tr>
 *   <tr><td>{@code alpnProtocols()}</td><td>{@code none}</td><td>{@code none}</td><td>{@code none}</td></tr>
 * </table>
 * Not in {@code options()}, so on: session tickets ({@code OP_NO_TICKET}) and secure renegotiation as the backend
 * allows it ({@code OP_NO_RENEGOTIATION}; see {@link dev.tlskit.Capability#RENEGOTIATION}); off: legacy unsafe
 * renegotiation ({@code OP_LEGACY_SERVER_CONNECT}). Compression is never negotiated. On the wire a default client
 * refuses a server that offers only TLS 1.1 or older, or only suites outside the list above, a certificate no loaded
 * CA signed ({@code createDefaultContext} trusts the system store) and one for another host name; a default server
 * refuses a TLS 1.1 client.
 */
package dev.tlskit;
