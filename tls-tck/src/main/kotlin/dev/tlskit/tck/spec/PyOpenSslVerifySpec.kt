package dev.tlskit.tck.spec

import dev.tlskit.CertificateVerificationException
import dev.tlskit.Protocol
import dev.tlskit.Tls
import dev.tlskit.TlsContext
import dev.tlskit.TlsVersion
import dev.tlskit.UnsupportedFeatureException
import dev.tlskit.VerifyFlag
import dev.tlskit.VerifyMode
import dev.tlskit.WrapOptions
import dev.tlskit.pki.VerificationFailure
import dev.tlskit.tck.CertShape
import dev.tlskit.tck.ClientAuth
import dev.tlskit.tck.OpenSsl
import dev.tlskit.tck.OpenSslCaNames
import dev.tlskit.tck.OpenSslServer
import dev.tlskit.tck.OpenSslServerOptions
import dev.tlskit.tck.VerifyCorpus
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.net.InetAddress
import java.net.Socket
import java.nio.file.Path
import java.security.cert.X509Certificate

private fun loopback(port: Int) = Socket(InetAddress.getLoopbackAddress(), port).apply { soTimeout = 20_000 }

/** Reads until the server's close_notify. */
private fun drain(tls: dev.tlskit.TlsSocket) {
    val buf = ByteArray(4096)
    while (tls.read(buf, 0, buf.size) >= 0) Unit
}

/**
 * pyOpenSSL's verification extras on [provider], each against a real OpenSSL peer or oracle:
 *
 * - `set_verify_depth`: a tlskit client talks to `openssl s_server` sending leaf, I2 and I1 (root trusted); its
 *   verdict (code 22 and depth, or success) equals `openssl verify -verify_depth N` on the same files.
 * - `get_verified_chain` vs `get_peer_cert_chain`: the path tlskit built equals `openssl verify -show_chain`'s, the
 *   sent chain equals what s_server sent.
 * - `load_client_ca`/`set_client_ca_list`/`add_client_ca`: `openssl s_client` prints exactly those names under
 *   "Acceptable client certificate CA names" (and "No client certificate CA names sent" by default, as from
 *   OpenSSL's own server), at TLS 1.2 and 1.3.
 * - `get_client_ca_list` on a client: the names `openssl s_server -verify -CAfile` sent, as s_client also saw them.
 */
public fun pyOpenSslVerifySpec(provider: String): TestFactory = funSpec {
    val p = "[$provider] pyOpenSSL"
    val c = VerifyCorpus.create()
    val root = c.issue("root", CertShape.ca("Depth Root"))
    val i1 = c.issue("i1", CertShape.ca("Depth I1"), root)
    val i2 = c.issue("i2", CertShape.ca("Depth I2"), i1)
    val leaf = c.issue("leaf", CertShape("localhost", dns = listOf("localhost")), i2)
    val sent = c.bundle("sent-intermediates.pem", listOf(i2.file, i1.file))
    val clientCas = c.bundle("client-cas.pem", listOf(i2.file, i1.file))
    val leafKey: Path = c.directory.resolve("leaf.key")

    fun server(connections: Int = 1) =
        OpenSslServer(OpenSslServerOptions(leaf.file, leafKey, chainFile = sent, connections = connections))

    fun client(depth: Int?): TlsContext = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider).apply {
        loadVerifyLocations(root.file)
        depth?.let { setVerifyDepth(it) }
    }

    fun subjects(certs: List<X509Certificate>) = certs.map { OpenSslCaNames.oneLine(it.subjectX500Principal) }

    for (depth in listOf(0, 1, 2, -1)) {
        test("$p set_verify_depth($depth): the verdict against openssl s_server equals openssl verify -verify_depth $depth") {
            val oracle = OpenSsl.verifyWith(listOf("-CAfile", root.file.toString(), "-untrusted", sent.toString(),
                "-verify_depth", "$depth", leaf.file.toString()))
            val expected = if (oracle.ok) 0 to -1 else oracle.errorCode!! to oracle.errorDepth!!
            val actual = server().use { s ->
                try {
                    client(depth).wrapSocket(loopback(s.port), WrapOptions.client("localhost")).use { it.sendall("CLOSE\n".toByteArray()) }
                    0 to -1
                } catch (e: CertificateVerificationException) {
                    e.verifyCode() to (VerificationFailure.find(e)?.depth() ?: -2)
                }
            }
            withClue("openssl verify: $oracle") { actual shouldBe expected }
        }
    }

    test("$p get_verify_depth is -1 until set, as pyOpenSSL's; the depth set is what a connection uses") {
        val ctx = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider)
        ctx.verifyDepth shouldBe -1
        ctx.setVerifyDepth(2)
        ctx.verifyDepth shouldBe 2
    }

    test("$p get_verified_chain is the path openssl verify -show_chain builds; get_peer_cert_chain is what s_server sent") {
        val oracle = OpenSsl.verifyWith(listOf("-show_chain", "-CAfile", root.file.toString(), "-untrusted", sent.toString(),
            leaf.file.toString()))
        val path = Regex("""depth=\d+: (.*?)( \(untrusted\))?""").let { r -> oracle.output.lines().mapNotNull { r.matchEntire(it)?.groupValues?.get(1) } }
        path.size shouldBe 4
        server().use { s ->
            client(null).wrapSocket(loopback(s.port), WrapOptions.client("localhost")).use { tls ->
                subjects(tls.verifiedChain) shouldContainExactly path
                subjects(tls.peerCertChain) shouldContainExactly subjects(listOf(leaf, i2, i1).map { it.certificate })
                tls.connection().verifiedChain.first() shouldBe tls.peerCertChain.first()
                tls.sendall("CLOSE\n".toByteArray())
            }
        }
    }

    test("$p get_verified_chain is empty when the peer is not verified (CERT_NONE), while the sent chain is known") {
        server().use { s ->
            val ctx = client(null).apply { setCheckHostname(false); setVerifyMode(VerifyMode.CERT_NONE) }
            ctx.wrapSocket(loopback(s.port), WrapOptions.client(null)).use { tls ->
                tls.verifiedChain.shouldBeEmpty()
                tls.peerCertChain.size shouldBe 3
                tls.sendall("CLOSE\n".toByteArray())
            }
        }
    }

    test("$p a server's get_verified_chain is the client's path openssl verify -show_chain -purpose sslclient builds") {
        val untrusted = listOfNotNull(pki.client.intermediatesFile).flatMap { listOf("-untrusted", it.toString()) }
        val oracle = OpenSsl.verifyWith(listOf("-show_chain", "-purpose", "sslclient", "-CAfile", pki.root.certFile.toString()) +
            untrusted + pki.client.certFile.toString())
        val path = Regex("""depth=\d+: (.*?)( \(untrusted\))?""").let { r -> oracle.output.lines().mapNotNull { r.matchEntire(it)?.groupValues?.get(1) } }
        withClue(oracle.output) { oracle.ok shouldBe true }
        val server = serverContext(provider).apply { setVerifyMode(VerifyMode.CERT_REQUIRED); loadVerifyLocations(pki.root.certFile) }
        val client = clientContext(provider).apply { loadCertChain(pki.client.chainFile, pki.client.keyFile, null) }
        val pair = MemoryPair.of(client, server)
        pair.handshake()
        subjects(pair.server.verifiedChain) shouldContainExactly path
        subjects(pair.client.verifiedChain) shouldContainExactly subjects(listOf(pki.localhost.certificate) + pki.localhost.chain.drop(1) + pki.root.certificate).distinct()
    }

    test("$p a server's get_verified_chain is empty when the client sent no certificate (CERT_OPTIONAL)") {
        val server = serverContext(provider).apply { setVerifyMode(VerifyMode.CERT_OPTIONAL); loadVerifyLocations(pki.root.certFile) }
        val pair = MemoryPair.of(clientContext(provider), server)
        pair.handshake()
        pair.server.verifiedChain.shouldBeEmpty()
        pair.client.verifiedChain.size shouldBe 3
    }

    fun clientCaServer(configure: TlsContext.() -> Unit) = serverContext(provider).apply {
        setVerifyMode(VerifyMode.CERT_OPTIONAL)
        loadVerifyLocations(pki.root.certFile)
        configure()
    }

    for (v in listOf(TlsVersion.TLSv1_2, TlsVersion.TLSv1_3)) {
        val pv = peerVersion(v)
        test("$p server at ${v.seedName()}: no client CA names by default although it trusts a CA, like openssl s_server without -CAfile") {
            TlskitEchoServer(clientCaServer { }).use { server ->
                OpenSslCaNames.sentBy(server.port, pv, pki.root.certFile) shouldBe emptyList()
                server.outcome().connection!!.clientCaList.shouldBeEmpty()
            }
        }

        test("$p server at ${v.seedName()}: load_client_ca and add_client_ca names are what openssl s_client lists") {
            val ctx = clientCaServer { loadClientCa(clientCas); addClientCa(root.certificate) }
            TlskitEchoServer(ctx).use { server ->
                val seen = OpenSslCaNames.sentBy(server.port, pv, pki.root.certFile)
                seen shouldBe subjects(listOf(i2, i1, root).map { it.certificate })
                server.outcome().connection!!.clientCaList.map { OpenSslCaNames.oneLine(it) } shouldBe seen
            }
        }

        test("$p server at ${v.seedName()}: set_client_ca_list sends bare names that belong to no loaded certificate") {
            val names = listOf(javax.security.auth.x500.X500Principal("CN=Named Only CA, O=Elsewhere"))
            TlskitEchoServer(clientCaServer { setClientCaList(names) }).use { server ->
                OpenSslCaNames.sentBy(server.port, pv, pki.root.certFile) shouldBe listOf("O = Elsewhere, CN = Named Only CA")
            }
        }

        test("$p client at ${v.seedName()}: get_client_ca_list is what openssl s_server -verify -CAfile sent, as s_client saw it") {
            val opts = OpenSslServerOptions(leaf.file, leafKey, chainFile = sent, caFile = clientCas,
                clientAuth = ClientAuth.REQUEST, version = pv, connections = 2)
            OpenSslServer(opts).use { s ->
                val seen = OpenSslCaNames.sentBy(s.port, pv, root.file)!!
                seen.size shouldBe 2
                client(null).wrapSocket(loopback(s.port), WrapOptions.client("localhost")).use { tls ->
                    tls.sendall("x\nCLOSE\n".toByteArray())
                    drain(tls)
                    tls.clientCaList.map { OpenSslCaNames.oneLine(it) } shouldBe seen
                }
            }
        }
    }

    test("$p client: get_client_ca_list is empty when the server asked for no certificate") {
        server().use { s ->
            client(null).wrapSocket(loopback(s.port), WrapOptions.client("localhost")).use { tls ->
                tls.sendall("CLOSE\n".toByteArray())
                drain(tls)
                tls.clientCaList.shouldBeEmpty()
            }
        }
    }

    test("$p VERIFY_ALLOW_PROXY_CERTS is refused with UnsupportedFeatureException naming the flag and provider") {
        val e = shouldThrow<UnsupportedFeatureException> {
            TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider).setVerifyFlags(setOf(VerifyFlag.VERIFY_ALLOW_PROXY_CERTS))
        }
        e.feature() shouldBe "VERIFY_ALLOW_PROXY_CERTS"
        e.provider() shouldBe provider
    }

    test("$p get_default_verify_paths names SSL_CERT_FILE/SSL_CERT_DIR and the CA file setDefaultVerifyPaths loads") {
        val paths = Tls.getDefaultVerifyPaths()
        paths.opensslCafileEnv() shouldBe "SSL_CERT_FILE"
        paths.opensslCapathEnv() shouldBe "SSL_CERT_DIR"
        if (System.getenv("SSL_CERT_FILE") == null && System.getenv("SSL_CERT_DIR") == null) {
            paths.cafile() shouldBe paths.opensslCafile()
            val store = java.security.KeyStore.getInstance(java.io.File(paths.cafile()), null as CharArray?)
            val inFile = store.aliases().toList().count { store.isCertificateEntry(it) }
            val ctx = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider).apply { setDefaultVerifyPaths() }
            withClue("certificates in ${paths.cafile()}") { ctx.certStoreStats()["x509"] shouldBe inFile }
        }
    }
}
