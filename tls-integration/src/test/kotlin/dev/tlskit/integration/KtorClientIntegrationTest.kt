package dev.tlskit.integration

import io.kotest.assertions.throwables.shouldThrowAny
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.ktor.client.HttpClient
import io.ktor.client.engine.cio.CIO
import io.ktor.client.engine.okhttp.OkHttp
import io.ktor.client.request.get
import io.ktor.client.statement.bodyAsText
import io.ktor.http.HttpStatusCode
import kotlinx.coroutines.runBlocking
import okhttp3.Protocol as HttpProtocol

/**
 * Ktor clients against `openssl s_server -www`. The OkHttp engine takes the bridge socket factory and trust manager,
 * so the whole handshake runs on the selected backend; the CIO engine has its own TLS code and takes only the trust
 * manager, which it calls without a host (Ktor checks the host name itself, so that verdict is Ktor's).
 */
class KtorClientIntegrationTest : FunSpec({
    for (provider in PROVIDERS) {
        val p = "[$provider]"

        fun okHttpClient(ctx: dev.tlskit.TlsContext, http2: Boolean = false) = HttpClient(OkHttp) {
            engine {
                config {
                    sslSocketFactory(ctx.toSslSocketFactory(), ctx.trustManager())
                    if (!http2) protocols(listOf(HttpProtocol.HTTP_1_1))
                }
            }
        }

        fun cioClient(ctx: dev.tlskit.TlsContext) = HttpClient(CIO) {
            engine { https { trustManager = ctx.trustManager() } }
        }

        test("$p Ktor OkHttp engine fetches a page from openssl s_server through the bridge") {
            OpenSslWwwServer(pki.localhost).use { server ->
                okHttpClient(clientContext(provider)).use { client ->
                    runBlocking {
                        val r = client.get("https://localhost:${server.port}/")
                        r.status shouldBe HttpStatusCode.OK
                        r.bodyAsText() shouldContain "s_server"
                    }
                }
            }
        }

        test("$p Ktor OkHttp engine to a certificate for another host fails with verify code 62") {
            OpenSslWwwServer(pki.wrongHost).use { server ->
                okHttpClient(clientContext(provider)).use { client ->
                    val e = shouldThrowAny { runBlocking { client.get("https://localhost:${server.port}/") } }
                    e.tlskitVerification().shouldNotBeNull().verifyCode() shouldBe 62
                }
            }
        }

        test("$p Ktor OkHttp engine to an untrusted CA fails with verify code 20") {
            OpenSslWwwServer(pki.localhost).use { server ->
                okHttpClient(clientContext(provider, pki.otherRoot.certFile)).use { client ->
                    val e = shouldThrowAny { runBlocking { client.get("https://localhost:${server.port}/") } }
                    e.tlskitVerification().shouldNotBeNull().verifyCode() shouldBe 20
                }
            }
        }

        test("$p Ktor OkHttp engine offers h2 by ALPN over the bridge socket and openssl selects it") {
            OpenSslWwwServer(pki.localhost, alpn = listOf("h2")).use { server ->
                okHttpClient(clientContext(provider), http2 = true).use { client ->
                    // s_server speaks no HTTP/2: the request fails after the handshake, which is what is checked
                    runCatching { runBlocking { client.get("https://localhost:${server.port}/") } }
                }
                server.awaitOutput { it.contains("ALPN protocols advertised by the client") }
                    .lines().first { it.contains("ALPN protocols advertised by the client") } shouldContain "h2"
            }
        }

        test("$p Ktor CIO engine with the bridge trust manager fetches a page from openssl s_server") {
            OpenSslWwwServer(pki.localhost).use { server ->
                cioClient(clientContext(provider)).use { client ->
                    runBlocking {
                        val r = client.get("https://localhost:${server.port}/")
                        r.status shouldBe HttpStatusCode.OK
                        r.bodyAsText() shouldContain "s_server"
                    }
                }
            }
        }

        test("$p Ktor CIO engine with the bridge trust manager refuses an untrusted CA with verify code 20") {
            OpenSslWwwServer(pki.localhost).use { server ->
                cioClient(clientContext(provider, pki.otherRoot.certFile)).use { client ->
                    val e = shouldThrowAny { runBlocking { client.get("https://localhost:${server.port}/") } }
                    e.tlskitVerification().shouldNotBeNull().verifyCode() shouldBe 20
                }
            }
        }

        test("$p Ktor CIO engine refuses a certificate for another host by its own check, not tlskit's") {
            // CIO calls checkServerTrusted(chain, authType) without a host, so tlskit accepts the chain and Ktor's
            // own host check rejects the name: the failure is Ktor's, with no tlskit verify code
            OpenSslWwwServer(pki.wrongHost).use { server ->
                cioClient(clientContext(provider)).use { client ->
                    val e = shouldThrowAny { runBlocking { client.get("https://localhost:${server.port}/") } }
                    e.tlskitVerification().shouldBeNull()
                    generateSequence(e) { it.cause }.map { it.javaClass.name }.toList() shouldContain
                        "io.ktor.network.tls.TLSException"
                }
            }
        }
    }
})
