package dev.tlskit.kotlin

import dev.tlskit.FileType
import dev.tlskit.PeerVerify
import dev.tlskit.Purpose
import dev.tlskit.AlpnSelectCallback
import dev.tlskit.SniCallback
import dev.tlskit.TlsContext
import dev.tlskit.TlsVersion
import dev.tlskit.VerifyCallback
import dev.tlskit.VerifyFlag
import dev.tlskit.VerifyMode
import dev.tlskit.pki.Identity
import dev.tlskit.pki.PasswordSource
import java.nio.file.Path
import java.util.EnumSet

/**
 * Trust anchors for verifying the peer, inside `trust { }`. Each call adds; nothing here removes trust.
 *
 * ```
 * trust {
 *     pemFile(Path.of("ca.pem"))       // load_verify_locations(cafile)
 *     pem(System.getenv("EXTRA_CA"))   // load_verify_locations(cadata=...)
 *     system()                         // load_default_certs()
 * }
 * ```
 */
@TlsDsl
public class TrustScope internal constructor(private val settings: Settings) {
    /** Seed `load_verify_locations(cafile)`: the certificates (and CRLs) in a PEM file (DER is accepted too). */
    public fun pemFile(path: Path) {
        settings.trustOps += { it.loadVerifyLocations(path) }
    }

    /** Seed `load_verify_locations(capath=...)`: an OpenSSL hashed CA directory. */
    public fun directory(path: Path) {
        settings.trustOps += { it.loadVerifyLocations(null, path, null as String?) }
    }

    /** Seed `load_verify_locations(cadata=text)`: PEM certificates given as text. */
    public fun pem(text: String) {
        settings.trustOps += { it.loadVerifyLocations(null, null, text) }
    }

    /** Seed `load_verify_locations(cadata=bytes)`: DER certificates (concatenation allowed). */
    public fun der(bytes: ByteArray) {
        val copy = bytes.copyOf()
        settings.trustOps += { it.loadVerifyLocations(null, null, copy) }
    }

    /** Seed `load_default_certs(purpose)`: the platform's trusted CAs. */
    public fun system(purpose: Purpose = Purpose.SERVER_AUTH) {
        settings.trustOps += { it.loadDefaultCerts(purpose) }
    }

    /** Seed `set_default_verify_paths()`: `SSL_CERT_FILE`/`SSL_CERT_DIR` if set, else the JDK's CAs. */
    public fun defaultVerifyPaths() {
        settings.trustOps += { it.setDefaultVerifyPaths() }
    }
}

/**
 * This side's certificate chain and private key, inside `identity { }`. A second identity with another key type (RSA
 * and EC) is added beside the first, as the seed's `load_cert_chain` does.
 *
 * ```
 * identity {
 *     certChain(Path.of("rsa-chain.pem"), Path.of("rsa.key"), PasswordSource.of("secret".toCharArray()))
 *     certChain(Path.of("ec-chain.pem"), Path.of("ec.key"))
 * }
 * ```
 */
@TlsDsl
public class IdentityScope internal constructor(private val settings: Settings) {
    /**
     * Seed `load_cert_chain(certfile, keyfile, password)`.
     *
     * @param key `null` when the key is in [chain]
     * @param password `null` for an unencrypted key
     */
    public fun certChain(chain: Path, key: Path? = null, password: PasswordSource? = null) {
        settings.identityOps += { it.loadCertChain(chain, key, password) }
    }

    /** An identity built in code (chain leaf first). */
    public fun identity(identity: Identity) {
        settings.identityOps += { it.useIdentity(identity) }
    }

    /** pyOpenSSL `use_certificate_file(path, type)`: pair it with [privateKeyFile]. */
    public fun certificateFile(path: Path, type: FileType = FileType.FILETYPE_PEM) {
        settings.identityOps += { it.useCertificateFile(path, type) }
    }

    /** pyOpenSSL `use_certificate_chain_file(path)`: leaf followed by its intermediates. */
    public fun certificateChainFile(path: Path) {
        settings.identityOps += { it.useCertificateChainFile(path) }
    }

    /** pyOpenSSL `use_privatekey_file(path, type)`: an unencrypted key for [certificateFile]. */
    public fun privateKeyFile(path: Path, type: FileType = FileType.FILETYPE_PEM) {
        settings.identityOps += { it.usePrivateKeyFile(path, type) }
    }
}

/** What the scopes collected; applied to a new context by [applyTo] in the documented order. */
internal class Settings {
    var verifyMode: VerifyMode? = null
    var checkHostname: Boolean? = null
    var hostnameChecksCommonName: Boolean? = null
    var verifyDepth: Int? = null
    var minimumVersion: TlsVersion? = null
    var maximumVersion: TlsVersion? = null
    var verify: Pair<EnumSet<PeerVerify>, VerifyCallback?>? = null
    val alpn = mutableListOf<String>()
    var alpnSelect: AlpnSelectCallback? = null
    var sniCallback: SniCallback? = null
    val optionOps = mutableListOf<(TlsContext) -> Unit>()
    val verifyFlagOps = mutableListOf<(Set<VerifyFlag>) -> Set<VerifyFlag>>()
    val trustOps = mutableListOf<(TlsContext) -> Unit>()
    val identityOps = mutableListOf<(TlsContext) -> Unit>()

    fun applyTo(ctx: TlsContext) {
        checkHostname?.let { ctx.setCheckHostname(it) }
        verifyMode?.let { ctx.setVerifyMode(it) }
        verify?.let { (mode, callback) -> ctx.setVerify(mode, callback) }
        hostnameChecksCommonName?.let { ctx.setHostnameChecksCommonName(it) }
        verifyDepth?.let { ctx.setVerifyDepth(it) }
        minimumVersion?.let { ctx.setMinimumVersion(it) }
        maximumVersion?.let { ctx.setMaximumVersion(it) }
        optionOps.forEach { it(ctx) }
        if (verifyFlagOps.isNotEmpty()) {
            ctx.setVerifyFlags(verifyFlagOps.fold(ctx.verifyFlags() as Set<VerifyFlag>) { flags, op -> op(flags) })
        }
        if (alpn.isNotEmpty()) ctx.setAlpnProtocols(alpn.toList())
        alpnSelect?.let { ctx.setAlpnSelectCallback(it) }
        sniCallback?.let { ctx.setSniCallback(it) }
        trustOps.forEach { it(ctx) }
        identityOps.forEach { it(ctx) }
    }
}
