/**
 * Bridges: a configured {@link dev.tlskit.TlsContext} handed to libraries that take the standard JSSE types — OkHttp,
 * Ktor clients, Netty, gRPC, JDBC and Kafka drivers — so their TLS runs on the context's backend (JSSE or
 * Conscrypt/BoringSSL, chosen by the classpath or {@code tlskit.provider}) with the context's settings.
 *
 * <table>
 *   <caption>Bridge methods on {@link dev.tlskit.TlsContext}</caption>
 *   <tr><th>method</th><th>returns</th><th>typical consumer</th></tr>
 *   <tr><td>{@link dev.tlskit.TlsContext#toSslContext()}</td><td>{@code SSLContext}</td>
 *       <td>Netty {@code JdkSslContext}, gRPC, JDBC drivers</td></tr>
 *   <tr><td>{@link dev.tlskit.TlsContext#toSslSocketFactory()}</td><td>{@code SSLSocketFactory}</td>
 *       <td>OkHttp, Ktor's OkHttp engine, {@code HttpsURLConnection}</td></tr>
 *   <tr><td>{@link dev.tlskit.TlsContext#toSslServerSocketFactory()}</td><td>{@code SSLServerSocketFactory}</td>
 *       <td>blocking servers</td></tr>
 *   <tr><td>{@link dev.tlskit.TlsContext#newSslEngine(String, int)}</td><td>{@code SSLEngine}</td>
 *       <td>event-loop code that drives an engine itself</td></tr>
 *   <tr><td>{@link dev.tlskit.TlsContext#trustManager()}</td><td>{@code X509ExtendedTrustManager}</td>
 *       <td>OkHttp (with the socket factory), Ktor CIO, Netty {@code SslContextBuilder}</td></tr>
 *   <tr><td>{@link dev.tlskit.TlsContext#keyManager()}</td><td>{@code X509ExtendedKeyManager}</td>
 *       <td>Netty {@code SslContextBuilder.forServer(keyManager)}</td></tr>
 * </table>
 *
 * <h2>What every engine and socket carries</h2>
 * Each is configured from the context's immutable snapshot (taken when the bridge method is called: later changes to
 * the context need a new call) by the code that configures tlskit's own connections: enabled versions (bounds and
 * {@code OP_NO_TLSv1_x}), the cipher string and TLS 1.3 suites, {@code OP_CIPHER_SERVER_PREFERENCE}, the ALPN list,
 * SNI for the peer host (single-label names refused where the backend cannot send them), the client-certificate
 * request ({@code verifyMode} on a server), the SNI callback and the ALPN select callback (engines only), session
 * timeout and tickets ({@code OP_NO_TICKET}), the identities, and tlskit's one trust manager: chain building, CRL and
 * strict flags, verify depth, the verify callback, and RFC 6125 host-name matching with the seed's rules
 * ({@code hostnameChecksCommonName}). A failed verification reaches the library as an
 * {@code SSLHandshakeException} whose cause chain holds a {@link dev.tlskit.CertificateVerificationException} with
 * OpenSSL's verify code (62 for a host-name mismatch, 20 for an unknown issuer, ...).
 *
 * <h2>What the JSSE types cannot carry</h2>
 * <ul>
 *   <li><b>The connection object of callbacks.</b> A library owns the engine, so there is no
 *       {@link dev.tlskit.TlsConnection}: the SNI callback, the pyOpenSSL servername callback, the ALPN select
 *       callback and the verify callback receive {@code null} as their connection. Alerts and results still work;
 *       switching the certificate with {@code connection.setContext(other)} cannot (an exception there fails the
 *       handshake with {@code handshake_failure}, as the seed does).</li>
 *   <li><b>An ALPN select callback's refusal</b> on a backend without
 *       {@link dev.tlskit.Capability#ALPN_SELECT_ALERT}: the bridge methods throw
 *       {@link dev.tlskit.UnsupportedFeatureException} (the engine would go on without ALPN).</li>
 *   <li><b>Per-connection callbacks on a server socket factory</b> (SNI callback, ALPN select callback):
 *       {@code toSslServerSocketFactory()} throws {@link dev.tlskit.UnsupportedFeatureException}. Its accepted sockets
 *       choose ALPN by JSSE's rule, which answers a client with no common protocol with
 *       {@code no_application_protocol} where OpenSSL goes on without ALPN.</li>
 *   <li><b>Session objects and post-handshake queries</b> of {@link dev.tlskit.TlsConnection}
 *       ({@code session()} handover, {@code getVerifiedChain}, {@code getClientCaList}, channel binding, keying
 *       material): use the engine's {@code SSLSession}. Client sessions resume by host and port, as JSSE does.</li>
 *   <li><b>Host checks without a host.</b> A client engine made without a peer host
 *       ({@code createSSLEngine()}) or an unconnected socket cannot be checked: with hostname checking on, its
 *       handshake fails with verify code 62; the socket factory does not offer unconnected sockets. The trust manager
 *       alone, called without an engine or socket (Ktor CIO), checks the chain but no host name.</li>
 *   <li><b>Library overrides.</b> A library that sets protocols, suites or ALPN on the engine itself (OkHttp's
 *       {@code ConnectionSpec} and ALPN list, Netty's {@code ApplicationProtocolConfig}) narrows or replaces the
 *       context's values for its connections.</li>
 *   <li>{@code SSLContext.init} is refused: the context comes initialised.</li>
 * </ul>
 *
 * <h2>Example</h2>
 * <pre>{@code
 * TlsContext ctx = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT);
 * ctx.loadVerifyLocations(Path.of("ca.pem"));
 * ctx.setAlpnProtocols(List.of("h2"));
 * SslContext netty = new JdkSslContext(ctx.toSslContext(), true, ClientAuth.NONE);
 * }</pre>
 */
package dev.tlskit.jsse;
