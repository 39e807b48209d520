package dev.tlskit.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tlskit.Protocol;
import dev.tlskit.TlsContext;
import dev.tlskit.pki.HostnameMatcher;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;

/** Text inputs: OpenSSL cipher strings on both backends, host names against arbitrary subjectAltNames. */
class NamesFuzzTest {
    @FuzzTest(maxDuration = Invariant.FUZZ_DURATION)
    void cipherStrings(FuzzedDataProvider d) throws Exception {
        String provider = d.consumeBoolean() ? "jdk" : "conscrypt";
        boolean tls13 = d.consumeBoolean();
        String spec = d.consumeRemainingAsString();
        TlsContext ctx = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider);
        Invariant.onlyTypedFailures(() -> {
            if (tls13) {
                ctx.setCiphersuites(spec);
            } else {
                ctx.setCiphers(spec);
            }
            ctx.getCiphers();
        });
    }

    @FuzzTest(maxDuration = Invariant.FUZZ_DURATION)
    void hostnames(FuzzedDataProvider d) throws Exception {
        List<GeneralName> sans = new ArrayList<>();
        int n = d.consumeInt(0, 3);
        for (int i = 0; i < n; i++) {
            sans.add(new GeneralName(GeneralName.dNSName, d.consumeAsciiString(40)));
        }
        String cn = d.consumeAsciiString(40).replaceAll("[,+=\"\\\\<>;#]", "");
        X509Certificate cert;
        try {
            cert = FuzzPki.certificate(cn.isEmpty() ? "O=fuzz" : "CN=" + cn, sans.toArray(GeneralName[]::new));
        } catch (Exception notMadeByBouncyCastle) {
            return; // BouncyCastle cannot encode this name: not an input for tlskit
        }
        boolean commonName = d.consumeBoolean();
        String host = d.consumeRemainingAsString();
        Invariant.onlyTypedFailures(() -> {
            HostnameMatcher.matchesHost(cert, host, commonName);
            HostnameMatcher.parseIpLiteral(host).ifPresent(ip -> HostnameMatcher.matchesIp(cert, ip));
        });
    }
}
