package dev.tlskit.samples.coroutines

import dev.tlskit.async.TlsAsync
import dev.tlskit.kotlin.bind
import dev.tlskit.samples.async.AsyncEchoClient
import dev.tlskit.tck.TestPki
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.future.await
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.seconds

/** The coroutine echo samples talk to each other: several clients at once through one server. */
class EchoSampleTest : FunSpec({
    val pki = TestPki.shared

    test("ten coroutine clients and five Java future clients get their own lines back from one echo server") {
        withTimeout(60.seconds) {
            withContext(Dispatchers.Default) {
                val server = echoServerContext(pki.localhost.chainFile, pki.localhost.keyFile).bind()
                val serving = launch { serveEcho(server) }
                val client = echoClientContext(pki.root.certFile)
                val replies = List(10) { i -> async { echoLines(client, "127.0.0.1", server.port, listOf("hello $i", "bye $i"), "localhost") } }
                replies.awaitAll() shouldBe List(10) { i -> listOf("hello $i", "bye $i") }
                val java = List(5) { i ->
                    AsyncEchoClient.echoLines(TlsAsync.create(), client, "127.0.0.1", server.port, "localhost", listOf("java $i", "futures $i"))
                }
                java.map { it.await() } shouldBe List(5) { i -> listOf("java $i", "futures $i") }
                server.close()
                serving.join()
            }
        }
    }
})
