@file:JvmName("ParityADefaultPathsProbe")

package dev.tlskit.tck.spec.parity

import dev.tlskit.Protocol
import dev.tlskit.Tls
import dev.tlskit.TlsContext

/**
 * Run in a child JVM by LVL-09, whose environment carries `SSL_CERT_FILE`/`SSL_CERT_DIR` (a JVM cannot change its
 * own environment): loads the default certificates on provider `args[0]` and prints, one per line,
 * `x509 x509_ca crl`, the default cafile and the default capath.
 */
internal fun main(args: Array<String>) {
    val ctx = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, args[0])
    ctx.loadDefaultCerts(dev.tlskit.Purpose.SERVER_AUTH)
    val s = ctx.certStoreStats()
    println("${s["x509"]} ${s["x509_ca"]} ${s["crl"]}")
    val paths = Tls.getDefaultVerifyPaths()
    println(paths.cafile())
    println(paths.capath())
}
