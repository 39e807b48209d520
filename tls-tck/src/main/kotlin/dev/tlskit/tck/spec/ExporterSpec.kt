package dev.tlskit.tck.spec

import dev.tlskit.Capability
import dev.tlskit.MemoryBio
import dev.tlskit.TlsConnection
import dev.tlskit.TlsVersion
import dev.tlskit.UnsupportedFeatureException
import dev.tlskit.WrapOptions
import dev.tlskit.tck.OpenSsl
import dev.tlskit.tck.Processes
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.collections.shouldNotContain
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import java.net.InetAddress
import java.net.ServerSocket
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

private const val EXPORT_LABEL = "EXPERIMENTAL-tlskit-tck"

private fun ByteArray.hex(): String = joinToString("") { "%02x".format(it) }

/**
 * Serves one `openssl s_client -keymatexport [label] -keymatexportlen 32` connection at [version] from a tlskit server
 * on [provider]; runs [onConnection] on the server connection right after the handshake and returns its value with the
 * hex keying material the client printed (lower case). (`s_server` does not print it; `s_client` does, without -brief.)
 */
private fun <T> againstKeymatexport(provider: String, version: TlsVersion, label: String,
                                    onConnection: (TlsConnection) -> T): Pair<T, String?> {
    val pool = Executors.newSingleThreadExecutor { r -> Thread(r, "tlskit-keymat").apply { isDaemon = true } }
    ServerSocket(0, 1, InetAddress.getLoopbackAddress()).use { listener ->
        try {
            val served = pool.submit<T> {
                listener.accept().use { raw ->
                    raw.soTimeout = 20_000
                    serverContext(provider).wrapSocket(raw, WrapOptions.server()).use { tls ->
                        val v = onConnection(tls.connection())
                        val buf = ByteArray(256)
                        while (tls.read(buf, 0, buf.size) >= 0) { /* until the client leaves */ }
                        v
                    }
                }
            }
            val r = Processes.run(listOf(OpenSsl.binary, "s_client", "-connect", "127.0.0.1:${listener.localPort}",
                "-CAfile", pki.root.certFile.toString(), "-servername", "localhost", "-verify_return_error",
                if (version == TlsVersion.TLSv1_3) "-tls1_3" else "-tls1_2",
                "-keymatexport", label, "-keymatexportlen", "32"), "CLOSE\n".toByteArray())
            val value = served.get(30, TimeUnit.SECONDS)
            val printed = r.stdoutText.lines().firstOrNull { it.trim().startsWith("Keying material: ") }
                ?.substringAfter("Keying material: ")?.trim()?.lowercase()
            return value to printed
        } finally {
            pool.shutdownNow()
        }
    }
}

private fun memoryPair(provider: String, version: TlsVersion): MemoryPair {
    val client = clientContext(provider).apply { setMaximumVersion(version) }
    return MemoryPair.of(client, serverContext(provider)).also { it.handshake() }
}

/**
 * Issue 8 item 4: keying-material exporters (RFC 5705, RFC 8446 section 7.5), the `tls-exporter` channel binding
 * (RFC 9266), and the handshake secrets no backend exposes. Values are checked against `openssl s_client
 * -keymatexport`; a backend without [Capability.KEYING_MATERIAL_EXPORT] is shown to refuse.
 */
public fun exporterSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"
    val caps by lazy { clientContext(provider).provider().capabilities() }

    for (version in listOf(TlsVersion.TLSv1_2, TlsVersion.TLSv1_3)) {
        test("$p KEYING_MATERIAL_EXPORT: exported keying material equals openssl s_client's -keymatexport at ${version.seedName()}")
            .config(enabledIf = { Capability.KEYING_MATERIAL_EXPORT in caps }) {
                val (mine, peers) = againstKeymatexport(provider, version, EXPORT_LABEL) {
                    it.version().get() shouldBe version.seedName()
                    it.exportKeyingMaterial(EXPORT_LABEL, null, 32).hex()
                }
                peers shouldNotBe null
                mine shouldBe peers
            }
    }

    test("$p KEYING_MATERIAL_EXPORT: the tls-exporter binding is openssl's EXPORTER-Channel-Binding keying material at TLSv1.3")
        .config(enabledIf = { Capability.KEYING_MATERIAL_EXPORT in caps }) {
            val (mine, peers) = againstKeymatexport(provider, TlsVersion.TLSv1_3, "EXPORTER-Channel-Binding") {
                it.getTlsExporterBinding().hex()
            }
            mine.length shouldBe 64
            mine shouldBe peers
        }

    test("$p KEYING_MATERIAL_EXPORT: both sides agree; a null and an empty context differ at TLS 1.2 and not at TLS 1.3")
        .config(enabledIf = { Capability.KEYING_MATERIAL_EXPORT in caps }) {
            val tls12 = memoryPair(provider, TlsVersion.TLSv1_2)
            val ctx = byteArrayOf(1, 2, 3)
            tls12.client.exportKeyingMaterial(EXPORT_LABEL, ctx, 40).hex() shouldBe
                tls12.server.exportKeyingMaterial(EXPORT_LABEL, ctx, 40).hex()
            tls12.client.exportKeyingMaterial(EXPORT_LABEL, null, 32).hex() shouldNotBe
                tls12.client.exportKeyingMaterial(EXPORT_LABEL, ByteArray(0), 32).hex()
            val tls13 = memoryPair(provider, TlsVersion.TLSv1_3)
            tls13.client.exportKeyingMaterial(EXPORT_LABEL, null, 32).hex() shouldBe
                tls13.server.exportKeyingMaterial(EXPORT_LABEL, ByteArray(0), 32).hex()
            tls13.client.getTlsExporterBinding().hex() shouldBe tls13.server.getTlsExporterBinding().hex()
            tls13.client.getTlsExporterBinding().hex() shouldNotBe tls12.client.getTlsExporterBinding().hex()
        }

    test("$p KEYING_MATERIAL_EXPORT: before the handshake exporting is a state error, and a negative length is refused")
        .config(enabledIf = { Capability.KEYING_MATERIAL_EXPORT in caps }) {
            val conn = clientContext(provider).wrapBio(MemoryBio(), MemoryBio(), false, "localhost")
            shouldThrow<IllegalStateException> { conn.exportKeyingMaterial(EXPORT_LABEL, null, 32) }
                .message shouldContain "handshake not done"
            val pair = memoryPair(provider, TlsVersion.TLSv1_3)
            shouldThrow<IllegalArgumentException> { pair.client.exportKeyingMaterial(EXPORT_LABEL, null, -1) }
        }

    test("$p without KEYING_MATERIAL_EXPORT: export_keying_material and tls-exporter are refused after a real handshake with openssl s_client")
        .config(enabledIf = { Capability.KEYING_MATERIAL_EXPORT !in caps }) {
            val (refusals, _) = againstKeymatexport(provider, TlsVersion.TLSv1_3, EXPORT_LABEL) { conn ->
                conn.isHandshakeDone shouldBe true
                listOf(
                    shouldThrow<UnsupportedFeatureException> { conn.exportKeyingMaterial(EXPORT_LABEL, null, 32) },
                    shouldThrow<UnsupportedFeatureException> { conn.getTlsExporterBinding() },
                )
            }
            refusals.forEach {
                it.feature() shouldBe "export_keying_material"
                it.provider() shouldBe provider
                it.message shouldContain "KEYING_MATERIAL_EXPORT"
            }
        }

    test("$p FINISHED_MESSAGES and SESSION_SECRETS are absent and get_finished, client_random, master_key ... are refused")
        {
            caps shouldNotContain Capability.FINISHED_MESSAGES
            caps shouldNotContain Capability.SESSION_SECRETS
            val pair = memoryPair(provider, TlsVersion.TLSv1_2)
            val calls: List<Pair<String, (TlsConnection) -> Unit>> = listOf(
                "get_finished" to { c -> c.getFinished() }, "get_peer_finished" to { c -> c.getPeerFinished() },
                "client_random" to { c -> c.clientRandom() }, "server_random" to { c -> c.serverRandom() },
                "master_key" to { c -> c.masterKey() },
            )
            for ((feature, call) in calls) {
                for (conn in listOf(pair.client, pair.server)) {
                    val e = shouldThrow<UnsupportedFeatureException> { call(conn) }
                    e.feature() shouldBe feature
                    e.provider() shouldBe provider
                }
            }
        }
}
