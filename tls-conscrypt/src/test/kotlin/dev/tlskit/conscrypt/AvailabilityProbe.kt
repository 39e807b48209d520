package dev.tlskit.conscrypt

import dev.tlskit.Protocol
import dev.tlskit.ProviderUnavailableException
import dev.tlskit.TlsContext
import dev.tlskit.spi.TlsProvider
import dev.tlskit.tck.spec.MemoryPair
import dev.tlskit.tck.spec.clientContext
import dev.tlskit.tck.spec.serverContext
import java.util.ServiceLoader
import java.util.logging.Handler
import java.util.logging.Level
import java.util.logging.LogRecord
import java.util.logging.Logger

/**
 * Run in a child JVM by [ConscryptAvailabilityTest]: reports, one `key=value` line each, what provider selection does
 * in a JVM whose Conscrypt may be broken on purpose. Values have their line breaks flattened.
 */
object AvailabilityProbe {
    /** Held strongly: the logging framework keeps loggers weakly, and a collected one would lose the handler. */
    private val providersLog: Logger = Logger.getLogger("dev.tlskit.internal.Providers")

    @JvmStatic
    fun main(args: Array<String>) {
        val fallbackLogs = mutableListOf<String>()
        providersLog.apply {
            level = Level.FINE
            addHandler(object : Handler() {
                override fun publish(r: LogRecord) { if (r.level == Level.FINE) fallbackLogs += r.message }
                override fun flush() {}
                override fun close() {}
            })
        }
        val conscrypt = ServiceLoader.load(TlsProvider::class.java).first { it.name() == "conscrypt" }
        report("constructed", "true") // the ServiceLoader instantiated it without throwing
        report("availability", conscrypt.availability().toString())
        report("availability.cause", conscrypt.availability().cause().map { it.javaClass.name }.orElse(""))
        report("version", conscrypt.versionInfo().versionString())
        report("explicit", outcome { TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, "conscrypt").provider().name() })
        val auto = outcome { TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT).provider().name() }
        report("auto", auto)
        report("auto.again", outcome { TlsContext.create(Protocol.PROTOCOL_TLS_SERVER).provider().name() })
        report("fallback.logs", fallbackLogs.size.toString())
        report("fallback.log", fallbackLogs.firstOrNull() ?: "")
        if (!auto.startsWith("error ")) {
            // the selected provider really works: a memory handshake between two of its contexts
            report("handshake", outcome {
                val pair = MemoryPair.of(clientContext(auto), serverContext(auto)).apply { handshake() }
                pair.client.version().get()
            })
        }
    }

    private fun outcome(block: () -> String): String = try {
        block()
    } catch (e: ProviderUnavailableException) {
        "error ProviderUnavailableException: ${e.message}"
    } catch (e: Exception) {
        "error $e"
    }

    private fun report(key: String, value: String) = println("$key=" + value.replace('\n', ' ').replace('\r', ' '))
}
