package dev.tlskit.samples.cli

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.ObjectMapper
import dev.tlskit.Protocol
import dev.tlskit.TlsContext
import dev.tlskit.TlsSocket
import dev.tlskit.WrapOptions
import dev.tlskit.tck.ClientAuth
import dev.tlskit.tck.OpenSslClient
import dev.tlskit.tck.OpenSslClientOptions
import dev.tlskit.tck.OpenSslServer
import dev.tlskit.tck.OpenSslServerOptions
import dev.tlskit.tck.PeerTlsVersion
import dev.tlskit.tck.ProcessResult
import dev.tlskit.tck.Processes
import dev.tlskit.tck.PythonPeerOptions
import dev.tlskit.tck.PythonTlsPeer
import dev.tlskit.tck.RunningProcess
import dev.tlskit.tck.TestPki
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotBeBlank
import io.kotest.matchers.string.shouldStartWith
import java.io.ByteArrayOutputStream
import java.net.InetAddress
import java.net.Socket
import java.nio.file.Path
import kotlin.time.Duration.Companion.seconds

private val pki = TestPki.shared
private val mapper = ObjectMapper()

/** The `tlskit` command as a child JVM on the test classpath (which holds the CLI classes and their dependencies). */
private fun tlskit(vararg args: Any): List<String> =
    listOf(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // start-up dominates these short runs: skip the optimising JIT
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), "dev.tlskit.samples.cli.MainKt",
    ) + args.map { it.toString() }

private fun runTlskit(vararg args: Any, stdin: String = ""): ProcessResult =
    Processes.run(tlskit(*args), stdin.toByteArray(), timeout = 30.seconds)

private fun json(line: String): JsonNode = mapper.readTree(line)

/** The single JSON line a `client --json` run prints. */
private fun clientReport(r: ProcessResult): JsonNode {
    val lines = r.stdoutText.lines().filter { it.isNotBlank() }
    withClue(r) { lines shouldHaveSize 1 }
    return json(lines.single())
}

private fun JsonNode.text(field: String): String? = get(field)?.takeUnless { it.isNull }?.asText()

private fun peerVersion(v: String) = if (v == "1.3") PeerTlsVersion.TLSv1_3 else PeerTlsVersion.TLSv1_2

/** `tlskit server --accept 0 --json ...`, ready when constructed: its first line gave the port. */
private class TlskitServer(vararg args: Any) : AutoCloseable {
    val process: RunningProcess = Processes.start(tlskit("server", "--accept", 0, "--json", *args))
    val port: Int = try {
        json(process.awaitStdoutLine(30.seconds) { it.isNotBlank() })["listening"].asInt()
    } catch (e: Throwable) {
        process.close()
        throw e
    }

    /** One JSON object per finished connection, in the order they finished. */
    fun reports(): List<JsonNode> = process.stdoutLines().drop(1).filter { it.isNotBlank() }.map(::json)

    fun awaitReports(count: Int): List<JsonNode> =
        process.awaitValue(20.seconds, "$count connection report(s)") { reports().takeIf { it.size >= count } }

    fun awaitExit(): Int = process.waitFor(20.seconds)

    override fun close() = process.close()

    override fun toString() = "tlskit server on $port\n--- stdout\n${process.stdoutText()}\n--- stderr\n${process.stderrText()}"
}

private fun readExactly(tls: TlsSocket, n: Int): String {
    val out = ByteArrayOutputStream()
    val buf = ByteArray(n)
    while (out.size() < n) {
        val got = tls.read(buf, 0, n - out.size())
        if (got < 0) break
        out.write(buf, 0, got)
    }
    return out.toString(Charsets.UTF_8)
}

/** Both backends the samples module ships with; each CLI path is run on each of them. */
private val PROVIDERS = listOf("jdk", "conscrypt")

class CliTest : FunSpec({

    val serverCert = arrayOf("--cert", pki.localhost.chainFile, "--key", pki.localhost.keyFile)
    val clientCert = arrayOf("--cert", pki.client.chainFile, "--key", pki.client.keyFile)

    for (v in listOf("1.2", "1.3")) for (provider in PROVIDERS) {
        test("client on $provider talks to openssl s_server over TLS $v with ALPN and reports what the server negotiated") {
            OpenSslServer(OpenSslServerOptions.of(pki.localhost).copy(alpn = listOf("h2"), version = peerVersion(v))).use { server ->
                val r = runTlskit(
                    "client", "--connect", "127.0.0.1:${server.port}", "--cafile", pki.root.certFile, "--servername", "localhost",
                    "--alpn", "h2", "--alpn", "http/1.1", "--tls-min", v, "--provider", provider, "--json", stdin = "hello\nCLOSE\n",
                )
                val session = server.awaitSessions(1).single()
                withClue("$r\n$session") {
                    r.exitCode shouldBe 0
                    val j = clientReport(r)
                    j.text("provider") shouldBe provider
                    j.text("version") shouldBe "TLSv$v"
                    session.protocol shouldBe "TLSv$v"
                    j.text("cipher") shouldBe session.cipher
                    j.text("alpn") shouldBe "h2"
                    session.alpnSelected shouldBe "h2"
                    j.text("peer_subject")!! shouldContain "CN=localhost"
                    j["verified"].asBoolean() shouldBe true
                    j.text("received") shouldBe "olleh\n"
                    j.has("error") shouldBe false
                }
            }
        }
    }

    test("client presents its certificate to an openssl s_server that requires one, and fails without it") {
        OpenSslServer(
            OpenSslServerOptions.of(pki.localhost).copy(
                caFile = pki.root.certFile, clientAuth = ClientAuth.REQUIRE, alpn = listOf("h2"),
                version = PeerTlsVersion.TLSv1_3, connections = 2,
            ),
        ).use { server ->
            val base = arrayOf("client", "--connect", "127.0.0.1:${server.port}", "--cafile", pki.root.certFile,
                "--servername", "localhost", "--alpn", "h2", "--tls-min", "1.3", "--json")
            val ok = runTlskit(*base, *clientCert, stdin = "mutual\nCLOSE\n")
            val refused = runTlskit(*base, stdin = "no cert\nCLOSE\n")
            val sessions = server.awaitSessions(2)
            withClue("$ok\n$refused\n$sessions") {
                ok.exitCode shouldBe 0
                val j = clientReport(ok)
                j.text("version") shouldBe "TLSv1.3"
                j.text("cipher") shouldBe sessions[0].cipher
                j.text("alpn") shouldBe "h2"
                j.text("received") shouldBe "lautum\n"
                sessions[0].peerCertificate!! shouldContain "tlskit client"

                // TLS 1.3: the client's handshake ends before the server checks the certificate; the alert comes on read
                refused.exitCode shouldNotBe 0
                clientReport(refused)["error"].text("type")!!.shouldNotBeBlank()
                sessions[1].failed shouldBe true
            }
        }
    }

    test("client refuses a server certificate for another host with verify code 62 and a non-zero exit status") {
        OpenSslServer(OpenSslServerOptions.of(pki.wrongHost)).use { server ->
            val r = runTlskit("client", "--connect", "127.0.0.1:${server.port}", "--cafile", pki.root.certFile,
                "--servername", "localhost", "--json", stdin = "hello\nCLOSE\n")
            withClue(r) {
                r.exitCode shouldNotBe 0
                val error = clientReport(r)["error"]
                error.text("type") shouldBe "CertificateVerificationException"
                error["verify_code"].asInt() shouldBe 62
                error.text("verify_message")!!.shouldNotBeBlank()
                error.text("message")!!.shouldNotBeBlank()
            }
            server.awaitSessions(1).single().failed shouldBe true
        }
    }

    test("client with --tls-min 1.3 does not fall back to a TLS 1.2-only server") {
        OpenSslServer(OpenSslServerOptions.of(pki.localhost).copy(version = PeerTlsVersion.TLSv1_2)).use { server ->
            val r = runTlskit("client", "--connect", "127.0.0.1:${server.port}", "--cafile", pki.root.certFile,
                "--servername", "localhost", "--tls-min", "1.3", "--json", stdin = "hello\nCLOSE\n")
            withClue(r) {
                r.exitCode shouldNotBe 0
                clientReport(r)["error"].text("type")!!.shouldNotBeBlank()
            }
        }
    }

    for (v in listOf("1.2", "1.3")) for (provider in PROVIDERS) {
        test("server --once on $provider accepts openssl s_client over TLS $v with ALPN and a verified client certificate") {
            TlskitServer("--once", *serverCert, "--alpn", "h2", "--verify-client", "--cafile", pki.root.certFile,
                "--close-line", "CLOSE", "--provider", provider).use { server ->
                val r = OpenSslClient.connect(
                    server.port,
                    OpenSslClientOptions(caFile = pki.root.certFile, serverName = "localhost", verifyHostname = "localhost",
                        alpn = listOf("h2"), version = peerVersion(v)).withClientCertificate(pki.client),
                    "abc\nline two\nCLOSE\n".toByteArray(),
                )
                withClue("$r\n$server") {
                    r.ok shouldBe true
                    r.protocol shouldBe "TLSv$v"
                    r.alpn shouldBe "h2"
                    r.verification shouldBe "OK"
                    r.receivedText shouldBe "abc\nline two\n"
                    server.awaitExit() shouldBe 0
                    val report = server.reports().single()
                    report.text("provider") shouldBe provider
                    report.text("version") shouldBe "TLSv$v"
                    report.text("cipher") shouldBe r.cipher
                    report.text("alpn") shouldBe "h2"
                    report.text("peer_subject")!! shouldContain "CN=tlskit client"
                    report["verified"].asBoolean() shouldBe true
                    report.has("error") shouldBe false
                }
            }
        }
    }

    test("server --once with --verify-client refuses a client without a certificate and exits non-zero") {
        TlskitServer("--once", *serverCert, "--verify-client", "--cafile", pki.root.certFile, "--close-line", "CLOSE").use { server ->
            val r = OpenSslClient.connect(server.port, OpenSslClientOptions(caFile = pki.root.certFile, serverName = "localhost",
                version = PeerTlsVersion.TLSv1_2))
            withClue("$r\n$server") {
                r.ok shouldBe false
                server.awaitExit() shouldNotBe 0
                server.reports().single()["error"].text("type")!!.shouldNotBeBlank()
            }
        }
    }

    test("server --once accepts a Python ssl client with hostname checking, ALPN and a client certificate") {
        TlskitServer("--once", *serverCert, "--alpn", "h2", "--alpn", "http/1.1", "--verify-client", "--cafile", pki.root.certFile,
            "--close-line", "CLOSE").use { server ->
            val r = PythonTlsPeer.client(
                server.port,
                PythonPeerOptions(caFile = pki.root.certFile, checkHostname = true, serverHostname = "localhost",
                    alpn = listOf("http/1.1"), minVersion = PeerTlsVersion.TLSv1_2, maxVersion = PeerTlsVersion.TLSv1_2,
                    certFile = pki.client.chainFile, keyFile = pki.client.keyFile),
                "from python\nCLOSE\n".toByteArray(),
            )
            withClue("$r\n$server") {
                r.error shouldBe null
                r.version shouldBe "TLSv1.2"
                r.alpn shouldBe "http/1.1"
                r.receivedText shouldBe "from python\n"
                r.eof shouldBe "close_notify"
                server.awaitExit() shouldBe 0
                val report = server.reports().single()
                report.text("version") shouldBe "TLSv1.2"
                report.text("cipher") shouldBe r.cipher
                report.text("alpn") shouldBe "http/1.1"
                report.text("peer_subject")!! shouldContain "CN=tlskit client"
                report["verified"].asBoolean() shouldBe true
            }
        }
    }

    test("server without --once serves connections concurrently and keeps running after a plain-text client and a reset") {
        TlskitServer(*serverCert, "--close-line", "CLOSE").use { server ->
            val ctx = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, "jdk").apply { loadVerifyLocations(pki.root.certFile) }
            val raw = Socket(InetAddress.getLoopbackAddress(), server.port).apply { soTimeout = 20_000 }
            ctx.wrapSocket(raw, WrapOptions.client("localhost")).use { held ->
                held.sendall("first\n".toByteArray())
                readExactly(held, 6) shouldBe "first\n"

                // while that connection stays open: garbage, then a good client
                Socket(InetAddress.getLoopbackAddress(), server.port).use { plain ->
                    plain.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".toByteArray())
                    val bad = server.awaitReports(1)[0]
                    withClue(server) { bad["error"].text("type")!!.shouldNotBeBlank() }
                }
                // a client that resets the connection after the handshake: one report, with what was negotiated and the error
                val dropped = Socket(InetAddress.getLoopbackAddress(), server.port).apply { soTimeout = 20_000 }
                ctx.wrapSocket(dropped, WrapOptions.client("localhost")).let { tls ->
                    tls.sendall("gone\n".toByteArray())
                    readExactly(tls, 5) shouldBe "gone\n"
                    dropped.setSoLinger(true, 0)
                    dropped.close() // RST, no close_notify
                }
                val reset = server.awaitReports(2)[1]
                withClue(server) {
                    reset.text("version")!!.shouldNotBeBlank()
                    reset["error"].text("type")!!.shouldNotBeBlank()
                }

                val r = OpenSslClient.connect(server.port, OpenSslClientOptions(caFile = pki.root.certFile, serverName = "localhost"),
                    "second\nCLOSE\n".toByteArray())
                withClue("$r\n$server") {
                    r.receivedText shouldBe "second\n"
                    val good = server.awaitReports(3)[2]
                    good.has("error") shouldBe false
                    good.text("version") shouldBe r.protocol
                }

                held.sendall("third\n".toByteArray())
                readExactly(held, 6) shouldBe "third\n"
            } // close_notify ends the first connection
            withClue(server) {
                val first = server.awaitReports(4)[3]
                first.has("error") shouldBe false
                first["verified"].asBoolean() shouldBe false
                server.process.isAlive shouldBe true
                server.reports() shouldHaveSize 4 // one line per connection, never two
            }
        }
    }

    test("client keeps reading for --idle seconds after its input ends, then closes with close_notify") {
        TlskitServer("--once", *serverCert).use { server ->
            // text mode, so that the echo shows on stdout as it arrives; the server never closes by itself
            Processes.start(tlskit("client", "--connect", "127.0.0.1:${server.port}", "--cafile", pki.root.certFile,
                "--servername", "localhost", "--idle", 3)).use { client ->
                client.write("ping\n".toByteArray())
                client.awaitStdoutLine(30.seconds) { it == "ping" }
                client.closeStdin()
                val inputEnded = System.nanoTime()
                val status = client.waitFor(20.seconds)
                val quietMillis = (System.nanoTime() - inputEnded) / 1_000_000
                withClue("${client.stderrText()}\n$server") {
                    status shouldBe 0
                    // the default of 2 s would end sooner: a lower bound cannot flake on a slow machine
                    quietMillis shouldBeGreaterThanOrEqual 3_000L
                    server.awaitExit() shouldBe 0 // it saw close_notify, not a reset
                    server.reports().single().has("error") shouldBe false
                }
            }
        }
    }

    test("demo prints one verified handshake per available provider and exits 0") {
        val providers = runTlskit("providers", "--json")
        val demo = runTlskit("demo", "--json")
        withClue("$providers\n$demo") {
            providers.exitCode shouldBe 0
            val listed = providers.stdoutText.lines().filter { it.isNotBlank() }.map(::json)
            listed.map { it.text("name") } shouldContain "jdk"
            val jdk = listed.single { it.text("name") == "jdk" }
            jdk["available"].asBoolean() shouldBe true
            // the seed's OPENSSL_VERSION / _NUMBER / _INFO equivalents, from the running Java
            val rv = Runtime.version()
            jdk.text("version") shouldBe "SunJSSE (Java ${rv.version().joinToString(".")})"
            jdk["versionInfo"].map { it.asInt() } shouldBe listOf(rv.feature(), rv.interim(), rv.update(), rv.patch(), 15)
            jdk.text("versionNumber")!! shouldStartWith "0x${rv.feature().toString(16)}"
            val available = listed.filter { it["available"].asBoolean() }.map { it.text("name") }

            demo.exitCode shouldBe 0
            val lines = demo.stdoutText.lines().filter { it.isNotBlank() }.map(::json)
            lines.map { it.text("provider") } shouldContainExactlyInAnyOrder available
            for (line in lines) {
                line["verified"].asBoolean() shouldBe true
                line.text("version")!!.shouldNotBeBlank()
                line.text("alpn") shouldBe "h2"
                line.has("error") shouldBe false
            }
        }
    }

    test("usage errors exit with status 2 and say what is wrong") {
        val cases = listOf(
            listOf("client") to "--connect",
            listOf("client", "--connect", "localhost") to "host:port",
            listOf("client", "--connect", "127.0.0.1:1", "--tls-min", "1.7") to "1.7",
            listOf("server", "--accept", "0") to "--cert",
        )
        for ((args, says) in cases) {
            val r = runTlskit(*args.toTypedArray())
            withClue(r) {
                r.exitCode shouldBe 2
                r.stderrText shouldContain says
            }
        }
    }

    test("ciphers -v prints what openssl ciphers -v prints, and marks the suites a provider cannot do") {
        for (spec in listOf("ECDHE+AESGCM:kRSA+AES128", "HIGH:!aNULL:@STRENGTH", "DEFAULT")) for (provider in PROVIDERS) {
            val ours = runTlskit("ciphers", "-v", spec, "--provider", provider)
            val theirs = dev.tlskit.tck.Processes.run(listOf("openssl", "ciphers", "-v", spec))
            withClue("$spec on $provider\n$ours") {
                ours.exitCode shouldBe 0
                ours.stdoutText.lines().map { it.substringBefore(" [not on") }.filter { it.isNotBlank() } shouldBe
                    theirs.stdoutText.lines().filter { it.isNotBlank() }
            }
        }
        val json = ObjectMapper().readTree(runTlskit("ciphers", "--json", "kRSA+AES128+SHA256", "--provider", "conscrypt").stdoutText)
        json.map { it["name"].asText() } shouldContain "AES128-SHA256"
        json.first { it["name"].asText() == "AES128-SHA256" }["supported"].asBoolean() shouldBe false
        json.first { it["name"].asText() == "TLS_AES_128_GCM_SHA256" }["supported"].asBoolean() shouldBe true
        runTlskit("ciphers", "NOTHING-AT-ALL").exitCode shouldBe 1
    }
})
