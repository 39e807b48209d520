package dev.tlskit.samples.cli

import dev.tlskit.Protocol
import dev.tlskit.Purpose
import dev.tlskit.TlsContext
import dev.tlskit.TlsException
import dev.tlskit.VerifyFlag
import dev.tlskit.limbo.AllowList
import dev.tlskit.limbo.LimboCorpus
import dev.tlskit.limbo.LimboRun
import dev.tlskit.pki.CertificateVerifier
import dev.tlskit.pki.Certificates
import picocli.CommandLine.ArgGroup
import picocli.CommandLine.Command
import picocli.CommandLine.Option
import picocli.CommandLine.Parameters
import java.nio.file.Path
import java.time.Instant
import java.time.format.DateTimeParseException
import java.util.EnumSet
import java.util.concurrent.Callable

@Command(
    name = "verify", mixinStandardHelpOptions = true,
    description = [
        "Verify a certificate chain like `openssl verify` (X509_verify_cert): chain.pem holds the leaf first, then " +
            "untrusted intermediates. Exit status 0 when verified, 1 when not, 2 on usage errors.",
        "With --limbo PATH: run the x509-limbo corpus through tlskit and the JDK PKIX baseline and print the summary.",
    ],
)
class VerifyCommand : Callable<Int> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "chain.pem", description = ["leaf certificate first, then intermediates"])
    var chainFile: Path? = null

    @Option(names = ["--provider"], description = ["check that this backend is usable (the verifier is the same on every backend)"])
    var provider: String? = null

    @Option(names = ["--cafile"], description = ["PEM file of trusted certificates (and CRLs): -CAfile"])
    var cafile: Path? = null

    @Option(names = ["--capath"], description = ["directory of trusted certificates: -CApath"])
    var capath: Path? = null

    @Option(names = ["--crl"], description = ["PEM or DER CRL file (repeatable): -CRLfile"])
    var crls: MutableList<Path> = mutableListOf()

    @Option(names = ["--crl-check"], description = ["check CRLs for the leaf or the whole chain: leaf|chain"])
    var crlCheck: CrlCheck? = null

    @Option(names = ["--purpose"], description = ["whose chain this is: server (default) or client"])
    var purpose: Role = Role.SERVER

    @ArgGroup(exclusive = true)
    var name: PeerName? = null

    @Option(names = ["--at"], description = ["verification time, ISO-8601 (e.g. 2026-01-01T00:00:00Z): -attime"])
    var at: String? = null

    @Option(names = ["--partial-chain"], description = ["accept a chain ending at a trusted non-self-signed certificate"])
    var partialChain = false

    @Option(names = ["--limbo"], paramLabel = "PATH", description = ["run the x509-limbo corpus (limbo.json.gz) instead"])
    var limbo: Path? = null

    @Option(names = ["--only"], paramLabel = "SUBSTRING", description = ["with --limbo: only cases whose id contains this"])
    var only: String? = null

    @Option(names = ["--json"], description = ["print the verdict (or the limbo summary) as JSON"])
    var json = false

    enum class CrlCheck { LEAF, CHAIN }
    enum class Role { SERVER, CLIENT }

    class PeerName {
        @Option(names = ["--host"], description = ["DNS name the leaf must be valid for: -verify_hostname"])
        var host: String? = null

        @Option(names = ["--ip"], description = ["IP address the leaf must be valid for: -verify_ip"])
        var ip: String? = null
    }

    override fun call(): Int {
        limbo?.let { return runLimbo(it) }
        val file = chainFile ?: return usage("give chain.pem (leaf first), or --limbo PATH")
        provider?.let { TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, it) } // fails early, listing the providers
        val time = try {
            at?.let { Instant.parse(it) }
        } catch (e: DateTimeParseException) {
            return usage("--at '$at' is not an ISO-8601 instant such as 2026-01-01T00:00:00Z")
        }
        val ip = name?.ip
        if (ip != null && !dev.tlskit.pki.HostnameMatcher.parseIpLiteral(ip).isPresent) {
            return usage("--ip '$ip' is not an IPv4 or IPv6 address")
        }
        return try {
            val b = CertificateVerifier.builder()
                .purpose(if (purpose == Role.CLIENT) Purpose.CLIENT_AUTH else Purpose.SERVER_AUTH)
                .verifyFlags(flags())
            cafile?.let { b.caFile(it) }
            capath?.let { b.caPath(it) }
            crls.forEach { b.crlFile(it) }
            time?.let { b.at(it) }
            val chain = Certificates.read(file)
            val r = b.build().verify(chain, ip ?: name?.host)
            val out = linkedMapOf<String, Any?>(
                "file" to file.toString(),
                "verified" to r.verified(),
                "verify_code" to r.verifyCode(),
                "verify_message" to r.verifyMessage(),
                "depth" to r.depth(),
                "chain" to r.chain().map { it.subjectX500Principal.name },
            )
            if (json) {
                println(Report.json(out))
            } else if (r.verified()) {
                println("$file: OK")
            } else {
                println("error ${r.verifyCode()} at ${r.depth()} depth lookup: ${r.verifyMessage()}")
                println("error $file: verification failed")
            }
            if (r.verified()) 0 else 1
        } catch (e: TlsException) {
            System.err.println("tlskit verify: ${e.message}")
            if (json) println(Report.json(mapOf("file" to file.toString(), "verified" to false, "error" to Report.error(e))))
            1
        }
    }

    private fun flags(): EnumSet<VerifyFlag> {
        val f = EnumSet.of(VerifyFlag.VERIFY_X509_TRUSTED_FIRST)
        when (crlCheck) {
            CrlCheck.LEAF -> f.add(VerifyFlag.VERIFY_CRL_CHECK_LEAF)
            CrlCheck.CHAIN -> f.add(VerifyFlag.VERIFY_CRL_CHECK_CHAIN)
            null -> {}
        }
        if (partialChain) f.add(VerifyFlag.VERIFY_X509_PARTIAL_CHAIN)
        return f
    }

    private fun runLimbo(path: Path): Int {
        val corpus = try {
            LimboCorpus.load(path)
        } catch (e: java.io.IOException) {
            System.err.println("tlskit verify: ${e.message}")
            return 1
        }
        val run = LimboRun.run(corpus, only)
        val allow = AllowList.load()
        if (json) {
            val groups = LimboRun.Group.entries.associate { g ->
                g.name.lowercase() to mapOf("tlskit" to run.tally(true, g), "jdk" to run.tally(false, g))
            }
            println(Report.json(linkedMapOf(
                "cases" to run.results.size,
                "seconds" to run.elapsed.toMillis() / 1000.0,
                "summary" to groups,
                "false_accepts" to run.tlskitFalseAccepts().map { mapOf("id" to it.case.id, "allowed" to allow.reason(it.case.id)) },
                "false_rejects" to run.tlskitFalseRejects().map { mapOf("id" to it.case.id, "verify_code" to it.tlskit?.code, "message" to it.tlskit?.message) },
                "skipped" to run.skipReasons(),
            )))
        } else {
            println(run.markdown(allow))
        }
        return if (run.unexcusedFalseAccepts(allow).isEmpty()) 0 else 1
    }

    private fun usage(message: String): Int {
        System.err.println("tlskit verify: $message")
        return 2
    }
}
