package dev.tlskit.tck.spec

import dev.tlskit.Capability
import dev.tlskit.CertificateVerificationException
import dev.tlskit.Option
import dev.tlskit.Protocol
import dev.tlskit.Purpose
import dev.tlskit.Tls
import dev.tlskit.TlsContext
import dev.tlskit.TlsException
import dev.tlskit.VerifyFlag
import dev.tlskit.WrapOptions
import dev.tlskit.tck.OpenSslClient
import dev.tlskit.tck.OpenSslClientOptions
import dev.tlskit.tck.OpenSslServer
import dev.tlskit.tck.OpenSslServerOptions
import dev.tlskit.tck.OpenSsl
import dev.tlskit.tck.Processes
import dev.tlskit.tck.PeerTlsVersion
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.collections.shouldNotBeEmpty
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldNotBeInstanceOf
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.seconds

/*
 * The security-defaults audit (issue 11): every default of TlsContext.create(PROTOCOL_TLS_CLIENT),
 * create(PROTOCOL_TLS_SERVER) and Tls.createDefaultContext(SERVER_AUTH), checked against the "Security defaults" table
 * of tls-api's package-info.java (read from the source tree, so the documentation cannot drift), and the defaults'
 * on-the-wire behaviour against openssl. What the parity specs already prove in depth is not repeated here:
 *
 * | default                                          | covered by                                         |
 * |--------------------------------------------------|----------------------------------------------------|
 * | exact option bits, no OP_LEGACY_SERVER_CONNECT   | CTX-04 (and OPT-01 for clearing/restoring)         |
 * | verify_flags of TLS_CLIENT / TLS_SERVER          | CTX-05                                             |
 * | num_tickets 2, settable on a server              | CTX-06                                             |
 * | security level 2, @SECLEVEL changes it           | CTX-07                                             |
 * | hostname_checks_common_name, turning it off      | CTX-08, VFY-06                                     |
 * | create_default_context client and server shapes  | CTX-09, CTX-10                                     |
 * | verify_mode / check_hostname per protocol        | CTX-03, VFY-02, VFY-03                             |
 * | TLS_SERVER version bounds; TLS 1.3 negotiated    | VER-01, VER-04                                     |
 * | no PSK/SRP/MD5/RC4/3DES suite; TLS 1.3 triple    | CIPH-03, CIPH-06; ECDHE negotiated: CIPH-07        |
 * | no compression                                   | OPT-04 (compression() is always empty)             |
 * | wrong host name refused (62), no trust (20)      | VFY-05, VFY-09, InteropSpec "code 62"              |
 * | renegotiate() API refused without RENEGOTIATION  | PCONN-12                                           |
 *
 * New here: the table itself (TLS_CLIENT bounds, post_handshake_auth, the default cipher list being exactly CPython's
 * string, ALPN), and on the wire: a default client refuses a TLS 1.1-only server and a server with only non-default
 * suites, createDefaultContext without a cafile refuses a server the system store does not trust, a default client
 * follows a server's secure renegotiation (OP_NO_RENEGOTIATION is not a default, in the seed or here), and a default
 * server refuses a TLS 1.1 client.
 */

/** One row of the documented table: the getter and the value per context, as written (`{@code ...}` contents). */
private data class DefaultsRow(val getter: String, val cells: List<List<String>>)

private const val TABLE_FILE = "tls-api/src/main/java/dev/tlskit/package-info.java"

/** The package-info.java of tls-api, looked for from the working directory upwards, or null outside the source tree. */
private fun packageInfo(): Path? {
    var dir: Path? = Path.of("").toAbsolutePath()
    while (dir != null) {
        val f = dir.resolve(TABLE_FILE)
        if (Files.isRegularFile(f)) return f
        dir = dir.parent
    }
    return null
}

private val CODE = Regex("""\{@code ([^}]*)}""")

/** The rows of the "Security defaults" table; "the same" repeats the cell to its left. */
private fun documentedDefaults(file: Path): List<DefaultsRow> {
    val text = Files.readAllLines(file).joinToString(" ") { it.trim().removePrefix("*").trim() }
    val section = text.substringAfter("<h2>Security defaults</h2>").substringBefore("</table>")
    return section.split("<tr>").filter { "<td>" in it }.map { row ->
        val cells = Regex("""<td>(.*?)</td>""").findAll(row).map { it.groupValues[1] }.toList()
        val values = mutableListOf<List<String>>()
        for (cell in cells.drop(1)) {
            values += if (cell.trim() == "the same") values.last() else CODE.findAll(cell).map { it.groupValues[1].trim() }.toList()
        }
        DefaultsRow(CODE.find(cells[0])!!.groupValues[1].removeSuffix("()"), values)
    }
}

private fun names(cell: String): Set<String> = cell.split(',').map { it.trim() }.filter { it.isNotEmpty() }.toSet()

/** The constant a seed name denotes, aliases included (`OP_SINGLE_DH_USE` is a static alias, not an enum constant). */
private inline fun <reified T> constant(name: String): T = T::class.java.getField(name).get(null) as T

public fun securityDefaultsSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"
    val columns = listOf("TLS_CLIENT", "TLS_SERVER", "createDefaultContext(SERVER_AUTH)")

    fun contexts(): List<TlsContext> = listOf(
        TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider),
        TlsContext.create(Protocol.PROTOCOL_TLS_SERVER, provider),
        Tls.createDefaultContext(Purpose.SERVER_AUTH),
    )

    /** Checks one documented cell against [ctx]. */
    fun check(row: DefaultsRow, ctx: TlsContext, cell: List<String>) {
        val v = cell.first()
        when (row.getter) {
            "minimumVersion" -> ctx.minimumVersion().name shouldBe v
            "maximumVersion" -> ctx.maximumVersion().name shouldBe v
            "verifyMode" -> ctx.verifyMode().name shouldBe v
            "checkHostname" -> ctx.checkHostname().toString() shouldBe v
            "hostnameChecksCommonName" -> ctx.hostnameChecksCommonName().toString() shouldBe v
            "verifyFlags" -> VerifyFlag.toBits(ctx.verifyFlags()) shouldBe VerifyFlag.toBits(names(v).map { constant<VerifyFlag>(it) }.toSet())
            "options" -> Option.toBits(ctx.options()) shouldBe Option.toBits(names(v).map { constant<Option>(it) }.toSet())
            "getCiphers" -> {
                // the default list is exactly what the documented strings select on this provider
                val suites = cell[1]
                val explicit = TlsContext.create(ctx.protocol().get(), provider).apply {
                    setCiphers(v)
                    if (Capability.TLS13_CIPHERSUITE_SELECTION in provider().capabilities()) setCiphersuites(suites)
                }
                val actual = ctx.getCiphers().map { it.name() }
                actual.shouldNotBeEmpty()
                actual shouldContainExactly explicit.getCiphers().map { it.name() }
                val tls13 = ctx.getCiphers().filter { it.protocol() == "TLSv1.3" }.map { it.name() }
                if (tls13.isNotEmpty()) tls13 shouldContainExactlyInAnyOrder suites.split(':')
            }
            "securityLevel" -> ctx.securityLevel().toString() shouldBe v
            "numTickets" -> ctx.numTickets().toString() shouldBe v
            "postHandshakeAuth" -> ctx.postHandshakeAuth().toString() shouldBe v
            "alpnProtocols" -> (ctx.alpnProtocols() ?: emptyList()).joinToString(",").ifEmpty { "none" } shouldBe v
            else -> error("the Security defaults table has a row this spec does not know: ${row.getter}; add it here")
        }
    }

    test("$p every default of TLS_CLIENT, TLS_SERVER and createDefaultContext(SERVER_AUTH) is the documented table's")
        .config(enabledIf = { packageInfo() != null }) {
            val rows = documentedDefaults(packageInfo()!!)
            rows.map { it.getter } shouldContainExactly listOf("minimumVersion", "maximumVersion", "verifyMode",
                "checkHostname", "hostnameChecksCommonName", "verifyFlags", "options", "getCiphers", "securityLevel",
                "numTickets", "postHandshakeAuth", "alpnProtocols")
            val ctxs = contexts()
            ctxs[2].provider().name() shouldBe provider
            for (row in rows) {
                row.cells.size shouldBe 3
                for ((i, ctx) in ctxs.withIndex()) {
                    withClue("${row.getter}() of ${columns[i]} on $provider") { check(row, ctx, row.cells[i]) }
                }
            }
        }

    fun defaultClient(): TlsContext = Tls.createDefaultContext(Purpose.SERVER_AUTH, pki.root.certFile, null, null as String?)

    fun loopback(port: Int) = Socket(InetAddress.getLoopbackAddress(), port).apply { soTimeout = 20_000 }

    test("$p a default client refuses a server that speaks only TLS 1.1, and the server sees no version it accepts") {
        val options = OpenSslServerOptions.of(pki.localhost).copy(version = PeerTlsVersion.TLSv1_1,
            cipherList = "DEFAULT:@SECLEVEL=0")
        OpenSslServer(options).use { server ->
            val e = shouldThrow<TlsException> { defaultClient().wrapSocket(loopback(server.port), WrapOptions.client("localhost")) }
            e.shouldNotBeInstanceOf<CertificateVerificationException>()
            val session = server.awaitSessions(1).single()
            session.established shouldBe false
            session.errors.joinToString() shouldContain "unsupported protocol"
        }
    }

    test("$p a default client refuses a TLS 1.2 server whose only suite is outside the default list (RSA key exchange, SHA-1 MAC)") {
        val options = OpenSslServerOptions.of(pki.localhost).copy(version = PeerTlsVersion.TLSv1_2, cipherList = "AES128-SHA")
        OpenSslServer(options).use { server ->
            val e = shouldThrow<TlsException> { defaultClient().wrapSocket(loopback(server.port), WrapOptions.client("localhost")) }
            e.shouldNotBeInstanceOf<CertificateVerificationException>()
            server.awaitSessions(1).single().established shouldBe false
        }
    }

    test("$p createDefaultContext without a cafile trusts only the system store: a server of the test root is refused with code 20") {
        OpenSslServer(OpenSslServerOptions.of(pki.localhost)).use { server ->
            val e = shouldThrow<CertificateVerificationException> {
                Tls.createDefaultContext(Purpose.SERVER_AUTH).wrapSocket(loopback(server.port), WrapOptions.client("localhost"))
            }
            e.verifyCode() shouldBe 20
            server.awaitSessions(1).single().established shouldBe false
        }
    }

    test("$p a default client follows a TLS 1.2 server's secure renegotiation, as the seed's OpenSSL client does") {
        // OP_NO_RENEGOTIATION is not a default: openssl s_server's "r" command sends a HelloRequest while the client
        // is blocked in a read; the client renegotiates inside that read, and the server (-state) reads a second
        // ClientHello and a second Finished before the data it sends next arrives
        val stdbuf = listOf("/usr/bin/stdbuf", "/bin/stdbuf").firstOrNull { java.io.File(it).canExecute() }
        val command = listOfNotNull(stdbuf, stdbuf?.let { "-oL" }) + listOf(OpenSsl.binary, "s_server",
            "-accept", "127.0.0.1:0", "-tls1_2", "-state", "-cert", pki.localhost.certFile.toString(), "-key",
            pki.localhost.keyFile.toString(), "-no-CAfile", "-no-CApath", "-no-CAstore", "-naccept", "1") +
            listOfNotNull(pki.localhost.intermediatesFile).flatMap { listOf("-cert_chain", it.toString()) }
        Processes.start(command, mergeStderr = true).use { server ->
            val port = server.awaitStdoutLine(20.seconds) { it.startsWith("ACCEPT 127.0.0.1:") }.substringAfterLast(':').toInt()
            fun count(state: String) = server.stdoutLines().count { it == "SSL_accept:SSLv3/TLS $state" }
            defaultClient().wrapSocket(loopback(port), WrapOptions.client("localhost")).use { tls ->
                tls.version().get() shouldBe "TLSv1.2"
                server.awaitStdoutLine(20.seconds) { it.startsWith("CIPHER is") }
                val read = CompletableFuture.supplyAsync {
                    val buf = ByteArray(64)
                    String(buf, 0, tls.read(buf, 0, buf.size))
                }
                server.write("r\n".toByteArray())
                val deadline = System.nanoTime() + 20_000_000_000L
                while ((count("read client hello") < 2 || count("read finished") < 2) && System.nanoTime() < deadline) {
                    Thread.sleep(20) // bounded polling of the server's output
                }
                withClue(server.stdoutText()) {
                    count("read client hello") shouldBe 2
                    count("read finished") shouldBe 2
                }
                server.write("hello\n".toByteArray())
                read.get(30, TimeUnit.SECONDS) shouldBe "hello\n"
            }
        }
    }

    test("$p a default server refuses a TLS 1.1 client") {
        val serverCtx = TlsContext.create(Protocol.PROTOCOL_TLS_SERVER, provider).apply {
            loadCertChain(pki.localhost.chainFile, pki.localhost.keyFile, null)
        }
        ServerSocket(0, 1, InetAddress.getLoopbackAddress()).use { listener ->
            val served = CompletableFuture.supplyAsync {
                listener.accept().use { raw ->
                    raw.soTimeout = 20_000
                    runCatching { serverCtx.wrapSocket(raw, WrapOptions.server()).close() }.exceptionOrNull()
                }
            }
            val r = OpenSslClient.connect(listener.localPort, OpenSslClientOptions(caFile = pki.root.certFile,
                serverName = "localhost", version = PeerTlsVersion.TLSv1_1, cipherList = "DEFAULT:@SECLEVEL=0"))
            r.established shouldBe false
            val failure = served.get(30, TimeUnit.SECONDS)
            (failure is TlsException) shouldBe true
        }
    }
}
