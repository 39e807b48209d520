package dev.tlskit.samples.cli

import dev.tlskit.Protocol
import dev.tlskit.TlsContext
import dev.tlskit.TlsVersion
import picocli.CommandLine.ITypeConverter
import picocli.CommandLine.Option
import picocli.CommandLine.TypeConversionException
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

    // Typed, so that a bad version is a usage error (exit 2) found before any connection is made.
    @Option(names = ["--tls-min"], converter = [TlsVersionConverter::class], description = ["lowest version: 1.2 or 1.3 (also TLSv1.2 ...)"])
    var tlsMin: TlsVersion? = null

    @Option(names = ["--tls-max"], converter = [TlsVersionConverter::class], description = ["highest version: 1.2 or 1.3"])
    var tlsMax: TlsVersion? = null

    @Option(names = ["--json"], description = ["print one JSON object per line"])
    var json: Boolean = false

    /** A context for [protocol] with these options applied. */
    fun context(protocol: Protocol): TlsContext {
        val ctx = TlsContext.create(protocol, provider)
        tlsMax?.let { ctx.setMaximumVersion(it) }
        tlsMin?.let { ctx.setMinimumVersion(it) }
        cafile?.let { ctx.loadVerifyLocations(it) }
        cert?.let { ctx.loadCertChain(it, key, null) }
        if (alpn.isNotEmpty()) ctx.setAlpnProtocols(alpn)
        return ctx
    }
}

/** `1.2`, `1.3`, `TLSv1.2`, `tlsv1.3` -> [TlsVersion]. */
class TlsVersionConverter : ITypeConverter<TlsVersion> {
    override fun convert(value: String): TlsVersion {
        val number = value.removePrefix("TLSv").removePrefix("tlsv").removePrefix("TLS").removePrefix("tls").trim()
        return TlsVersion.fromJavaName("TLSv$number").filter { it.isConcrete }.orElseThrow {
            TypeConversionException("unknown TLS version '$value': use 1.2 or 1.3")
        }
    }
}
