@file:JvmName("SwapKotlin")

package dev.tlskit.samples.swap

import dev.tlskit.Protocol
import dev.tlskit.kotlin.connect
import dev.tlskit.kotlin.tlsContext
import kotlinx.coroutines.runBlocking
import java.nio.ByteBuffer
import java.nio.file.Path

/**
 * The backend-swap sample in Kotlin (DSL + coroutines): nothing here names a backend either.
 *
 * `java -cp ... dev.tlskit.samples.swap.SwapKotlin HOST PORT CAFILE`
 */
fun main(args: Array<String>) = runBlocking {
    val ctx = tlsContext(Protocol.PROTOCOL_TLS_CLIENT) { trust { pemFile(Path.of(args[2])) } }
    ctx.connect(args[0], args[1].toInt(), serverHostname = "localhost").use { tls ->
        tls.write(ByteBuffer.wrap("swap\nCLOSE\n".toByteArray()))
        val buf = ByteBuffer.allocate(1024)
        while (tls.read(buf) >= 0) { /* until the server's close_notify */ }
        buf.flip()
        println("provider=${ctx.provider().name()} version=${tls.version?.seedName()} cipher=${tls.cipher?.name()} " +
            "echo=${Charsets.UTF_8.decode(buf).toString().trim()}")
    }
}
