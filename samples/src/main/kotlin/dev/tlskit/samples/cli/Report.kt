package dev.tlskit.samples.cli

import com.fasterxml.jackson.databind.ObjectMapper
import dev.tlskit.CertificateVerificationException
import dev.tlskit.TlsConnection
import dev.tlskit.TlsException

/** One line of `--json` output, or its readable text form. */
internal object Report {
    private val mapper = ObjectMapper()

    /** What a connection negotiated, for `--json` and the text output alike. */
    fun connection(provider: String, conn: TlsConnection, verified: Boolean): MutableMap<String, Any?> {
        val peer = conn.peerCertChain.firstOrNull()
        return linkedMapOf(
            "provider" to provider,
            "version" to conn.version().orElse(null),
            "cipher" to conn.cipher().map { it.name() }.orElse(null),
            "alpn" to conn.selectedAlpnProtocol().orElse(null),
            "peer_subject" to peer?.subjectX500Principal?.name,
            "verified" to (verified && peer != null),
        )
    }

    /** The `error` object: type, message and, for verification failures, OpenSSL's code and text. */
    fun error(e: Throwable): Map<String, Any?> {
        val m = linkedMapOf<String, Any?>(
            "type" to e.javaClass.simpleName,
            "message" to (e.message ?: e.toString()),
        )
        if (e is TlsException) m["reason"] = e.reason().orElse(null)
        if (e is CertificateVerificationException) {
            m["verify_code"] = e.verifyCode()
            m["verify_message"] = e.verifyMessage()
        }
        return m
    }

    fun json(obj: Any): String = mapper.writeValueAsString(obj)

    /** `provider=jdk version=TLSv1.3 ...`; a connection that failed before its handshake shows only provider and error. */
    fun text(m: Map<String, Any?>): String = buildString {
        append("provider=").append(m["provider"] ?: "-")
        if ("version" in m) {
            append(" version=").append(m["version"])
            append(" cipher=").append(m["cipher"])
            append(" alpn=").append(m["alpn"] ?: "-")
            append(" peer=").append(m["peer_subject"] ?: "-")
            append(" verified=").append(m["verified"])
        }
        (m["error"] as? Map<*, *>)?.let { append(" error=").append(it["type"]).append(": ").append(it["message"]) }
    }
}
