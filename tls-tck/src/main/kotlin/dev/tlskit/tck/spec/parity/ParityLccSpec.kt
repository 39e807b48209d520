package dev.tlskit.tck.spec.parity

import dev.tlskit.Protocol
import dev.tlskit.TlsContext
import dev.tlskit.TlsCredentialException
import dev.tlskit.TlsException
import dev.tlskit.pki.PasswordSource
import dev.tlskit.tck.TestPki
import dev.tlskit.tck.spec.MemoryPair
import dev.tlskit.tck.spec.clientContext
import dev.tlskit.tck.spec.pki
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldContainIgnoringCase
import io.kotest.matchers.string.shouldMatch
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.atomic.AtomicInteger
import java.util.function.Supplier

/** PARITY.md section 4 (LCC): load_cert_chain on [provider]. */
public fun parityLccSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"
    fun server() = TlsContext.create(Protocol.PROTOCOL_TLS_SERVER, provider)
    fun tmp(vararg parts: Path): Path = Files.createTempFile("tlskit-lcc-", ".pem").also { f ->
        f.toFile().deleteOnExit()
        Files.write(f, parts.flatMap { Files.readAllBytes(it).toList() }.toByteArray())
    }
    val pemLib = Regex("(?s).*PEM (lib|routines).*")
    val protectedCombined by lazy { tmp(pki.localhost.chainFile, pki.localhostEncryptedKeyFile) }

    test("LCC-01 $p the combined file, its key given again, and separate cert and key files all load and serve") {
        val combined = pki.localhost.combinedFile
        for (ctx in listOf(
            server().apply { loadCertChain(combined) },
            server().apply { loadCertChain(combined, null, null) },
            server().apply { loadCertChain(combined, combined, null) },
            server().apply { loadCertChain(pki.localhost.chainFile, pki.localhost.keyFile, null) },
        )) {
            ctx.identities().size shouldBe 1
            MemoryPair.of(clientContext(provider), ctx).handshake()
        }
    }

    test("LCC-02 $p a certfile that does not exist is FILE_NOT_READABLE (the seed's OSError ENOENT), not a PEM error") {
        val e = shouldThrow<TlsCredentialException> { server().loadCertChain(pki.directory.resolve("nonexisting.pem")) }
        e.kind() shouldBe TlsCredentialException.Kind.FILE_NOT_READABLE
        e.message!! shouldContain "nonexisting.pem"
    }

    test("LCC-03 $p a malformed or empty cert, a cert without key, a key as certfile and swapped files are PEM lib errors") {
        val bad = Files.createTempFile("tlskit-badcert-", ".pem").also {
            it.toFile().deleteOnExit()
            Files.writeString(it, "-----BEGIN CERTIFICATE-----\nMIIBad!!notbase64\n-----END CERTIFICATE-----\n")
        }
        val empty = Files.createTempFile("tlskit-empty-", ".pem").also { it.toFile().deleteOnExit() }
        for ((what, load) in listOf<Pair<String, (TlsContext) -> Unit>>(
            "BADCERT" to { c -> c.loadCertChain(bad) },
            "EMPTYCERT" to { c -> c.loadCertChain(empty) },
            "ONLYCERT" to { c -> c.loadCertChain(pki.localhost.certFile) },
            "ONLYKEY" to { c -> c.loadCertChain(pki.localhost.keyFile) },
            "swapped" to { c -> c.loadCertChain(pki.localhost.keyFile, pki.localhost.certFile, null) },
        )) {
            val e = shouldThrow<TlsCredentialException> { load(server()) }
            withClue(what) { e.toString() shouldMatch pemLib }
        }
    }

    test("LCC-04 $p a key that does not match its certificate is refused with KEY_VALUES_MISMATCH") {
        val e = shouldThrow<TlsCredentialException> { server().loadCertChain(pki.root.certFile, pki.localhost.keyFile, null) }
        e.kind() shouldBe TlsCredentialException.Kind.KEY_MISMATCH
        e.reason().get() shouldBe "KEY_VALUES_MISMATCH"
        e.toString() shouldContainIgnoringCase "key values mismatch"
    }

    test("LCC-05 $p an encrypted key loads with the password as chars, bytes, or a callback returning String, char[] or bytes") {
        val pw = TestPki.KEY_PASSWORD
        val sources = listOf(
            PasswordSource.of(pw.toCharArray()), PasswordSource.of(pw.toByteArray()),
            PasswordSource.callback { pw }, PasswordSource.callback { pw.toCharArray() }, PasswordSource.callback { pw.toByteArray() },
            PasswordSource.callback(object : Supplier<Any> { override fun get(): Any = pw }), // a callable object
        )
        for (s in sources) {
            server().loadCertChain(protectedCombined, null, s)
            val ctx = server().apply { loadCertChain(pki.localhost.chainFile, pki.localhostEncryptedKeyFile, s) }
            MemoryPair.of(clientContext(provider), ctx).handshake()
        }
    }

    test("LCC-06 $p a wrong password, fixed or from a callback, is BAD_PASSWORD naming the file; none at all is PASSWORD_REQUIRED") {
        for (s in listOf(PasswordSource.of("badpass".toCharArray()), PasswordSource.callback { "badpass" })) {
            val wrong = shouldThrow<TlsCredentialException> {
                server().loadCertChain(pki.localhost.chainFile, pki.localhostEncryptedKeyFile, s)
            }
            wrong.kind() shouldBe TlsCredentialException.Kind.BAD_PASSWORD
            wrong.message!! shouldContain pki.localhostEncryptedKeyFile.fileName.toString()
            shouldThrow<TlsCredentialException> { server().loadCertChain(protectedCombined, null, s) }
                .kind() shouldBe TlsCredentialException.Kind.BAD_PASSWORD
        }
        shouldThrow<TlsCredentialException> { server().loadCertChain(pki.localhost.chainFile, pki.localhostEncryptedKeyFile, null) }
            .kind() shouldBe TlsCredentialException.Kind.PASSWORD_REQUIRED
    }

    test("LCC-07 $p a password longer than PEM_BUFSIZE is refused with cannot be longer, fixed or from a callback") {
        shouldThrow<IllegalArgumentException> { PasswordSource.of(ByteArray(102_400) { 'a'.code.toByte() }) }
            .message!! shouldContain "cannot be longer"
        val huge = PasswordSource.callback { "a".repeat(1 shl 20) }
        shouldThrow<IllegalArgumentException> {
            server().loadCertChain(pki.localhost.chainFile, pki.localhostEncryptedKeyFile, huge)
        }.message!! shouldContain "cannot be longer"
    }

    // [py] keyfile without certfile is a TypeError: a null certfile is a NullPointerException; a callback returning a
    // non-string is refused with "must return a string"
    test("LCC-08 $p a missing certfile and a password callback returning a non-string are API misuse") {
        shouldThrow<NullPointerException> { server().loadCertChain(null, pki.localhost.keyFile, null) }
        shouldThrow<IllegalArgumentException> {
            server().loadCertChain(pki.localhost.chainFile, pki.localhostEncryptedKeyFile, PasswordSource.callback { 9 })
        }.message!! shouldContain "must return a string"
    }

    test("LCC-09 $p an exception from the password callback propagates unchanged, and it is not called for a plain key") {
        class GetPassError(msg: String) : RuntimeException(msg)
        val raising = PasswordSource.callback { throw GetPassError("getpass error") }
        val e = shouldThrow<GetPassError> { server().loadCertChain(pki.localhost.chainFile, pki.localhostEncryptedKeyFile, raising) }
        e.message shouldBe "getpass error"
        val calls = AtomicInteger()
        server().loadCertChain(pki.localhost.combinedFile, null, PasswordSource.callback { calls.incrementAndGet(); throw GetPassError("x") })
        calls.get() shouldBe 0
    }
}
