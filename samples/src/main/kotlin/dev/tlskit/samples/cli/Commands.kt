package dev.tlskit.samples.cli

import dev.tlskit.Protocol
import dev.tlskit.Tls
import dev.tlskit.TlsContext
import dev.tlskit.VerifyMode
import dev.tlskit.WrapOptions
import picocli.CommandLine.Command
import picocli.CommandLine.Option
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/** Exit status of a TLS or I/O failure; picocli's usage errors exit with 2. */
internal const val EXIT_TLS_FAILURE = 1

@Command(name = "providers", mixinStandardHelpOptions = true, description = ["List the installed backends and what they can do."])
class ProvidersCommand : Callable<Int> {
    @Option(names = ["--json"], description = ["one JSON object per provider"])
    var json = false

    @Option(names = ["--matrix"], description = ["print the capability matrix (capabilities x usable providers) as Markdown"])
    var matrix = false

    override fun call(): Int {
        if (matrix) {
            print(dev.tlskit.spi.CapabilityMatrix.markdown(Tls.providers()))
            return 0
        }
        for (p in Tls.providers()) {
            val a = p.availability()
            val info = linkedMapOf<String, Any?>(
                "name" to p.name(),
                "priority" to p.priority(),
                "available" to a.isAvailable,
                "reason" to if (a.isAvailable) null else a.reason(),
                // the seed's OPENSSL_VERSION, OPENSSL_VERSION_NUMBER (as hex() prints it) and OPENSSL_VERSION_INFO
                "version" to if (a.isAvailable) p.versionInfo().versionString() else null,
                "versionNumber" to if (a.isAvailable) p.versionInfo().versionNumberHex() else null,
                "versionInfo" to if (a.isAvailable) p.versionInfo().versionInfo() else null,
                "versions" to if (a.isAvailable) p.supportedVersions().map { it.name } else emptyList(),
                "capabilities" to if (a.isAvailable) p.capabilities().map { it.name } else emptyList(),
            )
            println(if (json) Report.json(info) else info.entries.joinToString(" ") { "${it.key}=${it.value}" })
        }
        return 0
    }
}

@Command(
    name = "demo", mixinStandardHelpOptions = true,
    description = ["A real TLS handshake on loopback on each installed provider: prints version, cipher, ALPN and the verified peer."],
)
class DemoCommand : Callable<Int> {
    @Option(names = ["--json"], description = ["one JSON object per provider"])
    var json = false

    override fun call(): Int {
        var failures = 0
        DemoPki.create().use { pki ->
            for (p in Tls.providers().filter { it.availability().isAvailable }) {
                val result = runCatching { handshake(p.name(), pki) }
                val line: Map<String, Any?> = result.getOrElse { e -> linkedMapOf("provider" to p.name(), "error" to Report.error(e)) }
                if (result.isFailure) failures++
                println(if (json) Report.json(line) else Report.text(line))
            }
        }
        return if (failures == 0) 0 else EXIT_TLS_FAILURE
    }

    private fun handshake(provider: String, pki: DemoPki): Map<String, Any?> {
        val server = TlsContext.create(Protocol.PROTOCOL_TLS_SERVER, provider)
        server.loadCertChain(pki.certFile, pki.keyFile, null)
        server.setAlpnProtocols(listOf("h2", "http/1.1"))
        val client = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider)
        client.loadVerifyLocations(pki.caFile)
        client.setAlpnProtocols(listOf("h2", "http/1.1"))
        val pool = Executors.newSingleThreadExecutor()
        ServerSocket(0, 1, InetAddress.getLoopbackAddress()).use { listener ->
            val echoed = pool.submit<Unit> {
                listener.accept().use { raw ->
                    server.wrapSocket(raw, WrapOptions.server()).use { tls ->
                        val buf = ByteArray(64)
                        val n = tls.read(buf, 0, buf.size)
                        if (n > 0) tls.write(buf, 0, n)
                    }
                }
            }
            try {
                Socket(listener.inetAddress, listener.localPort).use { raw ->
                    client.wrapSocket(raw, WrapOptions.client("localhost")).use { tls ->
                        tls.sendall("hello".toByteArray())
                        val back = tls.recv(64)
                        check(String(back) == "hello") { "the echo came back as '${String(back)}'" }
                        echoed.get(10, TimeUnit.SECONDS)
                        return Report.connection(provider, tls.connection(), verified = client.verifyMode() != VerifyMode.CERT_NONE)
                    }
                }
            } finally {
                pool.shutdownNow()
            }
        }
    }
}
