package dev.tlskit.pki;

import java.time.Clock;
import java.util.Objects;

/**
 * Everything {@link TlsTrustManager} needs, frozen for one connection: the trusted certificates, the seed's
 * {@code verify_flags}, whether the peer is verified at all, hostname checking, and an optional pyOpenSSL-style
 * {@link ChainCallback}.
 *
 * <h2>verify flag bits</h2>
 * The seed's {@code VerifyFlags} values (OpenSSL's {@code X509_V_FLAG_*}): {@link #VERIFY_CRL_CHECK_LEAF} 0x4,
 * {@link #VERIFY_CRL_CHECK_CHAIN} 0xC, {@link #VERIFY_X509_STRICT} 0x20, {@link #VERIFY_X509_TRUSTED_FIRST} 0x8000
 * (always in effect), {@link #VERIFY_X509_PARTIAL_CHAIN} 0x80000. Other bits are ignored.
 *
 * <pre>{@code
 * TrustConfig cfg = TrustConfig.builder(store.snapshot())
 *         .verifyFlagBits(TrustConfig.VERIFY_CRL_CHECK_LEAF)
 *         .checkHostname(true)
 *         .build();
 * }</pre>
 *
 * @param trust                     the trusted certificates and CRLs
 * @param verifyFlagBits            the seed's {@code verify_flags} as bits
 * @param verifyPeer                false = <b>Insecure:</b> accept any chain (the seed's {@code CERT_NONE})
 * @param checkHostname             check the server's name/IP from {@code SSLEngine.getPeerHost()}
 * @param hostnameChecksCommonName  fall back to the subject CN when there is no DNS subjectAltName
 * @param callback                  pyOpenSSL's verify callback, or {@code null}
 * @param clock                     the time certificates and CRLs are checked against
 * @param verifyDepth               the most intermediate CAs a chain may have (self-issued ones not counted), or
 *                                  {@link #UNLIMITED_DEPTH}; pyOpenSSL's {@code set_verify_depth}
 * @param webPkiProfile             apply the RFC 5280 / CA/Browser Forum profile rules (see {@code ProfileChecks}:
 *                                  serial numbers, key identifiers, critical extensions, weak keys and digests, CA
 *                                  leaves, CN copies of SANs); on by default. <b>Insecure:</b> {@code false} accepts
 *                                  certificates that webpki, Go and browsers refuse — for private PKIs that break
 *                                  the profile and cannot be reissued.
 */
public record TrustConfig(TrustSnapshot trust, int verifyFlagBits, boolean verifyPeer, boolean checkHostname,
                          boolean hostnameChecksCommonName, ChainCallback callback, Clock clock, int verifyDepth,
                          boolean webPkiProfile) {
    public static final int VERIFY_DEFAULT = 0;
    public static final int VERIFY_CRL_CHECK_LEAF = 0x4;
    public static final int VERIFY_CRL_CHECK_CHAIN = 0xC;
    public static final int VERIFY_X509_STRICT = 0x20;
    public static final int VERIFY_X509_TRUSTED_FIRST = 0x8000;
    public static final int VERIFY_X509_PARTIAL_CHAIN = 0x80000;
    /** No limit on the number of intermediate CAs (chains are still cut at 100 certificates). */
    public static final int UNLIMITED_DEPTH = -1;

    public TrustConfig {
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(clock, "clock");
        if (verifyDepth < UNLIMITED_DEPTH) {
            throw new IllegalArgumentException("verifyDepth must be >= 0 or UNLIMITED_DEPTH (-1), got " + verifyDepth);
        }
    }

    /** A builder with the seed's client defaults: verify the peer, check the host name, CN fallback on. */
    public static Builder builder(TrustSnapshot trust) {
        return new Builder(trust);
    }

    boolean crlCheck() {
        return (verifyFlagBits & VERIFY_CRL_CHECK_LEAF) != 0;
    }

    boolean crlCheckAll() {
        return crlCheck() && (verifyFlagBits & 0x8) != 0;
    }

    boolean strict() {
        return (verifyFlagBits & VERIFY_X509_STRICT) != 0;
    }

    boolean partialChain() {
        return (verifyFlagBits & VERIFY_X509_PARTIAL_CHAIN) != 0;
    }

    /** Builds a {@link TrustConfig}. */
    public static final class Builder {
        private final TrustSnapshot trust;
        private int flags = VERIFY_X509_TRUSTED_FIRST;
        private boolean verifyPeer = true;
        private boolean checkHostname = true;
        private boolean checkCommonName = true;
        private ChainCallback callback;
        private Clock clock = Clock.systemUTC();
        private int verifyDepth = UNLIMITED_DEPTH;
        private boolean webPkiProfile = true;

        private Builder(TrustSnapshot trust) {
            this.trust = Objects.requireNonNull(trust, "trust");
        }

        public Builder verifyFlagBits(int bits) {
            this.flags = bits;
            return this;
        }

        /** <b>Insecure:</b> {@code false} accepts any certificate chain. */
        public Builder verifyPeer(boolean verify) {
            this.verifyPeer = verify;
            return this;
        }

        public Builder checkHostname(boolean check) {
            this.checkHostname = check;
            return this;
        }

        public Builder hostnameChecksCommonName(boolean check) {
            this.checkCommonName = check;
            return this;
        }

        public Builder callback(ChainCallback cb) {
            this.callback = cb;
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** The most intermediate CAs a chain may have, self-issued ones not counted; {@link #UNLIMITED_DEPTH} for no limit. */
        public Builder verifyDepth(int depth) {
            this.verifyDepth = depth;
            return this;
        }

        /** <b>Insecure:</b> {@code false} skips the WebPKI profile rules (see {@link TrustConfig#webPkiProfile()}). */
        public Builder webPkiProfile(boolean apply) {
            this.webPkiProfile = apply;
            return this;
        }

        public TrustConfig build() {
            return new TrustConfig(trust, flags, verifyPeer, checkHostname, checkCommonName, callback, clock, verifyDepth,
                    webPkiProfile);
        }
    }
}
