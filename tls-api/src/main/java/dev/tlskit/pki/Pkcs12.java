package dev.tlskit.pki;

import dev.tlskit.TlsCredentialException;
import dev.tlskit.TlsCredentialException.Kind;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Reads PKCS#12 files with the JDK's {@code KeyStore("PKCS12")} for {@link Identity#loadPkcs12}. */
final class Pkcs12 {
    private Pkcs12() {
    }

    static Identity load(Path file, PasswordSource password) throws TlsCredentialException {
        byte[] data = CredentialFiles.read(file);
        String source = file.toString();
        char[] pw = password == null ? new char[0] : password.password();
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try {
                ks.load(new ByteArrayInputStream(data), pw);
            } catch (IOException e) {
                if (e.getCause() instanceof UnrecoverableKeyException) {
                    throw new TlsCredentialException(Kind.BAD_PASSWORD, source,
                            "mac verify failure: wrong password for the PKCS#12 file " + source, e);
                }
                throw new TlsCredentialException(Kind.MALFORMED, source,
                        source + " is not a readable PKCS#12 file: " + e.getMessage(), e);
            }
            for (String alias : Collections.list(ks.aliases())) {
                if (!ks.isKeyEntry(alias)) {
                    continue;
                }
                Key key;
                try {
                    key = ks.getKey(alias, pw);
                } catch (UnrecoverableKeyException e) {
                    throw new TlsCredentialException(Kind.BAD_PASSWORD, source,
                            "bad decrypt: the private key '" + alias + "' in " + source + " needs another password", e);
                }
                Certificate[] chain = ks.getCertificateChain(alias);
                if (!(key instanceof PrivateKey pk) || chain == null || chain.length == 0) {
                    continue;
                }
                List<X509Certificate> certs = new ArrayList<>();
                for (Certificate c : chain) {
                    certs.add((X509Certificate) c);
                }
                return Identity.of(pk, certs);
            }
            throw new TlsCredentialException(Kind.MALFORMED, source,
                    source + " holds no private key with a certificate (export it with openssl pkcs12 -export -inkey)",
                    null);
        } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
            throw new TlsCredentialException(Kind.UNSUPPORTED_ALGORITHM, source,
                    "cannot read the PKCS#12 file " + source + ": " + e, e);
        } finally {
            Arrays.fill(pw, '\0');
            Arrays.fill(data, (byte) 0);
        }
    }
}
