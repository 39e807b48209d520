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
 * (always in effect), {@link #VERIFY_X509_PARTIAL_CHAIN} 0x80000. Other bits are ignored here
 * ({@code TlsContext.setVerifyFlags} refuses {@code VERIFY_ALLOW_PROXY_CERTS} 0x40 before it gets here).
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
 * @param securityLevel             OpenSSL's security level (0-5) for keys and signatures in the chain: at the
 *                                  default 2, RSA keys under 2048 bits (codes 66/67) and SHA-1/MD5 signatures below
 *                                  the trust anchor (68) are refused, as a TLS connection on Debian's OpenSSL 3 does
 * @param verifyDepth               pyOpenSSL's {@code set_verify_depth}: at most this many intermediate CA
 *                                  certificates between the peer's certificate and the trust anchor, else error 22
 *                                  ({@code X509_V_ERR_CERT_CHAIN_TOO_LONG}); self-issued intermediates are not
 *                                  counted; {@link #UNLIMITED_DEPTH} (any negative value) means OpenSSL's default, no
 *                                  limit short of the 100 certificates a chain is cut at
 * @param webPkiProfile             apply the RFC 5280 / CA/Browser Forum profile rules (see {@code ProfileChecks}:
 *                                  serial numbers, key identifiers, critical extensions, weak keys and digests, CA
 *                                  leaves, CN copies of SANs); on by default. <b>Insecure:</b> {@code false} accepts
 *                                  certificates that webpki, Go and browsers refuse — for private PKIs that break
 *                                  the profile and cannot be reissued.
 */
public record TrustConfig(TrustSnapshot trust, int verifyFlagBits, boolean verifyPeer, boolean checkHostname,
                          boolean hostnameChecksCommonName, ChainCallback callback, Clock clock, int securityLevel,
                          int verifyDepth, boolean webPkiProfile) {
    /** OpenSSL's default security level on Debian and tlskit's ({@code @SECLEVEL=2}). */
    public static final int DEFAULT_SECURITY_LEVEL = 2;
    /** No limit on the number of intermediate CAs (chains are still cut at 100 certificates, OpenSSL's default). */
    public static final int UNLIMITED_DEPTH = -1;
    public static final int VERIFY_DEFAULT = 0;
    public static final int VERIFY_CRL_CHECK_LEAF = 0x4;
    public static final int VERIFY_CRL_CHECK_CHAIN = 0xC;
    public static final int VERIFY_X509_STRICT = 0x20;
    public static final int VERIFY_X509_TRUSTED_FIRST = 0x8000;
    public static final int VERIFY_X509_PARTIAL_CHAIN = 0x80000;

    public TrustConfig {
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(clock, "clock");
        if (securityLevel < 0 || securityLevel > 5) {
            throw new IllegalArgumentException("security level must be 0..5, got " + securityLevel);
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
        private int securityLevel = DEFAULT_SECURITY_LEVEL;
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

        /** OpenSSL's security level 0-5 (default 2); 0 accepts any key size and signature digest. */
        public Builder securityLevel(int level) {
            this.securityLevel = level;
            return this;
        }

        /** pyOpenSSL's verify depth: the most intermediate CAs allowed; negative ({@link #UNLIMITED_DEPTH}) for no limit. */
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
            return new TrustConfig(trust, flags, verifyPeer, checkHostname, checkCommonName, callback, clock,
                    securityLevel, verifyDepth, webPkiProfile);
        }
    }
}
