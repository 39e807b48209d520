package dev.tlskit.samples.cli

import dev.tlskit.Protocol
import dev.tlskit.TlsContext
import dev.tlskit.TlsVersion
import picocli.CommandLine.Option
import java.nio.file.Path

/** Options shared by `client` and `server`. */
class CommonOptions {
    @Option(names = ["--cafile"], description = ["PEM file of CAs to trust"])
    var cafile: Path? = null

    @Option(names = ["--cert"], description = ["PEM certificate chain of this side"])
    var cert: Path? = null

    @Option(names = ["--key"], description = ["PEM private key of this side (default: in --cert)"])
    var key: Path? = null

    @Option(names = ["--alpn"], description = ["ALPN protocol to offer/accept (repeatable, in preference order)"])
    var alpn: MutableList<String> = mutableListOf()

    @Option(names = ["--provider"], description = ["backend to use (default: tlskit.provider, TLSKIT_PROVIDER, or the best available)"])
    var provider: String? = null

    @Option(names = ["--tls-min"], description = ["lowest version: 1.2 or 1.3 (also TLSv1.2 ...)"])
    var tlsMin: String? = null

    @Option(names = ["--tls-max"], description = ["highest version: 1.2 or 1.3"])
    var tlsMax: String? = null

    @Option(names = ["--json"], description = ["print one JSON object per line"])
    var json: Boolean = false

    /** A context for [protocol] with these options applied. */
    fun context(protocol: Protocol): TlsContext {
        val ctx = TlsContext.create(protocol, provider)
        tlsMax?.let { ctx.setMaximumVersion(version(it)) }
        tlsMin?.let { ctx.setMinimumVersion(version(it)) }
        cafile?.let { ctx.loadVerifyLocations(it) }
        cert?.let { ctx.loadCertChain(it, key, null) }
        if (alpn.isNotEmpty()) ctx.setAlpnProtocols(alpn)
        return ctx
    }

    private fun version(text: String): TlsVersion {
        val normal = if (text.startsWith("TLS", ignoreCase = true)) text else "TLSv$text"
        return TlsVersion.fromJavaName(normal).orElseThrow {
            IllegalArgumentException("unknown TLS version '$text': use 1.2 or 1.3")
        }
    }
}
