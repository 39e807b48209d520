package dev.tlskit.pki;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * The seed's {@code ssl.get_default_verify_paths()}: where {@link TrustStore#setDefaultVerifyPaths()} (and so
 * {@code TlsContext.setDefaultVerifyPaths()}/{@code loadDefaultCerts()}) looks for trusted CAs.
 *
 * <h2>Fields (the seed's {@code DefaultVerifyPaths}, with tlskit's defaults)</h2>
 * <ul>
 *   <li>{@code opensslCafileEnv} / {@code opensslCapathEnv}: {@code "SSL_CERT_FILE"} / {@code "SSL_CERT_DIR"}, the
 *       variables that replace the defaults, as in OpenSSL.</li>
 *   <li>{@code opensslCafile}: the JDK trust store tlskit uses in place of OpenSSL's {@code cert.pem}: the
 *       {@code javax.net.ssl.trustStore} property if set, else {@code $JAVA_HOME/lib/security/jssecacerts} if it
 *       exists, else {@code $JAVA_HOME/lib/security/cacerts} (the JDK's own order).</li>
 *   <li>{@code opensslCapath}: {@code null}: tlskit has no default CA directory (OpenSSL's is
 *       {@code /usr/lib/ssl/certs}).</li>
 *   <li>{@code cafile} / {@code capath}: the value in effect ({@code SSL_CERT_FILE} if set, else the default), or
 *       {@code null} (the seed's {@code None}) when it is not an existing file / directory.</li>
 * </ul>
 *
 * <pre>{@code
 * DefaultVerifyPaths p = Tls.getDefaultVerifyPaths();
 * p.cafile();          // "/usr/lib/jvm/java-17/lib/security/cacerts" (no SSL_CERT_FILE set)
 * p.opensslCafileEnv() // "SSL_CERT_FILE"
 * }</pre>
 */
public record DefaultVerifyPaths(String cafile, String capath, String opensslCafileEnv, String opensslCafile,
                                 String opensslCapathEnv, String opensslCapath) {
    /** The variable that replaces the default CA file. */
    public static final String CAFILE_ENV = "SSL_CERT_FILE";
    /** The variable that replaces the default CA directory. */
    public static final String CAPATH_ENV = "SSL_CERT_DIR";

    /** The paths for this process's environment and system properties. */
    public static DefaultVerifyPaths current() {
        return of(System.getenv(), System::getProperty);
    }

    /** The paths for the given environment and system properties (for tests). */
    static DefaultVerifyPaths of(Map<String, String> env, Function<String, String> properties) {
        String jdkStore = jdkTrustStore(properties);
        String file = env.getOrDefault(CAFILE_ENV, jdkStore);
        String dir = env.get(CAPATH_ENV);
        return new DefaultVerifyPaths(file != null && Files.isRegularFile(Path.of(file)) ? file : null,
                dir != null && !dir.isEmpty() && Files.isDirectory(Path.of(dir)) ? dir : null,
                CAFILE_ENV, jdkStore, CAPATH_ENV, null);
    }

    private static String jdkTrustStore(Function<String, String> properties) {
        String explicit = properties.apply("javax.net.ssl.trustStore");
        if (explicit != null && !explicit.isEmpty() && !explicit.equals("NONE")) {
            return explicit;
        }
        Path security = Path.of(properties.apply("java.home"), "lib", "security");
        Path jsse = security.resolve("jssecacerts");
        return (Files.isRegularFile(jsse) ? jsse : security.resolve("cacerts")).toString();
    }
}
