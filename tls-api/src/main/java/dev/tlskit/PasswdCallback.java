package dev.tlskit;

/**
 * pyOpenSSL's {@code Context.set_passwd_cb(callback)} callback: returns the password of an encrypted private key that
 * {@link TlsContext#usePrivateKeyFile} is loading. Called once per encrypted key, never for a plain one.
 *
 * <pre>{@code
 * ctx.setPasswdCb((maxLength, verify) -> System.getenv("KEY_PASSWORD").getBytes(UTF_8));
 * ctx.usePrivateKeyFile(Path.of("key.pem"), FileType.FILETYPE_PEM);
 * }</pre>
 *
 * <p>As in pyOpenSSL: a result longer than {@code maxLength} (1024) is cut to {@code maxLength}; an empty or wrong
 * password fails the load with a {@link TlsCredentialException}; a runtime exception thrown here comes out of
 * {@code usePrivateKeyFile} unchanged.
 */
@FunctionalInterface
public interface PasswdCallback {
    /**
     * @param maxLength the longest password OpenSSL accepts ({@code PEM_BUFSIZE}, 1024)
     * @param verify    whether the password is being set (asked twice) rather than used; {@code false} when loading
     * @return the password bytes
     */
    byte[] password(int maxLength, boolean verify);
}
