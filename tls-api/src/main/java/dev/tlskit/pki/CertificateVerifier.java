package dev.tlskit.pki;

import dev.tlskit.Purpose;
import dev.tlskit.TlsCredentialException;
import dev.tlskit.VerifyFlag;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies a certificate chain without a connection: OpenSSL's {@code X509_verify_cert}, the library call behind
 * {@code openssl verify}. It runs the very verifier every tlskit handshake uses ({@link TlsTrustManager}), so a
 * verdict here is the verdict a tlskit client or server reaches for the same chain, on every backend.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * CertificateVerifier verifier = CertificateVerifier.builder()
 *         .caFile(Path.of("roots.pem"))
 *         .purpose(Purpose.SERVER_AUTH)            // the chain is a server's
 *         .at(Instant.parse("2026-01-01T00:00:00Z"))
 *         .build();
 * VerificationResult r = verifier.verify(Certificates.read(Path.of("chain.pem")), "www.example.com");
 * r.verified();       // false
 * r.verifyCode();     // 10
 * r.verifyMessage();  // "certificate has expired"
 * r.depth();          // 0
 * }</pre>
 * The same question on the command line: {@code openssl verify -CAfile roots.pem -untrusted rest.pem -purpose sslserver
 * -verify_hostname www.example.com -attime 1767225600 leaf.pem}, or {@code tlskit verify --cafile roots.pem --host
 * www.example.com --at 2026-01-01T00:00:00Z chain.pem}.
 *
 * <h2>What is checked</h2>
 * Everything {@link TlsTrustManager} checks: chain building (trusted issuers first, then the untrusted certificates
 * after the leaf), CA flags, path length and {@linkplain Builder#maxDepth(int) depth}, purpose
 * ({@link Purpose#SERVER_AUTH}: the chain is a server's, {@link Purpose#CLIENT_AUTH}: a client's), the RFC 5280 and
 * CA/Browser Forum profile rules a WebPKI verifier applies, name constraints, the host name (RFC 6125 / RFC 9525) or IP
 * address, CRLs with {@link VerifyFlag#VERIFY_CRL_CHECK_LEAF}/{@link VerifyFlag#VERIFY_CRL_CHECK_CHAIN}, signatures and
 * validity at the {@linkplain Builder#at(Instant) given time}.
 *
 * <h2>Security</h2>
 * Unlike the seed's {@code hostname_checks_common_name}, the subject common name is <em>not</em> a host name here
 * unless {@link Builder#hostnameChecksCommonName(boolean)} turns it on (RFC 9525 section 6.4.4). A {@code null} host
 * checks no name at all: only do that when the caller checks the identity itself.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CertificateVerifier {
    private final TrustConfig config;
    private final ChainVerifier.Peer peer;

    private CertificateVerifier(TrustConfig config, ChainVerifier.Peer peer) {
        this.config = config;
        this.peer = peer;
    }

    /** A builder with no trust anchors, {@link Purpose#SERVER_AUTH}, the system clock and no depth limit. */
    public static Builder builder() {
        return new Builder();
    }

    /** The configuration the shared verifier runs with (the same type a {@link TlsTrustManager} takes). */
    public TrustConfig config() {
        return config;
    }

    /** Verifies {@code chain} (leaf first, then untrusted intermediates in any order) checking no peer name. */
    public VerificationResult verify(List<X509Certificate> chain) {
        return run(chain, null);
    }

    /**
     * Verifies {@code chain} (leaf first, then untrusted intermediates) for {@code host}: a DNS name, or an IPv4/IPv6
     * literal (then the leaf needs a matching IP subjectAltName, code 64 otherwise); {@code null} checks no name.
     */
    public VerificationResult verify(List<X509Certificate> chain, String host) {
        if (host != null && host.isEmpty()) {
            throw new IllegalArgumentException("host is empty; pass null to check no peer name");
        }
        return run(chain, host);
    }

    /** Verifies {@code chain} for the IP address {@code ip}. */
    public VerificationResult verify(List<X509Certificate> chain, InetAddress ip) {
        Objects.requireNonNull(ip, "ip");
        return run(chain, ip.getHostAddress());
    }

    private VerificationResult run(List<X509Certificate> chain, String host) {
        Objects.requireNonNull(chain, "chain");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain is empty: pass the leaf certificate first, then intermediates");
        }
        ChainVerifier v = new ChainVerifier(config, null);
        try {
            v.verify(chain.toArray(new X509Certificate[0]), peer, host);
            return VerificationResult.ok(v.chain());
        } catch (VerificationFailure f) {
            return VerificationResult.failed(f, v.chain());
        }
    }

    @Override
    public String toString() {
        return "CertificateVerifier(" + config.trust() + ", " + (peer == ChainVerifier.Peer.SERVER ? "server" : "client")
                + " chains, flags 0x" + Integer.toHexString(config.verifyFlagBits()) + ")";
    }

    /** Builds a {@link CertificateVerifier}; trust inputs add up. */
    public static final class Builder {
        private final TrustStore store = new TrustStore();
        private Set<VerifyFlag> flags = EnumSet.of(VerifyFlag.VERIFY_X509_TRUSTED_FIRST);
        private Purpose purpose = Purpose.SERVER_AUTH;
        private int maxDepth = TrustConfig.UNLIMITED_DEPTH;
        private boolean checkCommonName;
        private Clock clock = Clock.systemUTC();
        private boolean webPkiProfile = true;

        private Builder() {
        }

        /** Trusts everything in {@code trust} (certificates and CRLs), e.g. a {@link TrustStore#snapshot()}. */
        public Builder trust(TrustSnapshot trust) {
            Objects.requireNonNull(trust, "trust");
            store.addCertificates(trust.certificates());
            store.addCrls(trust.crls());
            return this;
        }

        /** Trusts these certificates as anchors. */
        public Builder trustAnchors(Collection<X509Certificate> anchors) {
            store.addCertificates(anchors);
            return this;
        }

        /** Trusts the certificates (and loads the CRLs) of a PEM or DER file: {@code openssl verify -CAfile}. */
        public Builder caFile(Path cafile) throws TlsCredentialException {
            store.addCaFile(cafile);
            return this;
        }

        /** Trusts a CA directory ({@code c_rehash} names or plain files): {@code openssl verify -CApath}. */
        public Builder caPath(Path capath) {
            store.addCaPath(capath);
            return this;
        }

        /** CRLs to check with the CRL flags. */
        public Builder crls(Collection<X509CRL> crls) {
            store.addCrls(crls);
            return this;
        }

        /** The CRLs of a PEM or DER file: {@code openssl verify -CRLfile}. */
        public Builder crlFile(Path file) throws TlsCredentialException {
            store.addCrls(file);
            return this;
        }

        /** The seed's {@code verify_flags}; {@link VerifyFlag#VERIFY_X509_TRUSTED_FIRST} is always in effect. */
        public Builder verifyFlags(Set<VerifyFlag> verifyFlags) {
            this.flags = EnumSet.noneOf(VerifyFlag.class);
            this.flags.addAll(verifyFlags);
            return this;
        }

        /** Whose chain this is: {@link Purpose#SERVER_AUTH} (default) a server's, {@link Purpose#CLIENT_AUTH} a client's. */
        public Builder purpose(Purpose p) {
            this.purpose = Objects.requireNonNull(p, "purpose");
            return this;
        }

        /**
         * The most intermediate CAs allowed between the leaf and the trust anchor, self-issued ones not counted
         * ({@code openssl verify -verify_depth}); {@link TrustConfig#UNLIMITED_DEPTH} (default) for no limit. Too many
         * gives code 22 ({@code certificate chain too long}).
         */
        public Builder maxDepth(int depth) {
            if (depth < TrustConfig.UNLIMITED_DEPTH) {
                throw new IllegalArgumentException("maxDepth must be >= 0 or TrustConfig.UNLIMITED_DEPTH, got " + depth);
            }
            this.maxDepth = depth;
            return this;
        }

        /**
         * <b>Insecure:</b> {@code true} lets the subject common name stand for a host name when the leaf has no DNS
         * subjectAltName (the seed's {@code hostname_checks_common_name}); off by default, as RFC 9525 asks.
         */
        public Builder hostnameChecksCommonName(boolean check) {
            this.checkCommonName = check;
            return this;
        }

        /**
         * <b>Insecure:</b> {@code false} skips the RFC 5280 / CA/Browser Forum profile rules (see
         * {@link TrustConfig#webPkiProfile()}), for a private PKI whose certificates break them.
         */
        public Builder webPkiProfile(boolean apply) {
            this.webPkiProfile = apply;
            return this;
        }

        /** The clock whose current instant certificates and CRLs are checked against. */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** Checks validity at this instant: {@code openssl verify -attime}. */
        public Builder at(Instant instant) {
            return clock(Clock.fixed(Objects.requireNonNull(instant, "instant"), ZoneOffset.UTC));
        }

        public CertificateVerifier build() {
            TrustSnapshot trust = store.snapshot();
            TrustConfig config = TrustConfig.builder(trust)
                    .verifyFlagBits(VerifyFlag.toBits(flags) | TrustConfig.VERIFY_X509_TRUSTED_FIRST)
                    .checkHostname(true)
                    .hostnameChecksCommonName(checkCommonName)
                    .clock(clock)
                    .verifyDepth(maxDepth)
                    .webPkiProfile(webPkiProfile)
                    .build();
            return new CertificateVerifier(config,
                    purpose == Purpose.SERVER_AUTH ? ChainVerifier.Peer.SERVER : ChainVerifier.Peer.CLIENT);
        }
    }
}
