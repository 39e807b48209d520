package dev.tlskit.tck

import java.nio.file.Path
import javax.naming.ldap.LdapName
import javax.security.auth.x500.X500Principal
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/**
 * The CA names a TLS server sends when it asks for a client certificate, as `openssl s_client` (full output, not
 * `-brief`) prints them under `Acceptable client certificate CA names`, one name per line in OpenSSL's one-line form
 * (`O = tlskit corpus, CN = Corpus Root`).
 *
 * ```
 * OpenSslCaNames.sentBy(server.port, PeerTlsVersion.TLSv1_3, pki.root.certFile) shouldBe listOf("CN = Client CA")
 * ```
 */
public object OpenSslCaNames {
    /**
     * Connects to 127.0.0.1:[port] at exactly [version] (trusting [caFile], sending no certificate), writes `CLOSE\n`
     * and returns the names: empty for `No client certificate CA names sent`, `null` when the server asked for no
     * certificate at all (s_client printed neither).
     */
    @JvmStatic
    @JvmOverloads
    public fun sentBy(port: Int, version: PeerTlsVersion, caFile: Path, timeout: Duration = 30.seconds): List<String>? {
        val cmd = listOf(OpenSsl.binary, "s_client", "-connect", "127.0.0.1:$port", version.exactFlag, "-CAfile",
            caFile.toString(), "-no-CApath", "-no-CAstore", "-noservername")
        val r = Processes.run(cmd, "CLOSE\n".toByteArray(), timeout)
        return parse((r.stdoutText + "\n" + r.stderrText).lines())
    }

    internal fun parse(lines: List<String>): List<String>? {
        if (lines.any { it.trim() == "No client certificate CA names sent" }) return emptyList()
        val start = lines.indexOfFirst { it.trim() == "Acceptable client certificate CA names" }
        if (start < 0) return null
        return lines.drop(start + 1).takeWhile {
            !it.startsWith("Client Certificate Types") && !it.startsWith("Requested Signature Algorithms") &&
                !it.startsWith("---") && it.isNotBlank()
        }.map { it.trim() }
    }

    /** [name] in OpenSSL's one-line form, attributes in certificate order: `O = tlskit corpus, CN = Corpus Root`. */
    @JvmStatic
    public fun oneLine(name: X500Principal): String =
        LdapName(name.getName(X500Principal.RFC2253)).rdns.joinToString(", ") { "${it.type} = ${it.value}" }
}
