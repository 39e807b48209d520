package dev.tlskit.kotlin

import dev.tlskit.Protocol
import dev.tlskit.pki.OpenSsl
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import java.nio.ByteBuffer
import kotlin.random.Random
import kotlin.time.Duration.Companion.seconds

/** The coroutine transport on loopback with the test-only "fake" provider (SunJSSE engines); the TCK covers real peers. */
class TlsChannelTest : FunSpec({
    val pki = OpenSsl.temp()
    afterSpec { pki.delete() }
    pki.rootCa("ca")
    pki.issue("leaf", "ca", "localhost", listOf("subjectAltName=DNS:localhost"))
    val serverCtx = tlsContext(Protocol.PROTOCOL_TLS_SERVER) {
        provider = "fake"
        identity { certChain(pki.path("leaf.pem"), pki.path("leaf.key")) }
    }
    val clientCtx = tlsContext(Protocol.PROTOCOL_TLS_CLIENT) { provider = "fake"; trust { pemFile(pki.path("ca.pem")) } }

    test("a client and a server exchange bytes and close with close_notify both ways") {
        withTimeout(20.seconds) {
            withContext(Dispatchers.Default) {
                serverCtx.bind().use { server ->
                    val echoed = async {
                        server.accept().use { tls ->
                            val buf = ByteBuffer.allocate(5)
                            tls.readFully(buf)
                            buf.flip()
                            tls.write(buf)
                            tls.shutdown()
                            tls.version
                        }
                    }
                    clientCtx.connect("127.0.0.1", server.port, "localhost").use { tls ->
                        tls.write(ByteBuffer.wrap("hello".toByteArray()))
                        val back = ByteBuffer.allocate(5)
                        tls.readFully(back)
                        String(back.array()) shouldBe "hello"
                        tls.read(ByteBuffer.allocate(1)) shouldBe -1
                        tls.shutdown()
                    }
                    echoed.await() shouldBe dev.tlskit.TlsVersion.TLSv1_3
                }
            }
        }
    }

    test("full duplex: 4 MiB each way at once") {
        val size = 4 shl 20
        val up = Random(1).nextBytes(size)
        val down = Random(2).nextBytes(size)
        withTimeout(30.seconds) {
            withContext(Dispatchers.Default) {
                serverCtx.bind().use { server ->
                    val serverSide = async {
                        server.accept().use { tls ->
                            val got = ByteBuffer.allocate(size)
                            val writer = launch { tls.write(ByteBuffer.wrap(down)) }
                            tls.readFully(got)
                            writer.join()
                            got.array().contentEquals(up)
                        }
                    }
                    clientCtx.connect("127.0.0.1", server.port, "localhost").use { tls ->
                        val got = ByteBuffer.allocate(size)
                        val writer = launch { tls.write(ByteBuffer.wrap(up)) }
                        tls.readFully(got)
                        writer.join()
                        got.array().contentEquals(down) shouldBe true
                    }
                    serverSide.await() shouldBe true
                }
            }
        }
    }
})
