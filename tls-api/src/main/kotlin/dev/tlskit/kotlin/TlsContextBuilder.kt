package dev.tlskit.kotlin

import dev.tlskit.Method
import dev.tlskit.AlpnSelectCallback
import dev.tlskit.Option
import dev.tlskit.SniCallback
import dev.tlskit.PeerVerify
import dev.tlskit.Protocol
import dev.tlskit.TlsContext
import dev.tlskit.TlsVersion
import dev.tlskit.VerifyCallback
import dev.tlskit.VerifyFlag
import dev.tlskit.VerifyMode
import java.util.EnumSet

/**
 * The top scope of [tlsContext]: everything that keeps or raises security. What lowers it is inside [dangerous].
 *
 * ```
 * tlsContext(Protocol.PROTOCOL_TLS_SERVER) {
 *     provider = "jdk"
 *     verifyMode = VerifyMode.CERT_REQUIRED             // ask clients for a certificate
 *     trust { pemFile(Path.of("clients-ca.pem")) }
 *     identity { certChain(Path.of("chain.pem"), Path.of("key.pem"), PasswordSource.of("pw".toCharArray())) }
 *     alpn("h2")
 * }
 * ```
 *
 * <h2>How values are applied</h2>
 * Properties are declarations: after the block, the context is created on [provider] and the final values are handed
 * to the Java setters in a fixed order — [checkHostname], [verifyMode], `verify(...)`, [hostnameChecksCommonName],
 * [minimumVersion], [maximumVersion], options, verify flags, ALPN, trust, identities. So the order of assignments in
 * the block does not matter, and a combination the seed refuses (hostname checking with `CERT_NONE`) fails with the
 * Java API's own exception. Calls that add ([alpn], [options], [verifyFlags], every `trust { }` and `identity { }`
 * block) accumulate: a second block adds to the first, it never resets it.
 *
 * Cipher strings are not in the Java API yet, so there is no `ciphers(...)` here; it will call
 * `TlsContext.setCiphers` once that exists.
 */
@TlsDsl
public class TlsContextBuilder internal constructor(private val protocol: Protocol?, private val method: Method?) {
    internal val settings = Settings()

    /** The backend (`"jdk"`, `"conscrypt"`); `null`: `tlskit.provider`, `TLSKIT_PROVIDER`, then the highest priority. */
    public var provider: String? = null

    /**
     * Seed `verify_mode`; `null` keeps the protocol's default. `CERT_NONE` weakens verification and is only accepted
     * inside [dangerous].
     */
    public var verifyMode: VerifyMode?
        get() = settings.verifyMode
        set(value) {
            require(value != VerifyMode.CERT_NONE) {
                "verifyMode = CERT_NONE turns certificate verification off; write it inside dangerous { }"
            }
            settings.verifyMode = value
        }

    /** Seed `check_hostname`; `null` keeps the default. Turning it off is only accepted inside [dangerous]. */
    public var checkHostname: Boolean?
        get() = settings.checkHostname
        set(value) {
            require(value != false) { "checkHostname = false accepts any host name; write it inside dangerous { }" }
            settings.checkHostname = value
        }

    /** Seed `hostname_checks_common_name` (default `true`, as in CPython); `null` keeps the default. */
    public var hostnameChecksCommonName: Boolean?
        get() = settings.hostnameChecksCommonName
        set(value) {
            settings.hostnameChecksCommonName = value
        }

    /** pyOpenSSL `set_verify_depth`: at most this many intermediate CAs in the peer's chain (null: OpenSSL's 100). */
    public var verifyDepth: Int?
        get() = settings.verifyDepth
        set(value) {
            settings.verifyDepth = value
        }

    /** Seed `minimum_version` (default TLS 1.2). Anything below TLS 1.2 is only accepted inside [dangerous]. */
    public var minimumVersion: TlsVersion?
        get() = settings.minimumVersion
        set(value) {
            require(value == null || !value.isLegacy()) {
                "minimumVersion = $value allows protocol versions below TLS 1.2; write it inside dangerous { }"
            }
            settings.minimumVersion = value
        }

    /** Seed `maximum_version` (default `MAXIMUM_SUPPORTED`). Anything below TLS 1.2 is only accepted in [dangerous]. */
    public var maximumVersion: TlsVersion?
        get() = settings.maximumVersion
        set(value) {
            require(value == null || !value.isLegacy()) {
                "maximumVersion = $value limits the connection to a version below TLS 1.2; write it inside dangerous { }"
            }
            settings.maximumVersion = value
        }

    /** Seed `set_alpn_protocols`: adds [protocols] to the list offered (client) or accepted (server), in this order. */
    public fun alpn(vararg protocols: String) {
        settings.alpn += protocols
    }

    /**
     * pyOpenSSL `set_alpn_select_callback`: a server picks the protocol from the client's offer ([AlpnSelectCallback]).
     *
     * ```
     * alpnSelect { _, offered -> if ("h2" in offered) AlpnSelection.of("h2") else AlpnSelection.NO_OVERLAPPING_PROTOCOLS }
     * ```
     */
    public fun alpnSelect(callback: AlpnSelectCallback) {
        settings.alpnSelect = callback
    }

    /**
     * Seed `sni_callback`: a server sees the requested host name and may switch the connection's context or return
     * an alert ([SniCallback]; `null` goes on).
     *
     * ```
     * sniCallback { conn, name, _ -> if (name == "b.example") conn.setContext(contextB); null }
     * ```
     */
    public fun sniCallback(callback: SniCallback) {
        settings.sniCallback = callback
    }

    /**
     * Seed `options |= ...`: adds options. Options that switch a protection off (`OP_IGNORE_UNEXPECTED_EOF`,
     * `OP_TLS_ROLLBACK_BUG`, `OP_DONT_INSERT_EMPTY_FRAGMENTS`, `OP_ALL`) are only accepted inside [dangerous].
     */
    public fun options(vararg options: Option) {
        val weak = options.filter { it in WEAKENING_OPTIONS }
        require(weak.isEmpty()) { "options $weak switch a protection off; add them inside dangerous { }" }
        settings.optionOps += { ctx -> ctx.addOptions(Option.toBits(options.toSet())) }
    }

    /** Seed `verify_flags |= ...`: adds certificate-verification flags. `VERIFY_ALLOW_PROXY_CERTS` needs [dangerous]. */
    public fun verifyFlags(vararg flags: VerifyFlag) {
        require(VerifyFlag.VERIFY_ALLOW_PROXY_CERTS !in flags) {
            "VERIFY_ALLOW_PROXY_CERTS accepts proxy certificates; add it inside dangerous { }"
        }
        settings.verifyFlagOps += { current -> current + flags }
    }

    /**
     * pyOpenSSL `set_verify(mode)` without a callback. [mode] must contain `VERIFY_PEER`; an empty set
     * (`VERIFY_NONE`) and callbacks, which can accept a failed certificate, are inside [dangerous].
     */
    public fun verify(vararg mode: PeerVerify) {
        require(PeerVerify.VERIFY_PEER in mode) { "verify(...) without VERIFY_PEER turns verification off; use dangerous { }" }
        settings.verify = EnumSet.copyOf(mode.toList()) to null
    }

    /** Adds trust anchors: `trust { pemFile(ca); system() }`. Each block adds to the ones before. */
    public fun trust(block: TrustScope.() -> Unit) {
        TrustScope(settings).block()
    }

    /** Adds this side's certificate chain and key: `identity { certChain(chain, key) }`. Each block adds. */
    public fun identity(block: IdentityScope.() -> Unit) {
        IdentityScope(settings).block()
    }

    /**
     * Settings that weaken security: turning verification or hostname checking off, versions below TLS 1.2, options
     * that switch protections off, clearing options or verify flags, verify callbacks. Each one is a deliberate,
     * greppable decision.
     *
     * ```
     * tlsContext(Protocol.PROTOCOL_TLS_CLIENT) {
     *     dangerous {                       // a test client for a self-signed server: never in production
     *         checkHostname = false
     *         verifyMode = VerifyMode.CERT_NONE
     *     }
     * }
     * ```
     */
    public fun dangerous(block: DangerousScope.() -> Unit) {
        DangerousScope(settings).block()
    }

    internal fun build(): TlsContext {
        val ctx = if (protocol != null) TlsContext.create(protocol, provider) else TlsContext.create(method!!, provider)
        settings.applyTo(ctx)
        return ctx
    }

    internal companion object {
        val WEAKENING_OPTIONS: Set<Option> = EnumSet.of(
            Option.OP_IGNORE_UNEXPECTED_EOF, Option.OP_TLS_ROLLBACK_BUG, Option.OP_DONT_INSERT_EMPTY_FRAGMENTS, Option.OP_ALL,
        )

        private fun TlsVersion.isLegacy() = this == TlsVersion.MINIMUM_SUPPORTED || this == TlsVersion.SSLv3 ||
            this == TlsVersion.TLSv1 || this == TlsVersion.TLSv1_1
    }
}

/**
 * Settings that weaken security, reachable only through [TlsContextBuilder.dangerous]. Every property and function
 * here is **Insecure:** it accepts peers, versions or behaviours that the defaults refuse.
 *
 * ```
 * dangerous {
 *     minimumVersion = TlsVersion.TLSv1          // a legacy peer that cannot be upgraded
 *     options(Option.OP_IGNORE_UNEXPECTED_EOF)   // it also drops TCP without close_notify
 * }
 * ```
 */
@TlsDsl
public class DangerousScope internal constructor(private val settings: Settings) {
    /** **Insecure:** seed `verify_mode`, `CERT_NONE` included (a client then accepts any server). */
    public var verifyMode: VerifyMode?
        get() = settings.verifyMode
        set(value) {
            settings.verifyMode = value
        }

    /** **Insecure:** seed `check_hostname`, `false` included (any host name the CA vouched for is accepted). */
    public var checkHostname: Boolean?
        get() = settings.checkHostname
        set(value) {
            settings.checkHostname = value
        }

    /** **Insecure:** seed `minimum_version`, legacy versions included. */
    public var minimumVersion: TlsVersion?
        get() = settings.minimumVersion
        set(value) {
            settings.minimumVersion = value
        }

    /** **Insecure:** seed `maximum_version`, legacy versions included. */
    public var maximumVersion: TlsVersion?
        get() = settings.maximumVersion
        set(value) {
            settings.maximumVersion = value
        }

    /** **Insecure:** adds any options, including those that switch protections off. */
    public fun options(vararg options: Option) {
        settings.optionOps += { ctx -> ctx.addOptions(Option.toBits(options.toSet())) }
    }

    /** **Insecure:** seed `options &= ~...` (pyOpenSSL `clear_options`): removes options. */
    public fun clearOptions(vararg options: Option) {
        settings.optionOps += { ctx -> ctx.clearOptions(Option.toBits(options.toSet())) }
    }

    /** **Insecure:** seed `options = mask`: replaces every option bit, known or not, at this point of the sequence. */
    public fun optionBits(bits: Long) {
        settings.optionOps += { ctx -> ctx.setOptionBits(bits) }
    }

    /** **Insecure:** adds any verify flags, `VERIFY_ALLOW_PROXY_CERTS` included. */
    public fun verifyFlags(vararg flags: VerifyFlag) {
        settings.verifyFlagOps += { current -> current + flags }
    }

    /** **Insecure:** removes verify flags (e.g. `VERIFY_X509_TRUSTED_FIRST`). */
    public fun clearVerifyFlags(vararg flags: VerifyFlag) {
        settings.verifyFlagOps += { current -> current - flags.toSet() }
    }

    /**
     * **Insecure:** pyOpenSSL `set_verify(mode, callback)`: any flags (empty for `VERIFY_NONE`) and a callback that
     * may accept a certificate that failed verification.
     */
    public fun verify(mode: Set<PeerVerify>, callback: VerifyCallback? = null) {
        settings.verify = (if (mode.isEmpty()) EnumSet.noneOf(PeerVerify::class.java) else EnumSet.copyOf(mode)) to callback
    }
}
