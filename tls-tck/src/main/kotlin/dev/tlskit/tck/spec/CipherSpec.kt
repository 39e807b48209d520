package dev.tlskit.tck.spec

import dev.tlskit.Capability
import dev.tlskit.Option
import dev.tlskit.Protocol
import dev.tlskit.TlsContext
import dev.tlskit.TlsCredentialException
import dev.tlskit.TlsException
import dev.tlskit.TlsVersion
import dev.tlskit.UnsupportedFeatureException
import dev.tlskit.ciphers.CipherList
import dev.tlskit.ciphers.CipherSuites
import dev.tlskit.spi.TlsProvider
import dev.tlskit.tck.OpenSsl
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.collections.shouldHaveAtLeastSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import io.kotest.matchers.types.shouldBeInstanceOf
import java.nio.file.Files
import java.util.concurrent.TimeUnit

/** The oracle table shared with tls-api's `CipherListOracleTest` (resource `dev/tlskit/tck/cipher-strings.txt`). */
public fun oracleCipherStrings(): List<String> =
    TlsContext::class.java.classLoader.let { Thread.currentThread().contextClassLoader ?: it }
        .getResourceAsStream("dev/tlskit/tck/cipher-strings.txt")!!.bufferedReader().readLines()
        .filter { it.isNotEmpty() && !it.startsWith("#") }.map { if (it == "<empty>") "" else it }

/** `openssl ciphers -V [args] -- string`: the suite codes in order (TLS 1.3 ones dropped), or `null` on refusal. */
internal fun opensslCipherCodes(string: String, vararg args: String): List<Int>? {
    val p = ProcessBuilder(listOf(OpenSsl.binary, "ciphers", "-V") + args + "--" + string).redirectErrorStream(true).start()
    p.outputStream.close()
    val out = p.inputStream.readBytes().toString(Charsets.UTF_8)
    check(p.waitFor(30, TimeUnit.SECONDS)) { "openssl ciphers did not finish" }
    if (p.exitValue() != 0) return null
    val line = Regex("""^\s*0x([0-9A-F]{2}),0x([0-9A-F]{2}) - """)
    return out.lines().mapNotNull { l -> line.find(l)?.let { (it.groupValues[1] + it.groupValues[2]).toInt(16) } }
        .filter { CipherSuites.fromCode(it).map { s -> !s.isTls13 }.orElse(true) }
}

private fun names(codes: List<Int>) = codes.joinToString(":") { CipherSuites.fromCode(it).map { s -> s.displayName() }.orElse("?") }

/**
 * Cipher strings on [provider]: for every oracle string, tlskit's `getCiphers()` equals `openssl ciphers` restricted to
 * the suites the provider implements (its `supportedCipherSuites()`, i.e. the JSSE `SSLContext`'s supported list),
 * and what the provider's engines would offer at TLS 1.2 equals `openssl ciphers -s -tls1_2` under the same
 * restriction; plus the context API around it.
 */
public fun cipherSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"
    val supported by lazy { TlsContext.create(Protocol.PROTOCOL_TLS_SERVER, provider).provider().supportedCipherSuites() }
    fun implemented(code: Int) = CipherSuites.fromCode(code).flatMap { it.javaName() }.map { it in supported }.orElse(false)

    test("$p the oracle table has at least 80 strings") {
        oracleCipherStrings() shouldHaveAtLeastSize 80
    }

    for (s in oracleCipherStrings()) {
        test("$p setCiphers('$s') agrees with openssl ciphers (and -s -tls1_2) on the suites this provider implements") {
            val ctx = TlsContext.create(Protocol.PROTOCOL_TLS_SERVER, provider)
            val full = opensslCipherCodes(s)?.filter(::implemented)
            if (full.isNullOrEmpty()) {
                shouldThrow<TlsException> { ctx.setCiphers(s) }.message!! shouldStartWith "No cipher can be selected."
            } else {
                ctx.setCiphers(s)
                val mine = ctx.getCiphers().mapNotNull { it.suite().orElse(null) }.filter { !it.isTls13 }
                names(mine.map { it.code() }) shouldBe names(full)
                // the engine list applies OpenSSL's security level: the context's (2, CPython's) unless s sets one
                val level = CipherList.select(s).securityLevel().orElse(2)
                val withLevel = if (s.contains("@SECLEVEL")) s else "$s:@SECLEVEL=2"
                val offered = opensslCipherCodes(withLevel, "-s", "-tls1_2")!!.filter(::implemented)
                names(mine.filter { CipherList.usable(it, level) }.map { it.code() }) shouldBe names(offered)
            }
        }
    }

    val caps by lazy { TlsContext.create(Protocol.PROTOCOL_TLS_SERVER, provider).provider().capabilities() }
    val serverPreference by lazy {
        TlsContext.create(Protocol.PROTOCOL_TLS_SERVER, provider).provider().optionSupport(Option.OP_CIPHER_SERVER_PREFERENCE)
    }

    test("$p setCiphers keeps the TLS 1.3 suites, listed first; junk is refused") {
        val ctx = TlsContext.create(Protocol.PROTOCOL_TLS_SERVER, provider)
        ctx.setCiphers("ECDHE+AESGCM")
        ctx.getCiphers().first().name shouldBe "TLS_AES_256_GCM_SHA384"
        ctx.getCiphers().first { it.protocol != "TLSv1.3" }.name shouldBe "ECDHE-ECDSA-AES256-GCM-SHA384"
        shouldThrow<TlsException> { ctx.setCiphersuites("NOT_A_SUITE") }
        shouldThrow<TlsException> { ctx.setCiphers("HIGH:@BOGUS") }.message!! shouldStartWith "No cipher can be selected."
    }

    test("$p TLS13_CIPHERSUITE_SELECTION: setCiphersuites sets the TLS 1.3 suites, '' removes them")
        .config(enabledIf = { Capability.TLS13_CIPHERSUITE_SELECTION in caps }) {
            val ctx = TlsContext.create(Protocol.PROTOCOL_TLS_SERVER, provider)
            ctx.setCiphers("ECDHE+AESGCM")
            ctx.setCiphersuites("TLS_AES_128_GCM_SHA256")
            ctx.getCiphers().first().name shouldBe "TLS_AES_128_GCM_SHA256"
            ctx.getCiphers()[1].name shouldBe "ECDHE-ECDSA-AES256-GCM-SHA384"
            ctx.setCiphersuites("")
            ctx.getCiphers().none { it.protocol == "TLSv1.3" } shouldBe true
        }

    test("$p without TLS13_CIPHERSUITE_SELECTION: setCiphersuites accepts only the fixed set and refuses anything else")
        .config(enabledIf = { Capability.TLS13_CIPHERSUITE_SELECTION !in caps }) {
            val ctx = TlsContext.create(Protocol.PROTOCOL_TLS_SERVER, provider)
            val fixed = ctx.getCiphers().filter { it.protocol == "TLSv1.3" }.map { it.name }
            fixed shouldHaveAtLeastSize 1
            for (list in listOf("TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256", "")) {
                val e = shouldThrow<UnsupportedFeatureException> { ctx.setCiphersuites(list) }
                e.provider() shouldBe provider
                e.feature() shouldBe "setCiphersuites('$list')"
            }
            ctx.getCiphers().filter { it.protocol == "TLSv1.3" }.map { it.name } shouldBe fixed
            ctx.setCiphersuites(fixed.reversed().joinToString(":"))
            ctx.getCiphers().filter { it.protocol == "TLSv1.3" }.map { it.name } shouldBe fixed
        }

    test("$p without server preference the client's first suite wins, and each new connection follows setCiphers")
        .config(enabledIf = {
            serverPreference == TlsProvider.OptionSupport.HONOURED && Capability.TLS13_CIPHERSUITE_SELECTION in caps
        }) {
            val server = serverContext(provider).apply { clearOptions(Option.OP_CIPHER_SERVER_PREFERENCE.code()) }
            val client = clientContext(provider).apply {
                setMaximumVersion(TlsVersion.TLSv1_2)
                // the server's default order puts AES256-GCM first, so this proves the client's order is used
                setCiphers("ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384")
            }
            MemoryPair.of(client, server).apply { handshake() }.client.cipher().get().name() shouldBe "ECDHE-RSA-AES128-GCM-SHA256"
            client.setCiphers("ECDHE+AES256+AESGCM")
            MemoryPair.of(client, server).apply { handshake() }.server.cipher().get().name() shouldBe "ECDHE-RSA-AES256-GCM-SHA384"
            client.setMaximumVersion(TlsVersion.MAXIMUM_SUPPORTED)
            client.setCiphersuites("TLS_CHACHA20_POLY1305_SHA256")
            MemoryPair.of(client, server).apply { handshake() }.client.cipher().get().name() shouldBe "TLS_CHACHA20_POLY1305_SHA256"
        }

    test("$p with OP_CIPHER_SERVER_PREFERENCE the server's cipher-string order wins") {
        // the client's default order puts AES256-GCM first; the server's first suite must win over it
        val server = serverContext(provider).apply {
            setCiphers("ECDHE-RSA-AES128-GCM-SHA256:ECDHE+AESGCM")
            addOptions(Option.OP_CIPHER_SERVER_PREFERENCE.code())
        }
        val client = clientContext(provider).apply { setMaximumVersion(TlsVersion.TLSv1_2) }
        MemoryPair.of(client, server).apply { handshake() }.client.cipher().get().name() shouldBe "ECDHE-RSA-AES128-GCM-SHA256"
    }

    test("$p set_ecdh_curve: unknown names are a ValueError; known ones need NAMED_GROUP_SELECTION") {
        val ctx = serverContext(provider)
        shouldThrow<IllegalArgumentException> { ctx.setEcdhCurve("no-such-curve") }
        if (Capability.NAMED_GROUP_SELECTION !in ctx.provider().capabilities()) {
            shouldThrow<UnsupportedFeatureException> { ctx.setEcdhCurve("prime256v1") }.message!! shouldStartWith "set_ecdh_curve"
        }
    }

    test("$p load_dh_params: a missing file, a certificate, then DH parameters the provider may refuse") {
        val ctx = serverContext(provider)
        shouldThrow<TlsCredentialException> { ctx.loadDhParams(pki.directory.resolve("no-such-dhparams.pem")) }
            .kind() shouldBe TlsCredentialException.Kind.FILE_NOT_READABLE
        val notDh = shouldThrow<TlsException> { ctx.loadDhParams(pki.root.certFile) }
        (notDh is UnsupportedFeatureException) shouldBe false
        val dh = Files.createTempFile("tlskit-dh", ".pem")
        try {
            val gen = ProcessBuilder(OpenSsl.binary, "genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "dh_param:ffdhe2048",
                "-out", dh.toString()).redirectErrorStream(true).start()
            check(gen.waitFor(60, TimeUnit.SECONDS) && gen.exitValue() == 0) { gen.inputStream.readBytes().toString(Charsets.UTF_8) }
            if (Capability.DH_PARAMETERS !in ctx.provider().capabilities()) {
                shouldThrow<UnsupportedFeatureException> { ctx.loadDhParams(dh) }.message!! shouldStartWith "load_dh_params"
            }
        } finally {
            Files.deleteIfExists(dh)
        }
    }

    test("$p shared_ciphers: the seed's list on a server where the provider can tell, an honest refusal elsewhere") {
        val pair = MemoryPair.of(clientContext(provider), serverContext(provider)).apply { handshake() }
        if (Capability.SHARED_CIPHERS in pair.server.context().provider().capabilities()) {
            pair.server.sharedCiphers().get().map { it.name() }.contains(pair.server.cipher().get().name()) shouldBe true
            pair.client.sharedCiphers().isPresent shouldBe false
        } else {
            shouldThrow<UnsupportedFeatureException> { pair.server.sharedCiphers() }.shouldBeInstanceOf<UnsupportedFeatureException>()
        }
    }
}
