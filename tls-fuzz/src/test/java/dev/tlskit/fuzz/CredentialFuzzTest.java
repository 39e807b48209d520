package dev.tlskit.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tlskit.Protocol;
import dev.tlskit.TlsContext;
import dev.tlskit.pki.Certificates;
import dev.tlskit.pki.Identity;
import dev.tlskit.pki.PasswordSource;
import dev.tlskit.pki.PrivateKeys;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Certificate, key, CRL and PKCS#12 loading with arbitrary bytes, with and without passwords: only
 * {@code TlsCredentialException}/{@code TlsException} or {@code IllegalArgumentException} may come out.
 */
class CredentialFuzzTest {
    private static PasswordSource password(FuzzedDataProvider d) {
        return switch (d.consumeInt(0, 2)) {
            case 0 -> null;
            case 1 -> PasswordSource.of(d.consumeString(64).toCharArray());
            default -> {
                String p = d.consumeString(64);
                yield PasswordSource.callback(() -> p);
            }
        };
    }

    @FuzzTest(maxDuration = Invariant.FUZZ_DURATION)
    void certificatesFromPem(FuzzedDataProvider d) {
        Invariant.onlyTypedFailures(() -> Certificates.fromPem(d.consumeRemainingAsString(), "fuzz input"));
    }

    @FuzzTest(maxDuration = Invariant.FUZZ_DURATION)
    void certificatesFromDer(byte[] der) {
        Invariant.onlyTypedFailures(() -> Certificates.fromDer(der, "fuzz input"));
    }

    @FuzzTest(maxDuration = Invariant.FUZZ_DURATION)
    void privateKeyFromPem(FuzzedDataProvider d) {
        PasswordSource pw = password(d);
        Invariant.onlyTypedFailures(() -> PrivateKeys.fromPem(d.consumeRemainingAsString(), "fuzz input", pw));
    }

    @FuzzTest(maxDuration = Invariant.FUZZ_DURATION)
    void privateKeyFromDer(FuzzedDataProvider d) {
        PasswordSource pw = password(d);
        Invariant.onlyTypedFailures(() -> PrivateKeys.fromDer(d.consumeRemainingAsBytes(), "fuzz input", pw));
    }

    /** The seed's {@code cadata}: PEM text, or DER bytes (one or more certificates back to back). */
    @FuzzTest(maxDuration = Invariant.FUZZ_DURATION)
    void verifyLocationsCadata(FuzzedDataProvider d) throws Exception {
        TlsContext ctx = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, "jdk");
        if (d.consumeBoolean()) {
            String pem = d.consumeRemainingAsString();
            Invariant.onlyTypedFailures(() -> ctx.loadVerifyLocations(null, null, pem));
        } else {
            byte[] der = d.consumeRemainingAsBytes();
            Invariant.onlyTypedFailures(() -> ctx.loadVerifyLocations(null, null, der));
        }
    }

    @FuzzTest(maxDuration = Invariant.FUZZ_DURATION)
    void crls(byte[] data) throws Exception {
        Path file = Files.createTempFile("fuzz", ".crl");
        try {
            Files.write(file, data);
            Invariant.onlyTypedFailures(() -> Certificates.readCrls(file));
        } finally {
            Files.delete(file);
        }
    }

    @FuzzTest(maxDuration = Invariant.FUZZ_DURATION)
    void pkcs12(FuzzedDataProvider d) throws Exception {
        PasswordSource pw = password(d);
        Path file = Files.createTempFile("fuzz", ".p12");
        try {
            Files.write(file, d.consumeRemainingAsBytes());
            Invariant.onlyTypedFailures(() -> Identity.loadPkcs12(file, pw));
        } finally {
            Files.delete(file);
        }
    }
}
