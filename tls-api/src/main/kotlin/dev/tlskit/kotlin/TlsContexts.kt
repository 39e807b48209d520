@file:JvmName("TlsContexts")

package dev.tlskit.kotlin

import dev.tlskit.Method
import dev.tlskit.Protocol
import dev.tlskit.TlsContext

/**
 * Marks the scopes of the tlskit DSL, so that an inner block cannot silently set an outer block's property
 * (`trust { verifyMode = ... }` does not compile).
 */
@DslMarker
@Target(AnnotationTarget.CLASS, AnnotationTarget.TYPE)
public annotation class TlsDsl

/**
 * A [TlsContext] for [protocol], configured by [block] through the Java API (the same setters, the same validation,
 * the same exceptions).
 *
 * ```
 * val client = tlsContext(Protocol.PROTOCOL_TLS_CLIENT) {
 *     minimumVersion = TlsVersion.TLSv1_3
 *     alpn("h2", "http/1.1")
 *     trust { pemFile(Path.of("ca.pem")) }
 *     identity { certChain(Path.of("client.pem"), Path.of("client.key")) }
 * }
 * ```
 *
 * The context starts with the seed's defaults for [protocol] (for `PROTOCOL_TLS_CLIENT`: `CERT_REQUIRED`, hostname
 * checking, TLS 1.2 minimum). Settings that weaken security are only reachable inside [TlsContextBuilder.dangerous].
 *
 * @throws dev.tlskit.ProviderUnavailableException when [TlsContextBuilder.provider] names a missing backend
 * @throws dev.tlskit.UnsupportedFeatureException when the backend cannot honour a setting
 * @throws IllegalArgumentException for a value the seed refuses (e.g. `CERT_NONE` with hostname checking on)
 * @throws dev.tlskit.TlsCredentialException for an unreadable certificate, key or CA file
 */
public fun tlsContext(protocol: Protocol, block: (@TlsDsl TlsContextBuilder).() -> Unit = {}): TlsContext =
    TlsContextBuilder(protocol, null).apply(block).build()

/**
 * A [TlsContext] for a pyOpenSSL [method] (`Context(method)`), configured by [block] as [tlsContext] with a protocol.
 *
 * ```
 * val server = tlsContext(Method.TLS_SERVER_METHOD) { identity { certChain(Path.of("chain.pem"), Path.of("key.pem")) } }
 * ```
 */
public fun tlsContext(method: Method, block: (@TlsDsl TlsContextBuilder).() -> Unit = {}): TlsContext =
    TlsContextBuilder(null, method).apply(block).build()
