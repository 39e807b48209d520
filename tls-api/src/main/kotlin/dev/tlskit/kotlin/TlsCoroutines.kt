@file:JvmName("TlsCoroutines")
@file:OptIn(InternalTlsApi::class)

package dev.tlskit.kotlin

import dev.tlskit.MemoryBio
import dev.tlskit.TlsContext
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.SocketAddress
import java.net.StandardSocketOptions
import java.nio.channels.AsynchronousCloseException
import java.nio.channels.ServerSocketChannel
import java.nio.channels.SocketChannel
import kotlin.coroutines.cancellation.CancellationException

/** Listen queue of [bind] unless told otherwise: room for bursts of clients connecting at once. */
public const val DEFAULT_BACKLOG: Int = 1024

/**
 * Connects to [host]:[port] and runs the TLS handshake, suspending instead of blocking: the seed's
 * `wrap_socket(socket.create_connection((host, port)), server_hostname=...)` for coroutines.
 *
 * ```
 * val ctx = tlsContext(Protocol.PROTOCOL_TLS_CLIENT) { trust { pemFile(Path.of("ca.pem")) }; alpn("h2") }
 * ctx.connect("localhost", 8443).use { tls ->
 *     tls.write(ByteBuffer.wrap("ping".toByteArray()))
 *     println("${tls.version} ${tls.alpnProtocol}")
 * }
 * ```
 *
 * Cancelling the calling coroutine at any point (while connecting or during the handshake) closes the socket and
 * frees everything; so does a failed handshake. A handshake time limit is `withTimeout(...) { ctx.connect(...) }`.
 *
 * @param serverHostname the name sent as SNI and checked against the certificate (an IP literal is checked against
 *   the IP SANs and not sent); `null` for neither (refused while the context checks host names)
 * @throws java.net.ConnectException and other TCP failures as the JDK reports them
 * @throws dev.tlskit.TlsException subtypes when the handshake fails (e.g. [dev.tlskit.CertificateVerificationException])
 * @param session a [dev.tlskit.TlsSession] of this context to resume (the seed's `session=`), e.g. a previous
 *   channel's [TlsChannel.session]; `null` for a full handshake
 * @throws IllegalArgumentException for a bad [serverHostname] (before any socket is opened), or a [session] of
 *   another context
 */
@JvmSynthetic
public suspend fun TlsContext.connect(
    host: String,
    port: Int,
    serverHostname: String? = host,
    session: dev.tlskit.TlsSession? = null,
): TlsChannel {
    val connection = wrapBio(MemoryBio(), MemoryBio(), false, serverHostname, session)
    val address = try {
        resolve(host, port)
    } catch (e: Throwable) {
        connection.close()
        throw e
    }
    return connect(address, connection)
}

/**
 * Connects to [address] and runs the handshake; as [connect] with a host name.
 *
 * ```
 * ctx.connect(InetSocketAddress(InetAddress.getLoopbackAddress(), port), serverHostname = "localhost")
 * ```
 */
@JvmSynthetic
public suspend fun TlsContext.connect(
    address: InetSocketAddress,
    serverHostname: String?,
    session: dev.tlskit.TlsSession? = null,
): TlsChannel = connect(address, wrapBio(MemoryBio(), MemoryBio(), false, serverHostname, session))

private suspend fun connect(address: SocketAddress, connection: dev.tlskit.TlsConnection): TlsChannel {
    val socket = try {
        SocketChannel.open().apply {
            configureBlocking(false)
            setOption(StandardSocketOptions.TCP_NODELAY, true)
        }
    } catch (e: Throwable) {
        connection.close()
        throw e
    }
    val channel = TlsChannel.open(socket, connection)
    try {
        channel.connectTo(address)
        channel.handshake()
        return channel
    } catch (e: Throwable) {
        channel.abort(if (e is CancellationException) AsynchronousCloseException() else e)
        throw e
    }
}

private suspend fun resolve(host: String, port: Int): InetSocketAddress {
    val literal = host.isNotEmpty() && (host[0].isDigit() || host.contains(':'))
    return if (literal) {
        InetSocketAddress(InetAddress.getByName(host), port)   // no lookup for a literal
    } else {
        withContext(Dispatchers.IO) { InetSocketAddress(InetAddress.getByName(host), port) }
    }
}

/**
 * Listens on [address] (default: 127.0.0.1, an OS-assigned port) for TLS connections served with this context.
 *
 * ```
 * val server = serverCtx.bind()
 * println("listening on ${server.port}")
 * ```
 *
 * @throws dev.tlskit.TlsException when this context cannot act as a server (e.g. `PROTOCOL_TLS_CLIENT`), before
 *   anything is bound
 * @throws java.net.BindException when the address is taken
 */
public fun TlsContext.bind(
    address: SocketAddress = InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
    backlog: Int = DEFAULT_BACKLOG,
): TlsServer {
    wrapBio(MemoryBio(), MemoryBio(), true, null).close()   // the seed's side check, before binding
    val server = ServerSocketChannel.open()
    try {
        server.configureBlocking(false)
        server.bind(address, backlog)
        TlsTransportDiagnostics.opened(server)
        return TlsServer(this, server)
    } catch (e: Throwable) {
        server.close()
        throw e
    }
}
