package dev.tlskit.tck.spec

import dev.tlskit.Capability
import dev.tlskit.Option
import dev.tlskit.TlsException
import dev.tlskit.TlsVersion
import dev.tlskit.WrapOptions
import dev.tlskit.ciphers.CipherList
import dev.tlskit.ciphers.CipherSuite
import dev.tlskit.ciphers.CipherSuites
import dev.tlskit.tck.OpenSslClient
import dev.tlskit.tck.OpenSslClientOptions
import dev.tlskit.tck.OpenSslServer
import dev.tlskit.tck.OpenSslServerOptions
import dev.tlskit.tck.PeerTlsVersion
import dev.tlskit.spi.TlsProvider
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.matchers.string.shouldStartWith
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import java.io.ByteArrayOutputStream
import java.net.InetAddress
import java.net.Socket

/**
 * What a string promises against an RSA-certificate peer: its first suite with RSA authentication that [provider] runs,
 * or `null` when it has none (e.g. DHE or CBC-SHA256 suites on BoringSSL, which implements neither).
 */
private fun firstForRsa(provider: String, list: List<CipherSuite>): String? =
    list.firstOrNull { it.authentication() == CipherSuite.Authentication.RSA && CipherList.usable(it, 2) && runs(provider, it) }
        ?.displayName()

private fun runs(provider: String, s: CipherSuite): Boolean =
    s.javaName().map { it in dev.tlskit.internal.ProviderCipherSuites.of(clientContext(provider).provider()) }.orElse(false)

/** The TLS 1.2 suites a tlskit context offers on defaults, by code. */
private fun defaultOffer(provider: String): Set<Int> =
    CipherList.select(dev.tlskit.internal.CipherConfig.DEFAULT_CIPHERS).suites()
        .filter { CipherList.usable(it, 2) && runs(provider, it) }.map { it.code() }.toSet()

private fun echo(provider: String, port: Int, configure: dev.tlskit.TlsContext.() -> Unit): String {
    val ctx = clientContext(provider).apply(configure)
    Socket(InetAddress.getLoopbackAddress(), port).apply { soTimeout = 20_000 }.let { raw ->
        ctx.wrapSocket(raw, WrapOptions.client("localhost")).use { tls ->
            tls.sendall("cipher\nCLOSE\n".toByteArray())
            val out = ByteArrayOutputStream()
            val buf = ByteArray(1024)
            while (true) {
                val n = tls.read(buf, 0, buf.size)
                if (n < 0) break
                out.write(buf, 0, n)
            }
            out.toString(Charsets.UTF_8) shouldBe "rehpic\n"
            return tls.cipher().get().name()
        }
    }
}

/**
 * Negotiated suites against real `openssl s_server -cipher`/`s_client -cipher` peers (TLS 1.2) and `-ciphersuites`
 * (TLS 1.3): the suite both sides report is the one the cipher string promised.
 */
public fun cipherInteropSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"
    val caps by lazy { clientContext(provider).provider().capabilities() }
    val serverPreference by lazy { clientContext(provider).provider().optionSupport(Option.OP_CIPHER_SERVER_PREFERENCE) }
    val clientStrings = listOf(
        "ECDHE+AESGCM:!ECDSA", "ECDHE+CHACHA20", "kRSA+AES128+SHA256", "DHE+AESGCM", "HIGH:!aNULL:!MD5:@STRENGTH",
        "ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-GCM-SHA384", "ECDHE+AES:+AESGCM", "AES256:-ECDHE:-DHE",
    )
    for (s in clientStrings) {
        test("$p client setCiphers('$s') to openssl s_server -tls1_2: the first RSA suite of the string is negotiated") {
            val suites = CipherList.select(s).suites()
            val want = firstForRsa(provider, suites)
            if (want == null && suites.none { runs(provider, it) }) {
                // the seed's answer when the provider implements none of the string's suites
                shouldThrow<TlsException> { clientContext(provider).setCiphers(s) }.message!! shouldStartWith "No cipher can be selected."
                return@test
            }
            OpenSslServer(OpenSslServerOptions.of(pki.localhost).copy(version = PeerTlsVersion.TLSv1_2, cipherList = "ALL")).use { server ->
                if (want == null) {
                    runCatching { echo(provider, server.port) { setCiphers(s) } }.isFailure shouldBe true
                } else {
                    echo(provider, server.port) { setCiphers(s) } shouldBe want
                    server.awaitSessions(1).single().cipher shouldBe want
                }
            }
        }
    }

    val serverStrings = listOf("ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-GCM-SHA256", "AESGCM+kRSA", "DHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-SHA256")
    for (s in serverStrings) {
        test("$p openssl s_server -cipher '$s' with a tlskit client on defaults: the server's choice among our offer") {
            val offered = defaultOffer(provider)
            val serverList = opensslCipherCodes(s)!!
            val want = serverList.firstOrNull { it in offered }
            OpenSslServer(OpenSslServerOptions.of(pki.localhost).copy(version = PeerTlsVersion.TLSv1_2, cipherList = s,
                extraArgs = listOf("-serverpref"))).use { server ->
                if (want == null) {
                    runCatching { echo(provider, server.port) {} }.isFailure shouldBe true
                } else {
                    echo(provider, server.port) {} shouldBe CipherSuites.fromCode(want).get().displayName()
                }
            }
        }
    }

    for (s in listOf("ECDHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-GCM-SHA384", "ECDHE+CHACHA20:ECDHE+AESGCM", "DHE+AES256")) {
        test("$p openssl s_client -cipher '$s' to a tlskit server without server preference: the client's first suite we enable")
            .config(enabledIf = { serverPreference == TlsProvider.OptionSupport.HONOURED }) {
                val enabled = defaultOffer(provider)
                val want = CipherSuites.fromCode(opensslCipherCodes(s, "-s", "-tls1_2")!!.first { it in enabled && CipherSuites.fromCode(it).get().authentication() == CipherSuite.Authentication.RSA }).get().displayName()
                val ctx = serverContext(provider).apply { clearOptions(Option.OP_CIPHER_SERVER_PREFERENCE.code()) }
                TlskitEchoServer(ctx).use { server ->
                    val r = OpenSslClient.connect(server.port, OpenSslClientOptions(caFile = pki.root.certFile, serverName = "localhost",
                        version = PeerTlsVersion.TLSv1_2, cipherList = s), "x\nCLOSE\n".toByteArray())
                    r.cipher shouldBe want
                    server.outcome().cipher shouldBe want
                }
            }
    }

    test("$p tlskit server with OP_CIPHER_SERVER_PREFERENCE and setCiphers: s_client offering ALL gets the server's first") {
        val s = "ECDHE+CHACHA20:ECDHE+AES256"
        val ctx = serverContext(provider).apply { setCiphers(s); addOptions(Option.OP_CIPHER_SERVER_PREFERENCE.code()) }
        TlskitEchoServer(ctx).use { server ->
            val r = OpenSslClient.connect(server.port, OpenSslClientOptions(caFile = pki.root.certFile, serverName = "localhost",
                version = PeerTlsVersion.TLSv1_2, cipherList = "ALL"), "x\nCLOSE\n".toByteArray())
            r.cipher shouldBe "ECDHE-RSA-CHACHA20-POLY1305"
            server.outcome().error.shouldBeNull()
        }
    }

    for (suite in listOf("TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256")) {
        test("$p TLS13_CIPHERSUITE_SELECTION: client setCiphersuites('$suite') to openssl s_server")
            .config(enabledIf = { Capability.TLS13_CIPHERSUITE_SELECTION in caps }) {
                OpenSslServer(OpenSslServerOptions.of(pki.localhost).copy(version = PeerTlsVersion.TLSv1_3)).use { server ->
                    echo(provider, server.port) { setCiphersuites(suite) } shouldBe suite
                    server.awaitSessions(1).single().cipher shouldBe suite
                }
            }

        test("$p TLS 1.3: openssl s_client -ciphersuites '$suite' to a tlskit server on defaults gets that suite") {
            TlskitEchoServer(serverContext(provider)).use { server ->
                val r = OpenSslClient.connect(server.port, OpenSslClientOptions(caFile = pki.root.certFile, serverName = "localhost",
                    version = PeerTlsVersion.TLSv1_3, cipherSuites = suite), "x\nCLOSE\n".toByteArray())
                r.cipher shouldBe suite
                server.outcome().cipher shouldBe suite
            }
        }
    }

    test("$p TLS 1.3: a tlskit server's setCiphersuites order wins with OP_CIPHER_SERVER_PREFERENCE against s_client's default")
        .config(enabledIf = { Capability.TLS13_CIPHERSUITE_SELECTION in caps }) {
            val ctx = serverContext(provider).apply {
                setCiphersuites("TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384")
                addOptions(Option.OP_CIPHER_SERVER_PREFERENCE.code())
                setMinimumVersion(TlsVersion.TLSv1_3)
            }
            TlskitEchoServer(ctx).use { server ->
                val r = OpenSslClient.connect(server.port, OpenSslClientOptions(caFile = pki.root.certFile, serverName = "localhost"),
                    "x\nCLOSE\n".toByteArray())
                r.protocol shouldBe "TLSv1.3"
                r.cipher shouldBe "TLS_AES_128_GCM_SHA256"
            }
        }
}
