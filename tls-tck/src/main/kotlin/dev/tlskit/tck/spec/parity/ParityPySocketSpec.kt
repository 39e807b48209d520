package dev.tlskit.tck.spec.parity

import dev.tlskit.FileType
import dev.tlskit.Method
import dev.tlskit.TlsContext
import dev.tlskit.TlsSocket
import dev.tlskit.TlsSyscallException
import dev.tlskit.WrapOptions
import dev.tlskit.tck.spec.pki
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/** A tlskit server and client over a real loopback TCP connection (port 0), both handshaken: (server, client). */
private fun loopback(provider: String): Pair<TlsSocket, TlsSocket> {
    val serverCtx = TlsContext.create(Method.TLS_METHOD, provider).apply {
        useCertificateChainFile(pki.localhost.chainFile)
        usePrivateKeyFile(pki.localhost.keyFile, FileType.FILETYPE_PEM)
    }
    val clientCtx = TlsContext.create(Method.TLS_METHOD, provider)
    ServerSocket(0, 1, InetAddress.getLoopbackAddress()).use { listener ->
        val pool = Executors.newSingleThreadExecutor { r -> Thread(r, "parity-loopback").apply { isDaemon = true } }
        try {
            val server = pool.submit<TlsSocket> {
                val raw = listener.accept().apply { soTimeout = 20_000 }
                serverCtx.wrapSocket(raw, WrapOptions.server()).also { it.doHandshake() }
            }
            val raw = Socket(InetAddress.getLoopbackAddress(), listener.localPort).apply { soTimeout = 20_000 }
            val client = clientCtx.wrapSocket(raw, WrapOptions.client("localhost"))
            client.doHandshake()
            return server.get(20, TimeUnit.SECONDS) to client
        } finally {
            pool.shutdown()
        }
    }
}

/** pyOpenSSL socket-backed Connection behaviours (sections 29 and 33) on [provider]. */
public fun parityPySocketSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"

    test("PSHUT-04 $p after sock_shutdown(2), shutdown and sendall raise SysCallError with EPIPE") {
        val (server, client) = loopback(provider)
        try {
            server.socket().shutdownOutput(); server.socket().shutdownInput()
            // pyOpenSSL shutdown() on a socket Connection is TlsSocket.unwrap() (close_notify, then the plain socket).
            shouldThrow<TlsSyscallException> { server.unwrap() }.errno() shouldBe 32
        } finally {
            server.close(); client.close()
        }
        val (server2, client2) = loopback(provider)
        try {
            server2.socket().shutdownOutput(); server2.socket().shutdownInput()
            shouldThrow<TlsSyscallException> { server2.sendall("hello".toByteArray()) }.errno() shouldBe 32
        } finally {
            server2.close(); client2.close()
        }
    }

    test("PERR-03 $p SysCallError carries (errno, message): a reset transport is ECONNRESET, an unknown cause is -1") {
        val (server, client) = loopback(provider)
        try {
            server.socket().setSoLinger(true, 0)
            server.socket().close() // RST, no close_notify
            val e = shouldThrow<TlsSyscallException> { client.recv(10) }
            e.errno() shouldBe 104
            e.message!! shouldContain "reset"
        } finally {
            client.close()
        }
        TlsSyscallException("the transport ended").errno() shouldBe -1
    }
}
