package dev.tlskit.tck

import java.nio.file.Path
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/**
 * TLS protocol versions as the peers spell them. Both `openssl` (`-min_protocol TLSv1.2`)
 * and the Python peer (`--min-version TLSv1.2`) take [openSslName].
 */
public enum class PeerTlsVersion(public val openSslName: String, internal val exactFlag: String) {
    TLSv1("TLSv1", "-tls1"),
    TLSv1_1("TLSv1.1", "-tls1_1"),
    TLSv1_2("TLSv1.2", "-tls1_2"),
    TLSv1_3("TLSv1.3", "-tls1_3"),
    ;

    public companion object {
        /** The version whose [openSslName] is [name] (`"TLSv1.3"`), or `null`. */
        @JvmStatic
        public fun fromOpenSslName(name: String): PeerTlsVersion? = entries.firstOrNull { it.openSslName == name }
    }
}

/**
 * The verdict of `openssl verify`.
 *
 * @property exitCode 0 when the certificate verified.
 * @property output standard output and error together.
 * @property errorCode the first `error N at depth D` code OpenSSL printed (10 expired,
 *   9 not yet valid, 20 unable to get local issuer, 23 revoked, 62 hostname mismatch, ...),
 *   or `null` when none was printed.
 * @property errorDepth the depth of that error.
 * @property errorMessage the text after the code, e.g. `certificate has expired`.
 */
public class OpenSslVerifyResult(
    public val exitCode: Int,
    public val output: String,
    public val errorCode: Int?,
    public val errorDepth: Int?,
    public val errorMessage: String?,
) {
    /** Whether OpenSSL accepted the certificate. */
    public val ok: Boolean get() = exitCode == 0 && errorCode == null

    override fun toString(): String = "OpenSslVerifyResult(exit=$exitCode, error=$errorCode at depth $errorDepth: $errorMessage)"
}

/** The `openssl` command-line tool: where it is and the one-shot commands the kit needs. */
public object OpenSsl {
    /** The `openssl` executable: `$TLSKIT_OPENSSL` if set, else `openssl` from `PATH`. */
    @JvmStatic
    public val binary: String get() = System.getenv("TLSKIT_OPENSSL") ?: "openssl"

    /** `openssl version` output, e.g. `OpenSSL 3.0.19 27 Jan 2026 (Library: ...)`. */
    @JvmStatic
    public val version: String by lazy { Processes.run(listOf(binary, "version"), timeout = 10.seconds).stdoutText.trim() }

    /** Whether an `openssl` binary can be run here. */
    @JvmStatic
    public val isAvailable: Boolean by lazy { runCatching { version.startsWith("OpenSSL") }.getOrDefault(false) }

    private val errorLine = Regex("""error (\d+) at (\d+) depth lookup: ?(.*)""")

    /**
     * Runs `openssl verify -CAfile caFile [-untrusted u]... [-CRLfile crl -crl_check]
     * [-verify_hostname h] [-purpose p] cert`.
     */
    @JvmStatic
    public fun verify(
        caFile: Path,
        cert: Path,
        untrusted: List<Path> = emptyList(),
        crlFile: Path? = null,
        verifyHostname: String? = null,
        purpose: String? = null,
        timeout: Duration = 20.seconds,
    ): OpenSslVerifyResult {
        val cmd = mutableListOf(binary, "verify", "-CAfile", caFile.toString())
        untrusted.forEach { cmd += listOf("-untrusted", it.toString()) }
        if (crlFile != null) cmd += listOf("-CRLfile", crlFile.toString(), "-crl_check")
        if (verifyHostname != null) cmd += listOf("-verify_hostname", verifyHostname)
        if (purpose != null) cmd += listOf("-purpose", purpose)
        cmd += cert.toString()
        return verifyWith(cmd.drop(2), timeout)
    }

    /**
     * Runs `openssl verify` with exactly [arguments] (options, then the certificate file) and parses the first
     * `error N at D depth lookup: text` line, for callers that need options [verify] does not offer (`-attime`,
     * `-verify_ip`, `-partial_chain`, `-x509_strict`, `-auth_level`, `-crl_check_all`, several `-CRLfile`s, ...).
     */
    @JvmStatic
    @JvmOverloads
    public fun verifyWith(arguments: List<String>, timeout: Duration = 20.seconds): OpenSslVerifyResult {
        val r = Processes.run(listOf(binary, "verify") + arguments, timeout = timeout)
        val text = r.stdoutText + r.stderrText
        val m = errorLine.find(text)
        return OpenSslVerifyResult(
            r.exitCode, text, m?.groupValues?.get(1)?.toInt(), m?.groupValues?.get(2)?.toInt(), m?.groupValues?.get(3)?.trim(),
        )
    }
}
