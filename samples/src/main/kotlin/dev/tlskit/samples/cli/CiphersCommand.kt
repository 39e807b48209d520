package dev.tlskit.samples.cli

import dev.tlskit.Protocol
import dev.tlskit.TlsContext
import dev.tlskit.TlsException
import dev.tlskit.ciphers.CipherDetails
import dev.tlskit.ciphers.CipherList
import picocli.CommandLine.Command
import picocli.CommandLine.Option
import picocli.CommandLine.Parameters
import java.util.concurrent.Callable

@Command(
    name = "ciphers", mixinStandardHelpOptions = true,
    description = [
        "What an OpenSSL cipher string selects, in order, like `openssl ciphers`: the default TLS 1.3 suites first, " +
            "then the string's TLS 1.2-and-below suites. Suites the provider cannot do are marked.",
    ],
)
class CiphersCommand : Callable<Int> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "STRING", description = ["cipher string (default: OpenSSL's DEFAULT)"])
    var spec: String = CipherList.OPENSSL_DEFAULT

    @Option(names = ["--provider"], description = ["mark suites against this backend (default: the selected one)"])
    var provider: String? = null

    @Option(names = ["-v"], description = ["one line per suite, like `openssl ciphers -v`"])
    var verbose = false

    @Option(names = ["--json"], description = ["a JSON array of get_ciphers()-style objects plus `supported`"])
    var json = false

    override fun call(): Int {
        val prov = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider).provider()
        val supported = prov.supportedCipherSuites()
        val suites = try {
            CipherList.parseCiphersuites(CipherList.OPENSSL_DEFAULT_CIPHERSUITES) + CipherList.select(spec).suites()
        } catch (e: TlsException) {
            System.err.println("tlskit ciphers: ${e.message}")
            return 1
        }
        val rows = suites.map { s -> CipherDetails.of(s) to s.javaName().map { it in supported }.orElse(false) }
        when {
            json -> println(Report.json(rows.map { (d, ok) -> d.toDict() + ("supported" to ok) }))
            verbose -> rows.forEach { (d, ok) -> println(if (ok) d.description() else "${d.description()} [not on ${prov.name()}]") }
            else -> println(rows.joinToString(":") { (d, ok) -> if (ok) d.name() else "(${d.name()})" })
        }
        return 0
    }
}
