package dev.tlskit.tck

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

class HarnessTest : FunSpec({
    test("Processes.run captures output, exit code and stdin") {
        val r = Processes.run(listOf("sh", "-c", "cat; echo err >&2; exit 3"), "in\n".toByteArray())
        r.exitCode shouldBe 3
        r.stdoutText shouldBe "in\n"
        r.stderrText shouldBe "err\n"
    }

    test("Processes.run kills a process that outlives its timeout") {
        val e = shouldThrow<PeerProcessException> {
            Processes.run(listOf("sh", "-c", "echo started; exec sleep 30"), timeout = 300.milliseconds)
        }
        e.message shouldContain "timed out"
        e.message shouldContain "started"
    }

    test("awaiting a line fails fast when the process exits without printing it") {
        Processes.start(listOf("sh", "-c", "echo nope")).use { p ->
            val e = shouldThrow<PeerProcessException> { p.awaitStdoutLine(10.seconds) { it == "ready" } }
            e.message shouldContain "process ended"
        }
    }

    test("close kills the process and its children") {
        val p = Processes.start(listOf("sh", "-c", "sleep 30 & echo child \$!; wait"))
        val child = p.awaitStdoutLine(5.seconds) { it.startsWith("child ") }.removePrefix("child ").toLong()
        p.close()
        p.isAlive shouldBe false
        ProcessHandle.of(child).map { it.isAlive }.orElse(false) shouldBe false
    }

    test("the JSON reader reads what Python's json.dumps writes") {
        val m = MiniJson.parseObject("""{"a": 1, "b": [true, false, null], "c": "x\u00ff\n\"y\"", "d": {"e": -2.5}, "f": {}}""")
        m["a"] shouldBe 1L
        m["b"] shouldBe listOf(true, false, null)
        m["c"] shouldBe "x\u00ff\n\"y\""
        m["d"] shouldBe mapOf("e" to -2.5)
        m["f"] shouldBe emptyMap<String, Any?>()
        shouldThrow<IllegalArgumentException> { MiniJson.parse("{\"a\": }") }
        shouldThrow<IllegalArgumentException> { MiniJson.parse("[1] x") }
    }

    test("the s_client trace parser finds the ALPN protocol the server sent, not the offer") {
        val trace = """
            Sent Record
                ClientHello, Length=206
                  extensions, length = 120
                    extension_type=application_layer_protocol_negotiation(16), length=9
                      h2
                      foo
            Received Record
                ServerHello, Length=74
                    extension_type=application_layer_protocol_negotiation(16), length=5
                      h2
        """.trimIndent().lines()
        OpenSslClient.selectedAlpn(trace) shouldBe "h2"
        OpenSslClient.selectedAlpn(trace.take(6)) shouldBe null
    }

    test("the peers' tools are present: openssl 3 and a python3 with ssl") {
        OpenSsl.version shouldContain "OpenSSL 3"
        val r = Processes.run(listOf(PythonTlsPeer.python, "-c", "import ssl; print(ssl.OPENSSL_VERSION)"))
        r.stdoutText shouldContain "OpenSSL"
    }
})
