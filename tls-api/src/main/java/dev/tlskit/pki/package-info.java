/**
 * Certificates, keys, trust and verification: the PKI half of the seeds' {@code SSLContext} and pyOpenSSL's
 * {@code Context}, on JDK classes only.
 *
 * <h2>Seed name → Java name</h2>
 * <table>
 *   <caption>Where each seed API lives</caption>
 *   <tr><th>seed</th><th>tlskit</th></tr>
 *   <tr><td>{@code load_cert_chain(certfile, keyfile, password)}</td><td>{@link dev.tlskit.pki.Identity#load}</td></tr>
 *   <tr><td>{@code password=} (str/bytes/callable)</td><td>{@link dev.tlskit.pki.PasswordSource}</td></tr>
 *   <tr><td>{@code use_certificate_file}, {@code use_privatekey_file}</td><td>{@link dev.tlskit.pki.Certificates#read},
 *       {@link dev.tlskit.pki.PrivateKeys#read}</td></tr>
 *   <tr><td>{@code check_privatekey}</td><td>{@link dev.tlskit.pki.PrivateKeys#checkMatch}</td></tr>
 *   <tr><td>{@code load_verify_locations(cafile, capath, cadata)}</td><td>{@link dev.tlskit.pki.TrustStore#addCaFile},
 *       {@link dev.tlskit.pki.TrustStore#addCaPath}, {@link dev.tlskit.pki.TrustStore#addCaData(String)}</td></tr>
 *   <tr><td>{@code load_default_certs}, {@code set_default_verify_paths}</td>
 *       <td>{@link dev.tlskit.pki.TrustStore#setDefaultVerifyPaths}, {@link dev.tlskit.pki.TrustStore#addJdkDefaults}</td></tr>
 *   <tr><td>{@code get_ca_certs}, {@code cert_store_stats}</td><td>{@link dev.tlskit.pki.TrustStore#caCertificates},
 *       {@link dev.tlskit.pki.TrustStore#stats}</td></tr>
 *   <tr><td>{@code verify_flags}, {@code check_hostname}, {@code hostname_checks_common_name}</td>
 *       <td>{@link dev.tlskit.pki.TrustConfig}</td></tr>
 *   <tr><td>{@code set_verify(mode, callback)}</td><td>{@link dev.tlskit.pki.ChainCallback}</td></tr>
 *   <tr><td>{@code set_verify_depth}</td><td>{@link dev.tlskit.pki.TrustConfig#verifyDepth()}</td></tr>
 *   <tr><td>{@code load_client_ca}, {@code set_client_ca_list}, {@code add_client_ca}</td>
 *       <td>{@link dev.tlskit.pki.ClientCaList}, sent through
 *       {@link dev.tlskit.pki.TlsTrustManager#getAcceptedIssuers()}</td></tr>
 *   <tr><td>{@code get_verified_chain}</td><td>the {@code onVerified} listener of
 *       {@link dev.tlskit.pki.TlsTrustManager}</td></tr>
 *   <tr><td>{@code ssl.get_default_verify_paths()}</td><td>{@link dev.tlskit.pki.DefaultVerifyPaths}</td></tr>
 *   <tr><td>{@code verify_code}, {@code verify_message}</td><td>{@link dev.tlskit.pki.VerificationFailure},
 *       {@link dev.tlskit.pki.VerifyCodes}</td></tr>
 * </table>
 *
 * <pre>{@code
 * TrustStore trust = new TrustStore();
 * trust.addCaFile(Path.of("ca.pem"));
 * TlsTrustManager tm = new TlsTrustManager(TrustConfig.builder(trust.snapshot()).build());
 * }</pre>
 */
package dev.tlskit.pki;
