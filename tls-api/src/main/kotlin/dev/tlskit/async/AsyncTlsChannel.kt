package dev.tlskit.async

import dev.tlskit.TlsConnection
import dev.tlskit.TlsVersion
import dev.tlskit.ciphers.CipherInfo
import dev.tlskit.kotlin.TlsChannel
import java.net.InetSocketAddress
import java.nio.ByteBuffer
import java.security.cert.X509Certificate
import java.util.Optional
import java.util.concurrent.CompletableFuture

/**
 * A TLS connection whose operations return futures: the Java face of [TlsChannel] (seed: `SSLSocket` on a
 * non-blocking socket, without the `SSLWantReadError` loop). Made by [TlsAsync.connect] or [AsyncTlsServer.accept].
 *
 * ```java
 * ch.write(ByteBuffer.wrap("ping\n".getBytes(UTF_8)))
 *   .thenCompose(n -> ch.readFully(reply))
 *   .thenCompose(v -> ch.shutdown())
 *   .whenComplete((v, e) -> ch.close());
 * ```
 *
 * One read and one write may be outstanding at a time each (further ones wait their turn). Cancelling an operation's
 * future closes the channel; see [TlsAsync].
 */
public class AsyncTlsChannel internal constructor(private val channel: TlsChannel, private val async: TlsAsync) : AutoCloseable {

    /** The connection's negotiated facts (peer certificate, session, ...), as for a memory-BIO connection. */
    public fun connection(): TlsConnection = channel.connection

    /** The seed's `session_reused`: whether the handshake resumed a session. */
    public fun sessionReused(): Boolean = channel.sessionReused

    /** Seed `version()`: the negotiated version, empty before the handshake. */
    public fun version(): Optional<TlsVersion> = Optional.ofNullable(channel.version)

    /** Seed `cipher()`: the negotiated suite, empty before the handshake. */
    public fun cipher(): Optional<CipherInfo> = Optional.ofNullable(channel.cipher)

    /** Seed `selected_alpn_protocol()`. */
    public fun alpnProtocol(): Optional<String> = Optional.ofNullable(channel.alpnProtocol)

    /** The peer's certificate chain, leaf first; empty when the peer sent none. */
    public fun peerCertificates(): List<X509Certificate> = channel.peerCertificates

    /** `true` for a channel accepted by a server. */
    public fun isServerSide(): Boolean = channel.serverSide

    /** `false` after [close] or a failure that closed the channel. */
    public fun isOpen(): Boolean = channel.isOpen

    /** The local socket address, or null once closed. */
    public fun localAddress(): InetSocketAddress? = channel.localAddress

    /** The peer's socket address, or null once closed. */
    public fun remoteAddress(): InetSocketAddress? = channel.remoteAddress

    /**
     * Seed `do_handshake()`: completes when the handshake is done (at once for a connected client). An accepted
     * channel also runs it on its first read or write.
     */
    public fun handshake(): CompletableFuture<Void?> = async.submit { channel.handshake(); null }

    /**
     * Reads decrypted bytes into [dst]: completes with the count (0 only when [dst] has no room) or -1 after the
     * peer's close_notify; fails with `TlsEofException` on an end without close_notify.
     */
    public fun read(dst: ByteBuffer): CompletableFuture<Int> = async.submit { channel.read(dst) }

    /** Reads until [dst] is full; fails with `EOFException` when the peer closes first (what arrived is in [dst]). */
    public fun readFully(dst: ByteBuffer): CompletableFuture<Void?> = async.submit { channel.readFully(dst); null }

    /** Encrypts and sends all of [src] (seed `sendall`); completes with the count once handed to the socket. */
    public fun write(src: ByteBuffer): CompletableFuture<Int> = async.submit { channel.write(src) }

    /** Sends close_notify and completes when the peer's arrives (seed `unwrap()`); the socket stays open until [close]. */
    public fun shutdown(): CompletableFuture<Void?> = async.submit { channel.shutdown(); null }

    /** Closes the socket and releases the engine at once; pending operations fail. Idempotent. */
    override fun close() {
        channel.close()
    }

    override fun toString(): String = "Async$channel"
}
