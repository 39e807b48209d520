package dev.tlskit.tck.spec.parity

import dev.tlskit.AlertDescription
import dev.tlskit.Capability
import dev.tlskit.MemoryBio
import dev.tlskit.Option
import dev.tlskit.Protocol
import dev.tlskit.Purpose
import dev.tlskit.SessionCacheMode
import dev.tlskit.SslErrorNumber
import dev.tlskit.TlsAlertType
import dev.tlskit.TlsConnection
import dev.tlskit.TlsContentType
import dev.tlskit.TlsContext
import dev.tlskit.TlsMessageType
import dev.tlskit.TlsSocket
import dev.tlskit.TlsVersion
import dev.tlskit.VerifyFlag
import dev.tlskit.VerifyMode
import io.kotest.core.factory.TestFactory
import io.kotest.core.spec.style.funSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.collections.shouldNotContain
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotStartWith
import io.kotest.matchers.string.shouldStartWith

/** PARITY.md section 1 (CONST): the seeds' constants and module facts on [provider]. */
public fun parityConstSpec(provider: String): TestFactory = funSpec {
    val p = "[$provider]"
    fun caps() = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider).provider().capabilities()

    test("CONST-01 $p HAS_SNI, HAS_ECDH, HAS_TLSv1_2 and HAS_TLSv1_3 are set and HAS_NPN is not") {
        val caps = caps()
        caps shouldContain Capability.HAS_SNI
        caps shouldContain Capability.HAS_ECDH
        caps shouldContain Capability.HAS_TLSv1_2
        caps shouldContain Capability.HAS_TLSv1_3
        caps shouldNotContain Capability.HAS_NPN
    }

    test("CONST-02 $p the CERT_*, OP_* and PROTOCOL_* names exist, PROTOCOL_SSLv23 is PROTOCOL_TLS, every OP_* is non-negative") {
        VerifyMode.values().map { it.name } shouldContainExactlyInAnyOrder listOf("CERT_NONE", "CERT_OPTIONAL", "CERT_REQUIRED")
        val names = Option.values().map { it.name }
        for (n in listOf("OP_CIPHER_SERVER_PREFERENCE", "OP_NO_COMPRESSION", "OP_NO_SSLv2", "OP_NO_SSLv3", "OP_NO_TLSv1",
            "OP_NO_TLSv1_1", "OP_NO_TLSv1_2", "OP_NO_TLSv1_3")) names shouldContain n
        // OP_SINGLE_DH_USE / OP_SINGLE_ECDH_USE are zero-valued aliases on OpenSSL 3, as in CPython
        Option.OP_SINGLE_DH_USE.code() shouldBe 0L
        Option.OP_SINGLE_ECDH_USE.code() shouldBe 0L
        Protocol.PROTOCOL_SSLv23 shouldBe Protocol.PROTOCOL_TLS
        for (o in Option.values()) o.code() shouldBeGreaterThanOrEqual 0L
        Option.OP_ALL.code() shouldBe 2147483728L
    }

    test("CONST-03 $p TLSVersion carries MINIMUM_SUPPORTED=-2 through TLSv1_3=0x304 and MAXIMUM_SUPPORTED=-1") {
        TlsVersion.values().associate { it.name to it.code() } shouldBe mapOf(
            "MINIMUM_SUPPORTED" to -2, "SSLv3" to 0x300, "TLSv1" to 0x301, "TLSv1_1" to 0x302, "TLSv1_2" to 0x303,
            "TLSv1_3" to 0x304, "MAXIMUM_SUPPORTED" to -1,
        )
    }

    test("CONST-04 $p _TLSContentType, _TLSAlertType and _TLSMessageType carry the RFC values") {
        TlsContentType.values().associate { it.name to it.code() } shouldBe mapOf(
            "CHANGE_CIPHER_SPEC" to 20, "ALERT" to 21, "HANDSHAKE" to 22, "APPLICATION_DATA" to 23, "HEADER" to 0x100,
            "INNER_CONTENT_TYPE" to 0x101,
        )
        TlsAlertType.values().associate { it.name to it.code() } shouldBe mapOf(
            "CLOSE_NOTIFY" to 0, "UNEXPECTED_MESSAGE" to 10, "BAD_RECORD_MAC" to 20, "DECRYPTION_FAILED" to 21,
            "RECORD_OVERFLOW" to 22, "DECOMPRESSION_FAILURE" to 30, "HANDSHAKE_FAILURE" to 40, "NO_CERTIFICATE" to 41,
            "BAD_CERTIFICATE" to 42, "UNSUPPORTED_CERTIFICATE" to 43, "CERTIFICATE_REVOKED" to 44,
            "CERTIFICATE_EXPIRED" to 45, "CERTIFICATE_UNKNOWN" to 46, "ILLEGAL_PARAMETER" to 47, "UNKNOWN_CA" to 48,
            "ACCESS_DENIED" to 49, "DECODE_ERROR" to 50, "DECRYPT_ERROR" to 51, "EXPORT_RESTRICTION" to 60,
            "PROTOCOL_VERSION" to 70, "INSUFFICIENT_SECURITY" to 71, "INTERNAL_ERROR" to 80,
            "INAPPROPRIATE_FALLBACK" to 86, "USER_CANCELED" to 90, "NO_RENEGOTIATION" to 100,
            "MISSING_EXTENSION" to 109, "UNSUPPORTED_EXTENSION" to 110, "CERTIFICATE_UNOBTAINABLE" to 111,
            "UNRECOGNIZED_NAME" to 112, "BAD_CERTIFICATE_STATUS_RESPONSE" to 113, "BAD_CERTIFICATE_HASH_VALUE" to 114,
            "UNKNOWN_PSK_IDENTITY" to 115, "CERTIFICATE_REQUIRED" to 116, "NO_APPLICATION_PROTOCOL" to 120,
        )
        TlsMessageType.values().associate { it.name to it.code() } shouldBe mapOf(
            "HELLO_REQUEST" to 0, "CLIENT_HELLO" to 1, "SERVER_HELLO" to 2, "HELLO_VERIFY_REQUEST" to 3,
            "NEWSESSION_TICKET" to 4, "END_OF_EARLY_DATA" to 5, "HELLO_RETRY_REQUEST" to 6,
            "ENCRYPTED_EXTENSIONS" to 8, "CERTIFICATE" to 11, "SERVER_KEY_EXCHANGE" to 12,
            "CERTIFICATE_REQUEST" to 13, "SERVER_DONE" to 14, "CERTIFICATE_VERIFY" to 15,
            "CLIENT_KEY_EXCHANGE" to 16, "FINISHED" to 20, "CERTIFICATE_URL" to 21, "CERTIFICATE_STATUS" to 22,
            "SUPPLEMENTAL_DATA" to 23, "KEY_UPDATE" to 24, "NEXT_PROTO" to 67, "MESSAGE_HASH" to 254,
            "CHANGE_CIPHER_SPEC" to 0x0101,
        )
    }

    test("CONST-05 $p each enum's members are exactly the constants with its prefix") {
        Protocol.values().map { it.name }.all { it.startsWith("PROTOCOL_") } shouldBe true
        Protocol.values().map { it.name } shouldContainExactlyInAnyOrder listOf("PROTOCOL_SSLv2", "PROTOCOL_SSLv3",
            "PROTOCOL_TLS", "PROTOCOL_TLSv1", "PROTOCOL_TLSv1_1", "PROTOCOL_TLSv1_2", "PROTOCOL_TLS_CLIENT", "PROTOCOL_TLS_SERVER")
        Protocol.fromCode(2).get() shouldBe Protocol.PROTOCOL_SSLv23
        Option.values().all { it.name.startsWith("OP_") } shouldBe true
        AlertDescription.values().all { it.name.startsWith("ALERT_DESCRIPTION_") } shouldBe true
        AlertDescription.ALERT_DESCRIPTION_HANDSHAKE_FAILURE.code() shouldBe 40
        SslErrorNumber.values().associate { it.name to it.code() } shouldBe mapOf("SSL_ERROR_SSL" to 1,
            "SSL_ERROR_WANT_READ" to 2, "SSL_ERROR_WANT_WRITE" to 3, "SSL_ERROR_WANT_X509_LOOKUP" to 4,
            "SSL_ERROR_SYSCALL" to 5, "SSL_ERROR_ZERO_RETURN" to 6, "SSL_ERROR_WANT_CONNECT" to 7, "SSL_ERROR_EOF" to 8,
            "SSL_ERROR_INVALID_ERROR_CODE" to 10)
        VerifyFlag.values().all { it.name.startsWith("VERIFY_") } shouldBe true
        VerifyFlag.values().map { it.name } shouldContainExactlyInAnyOrder listOf("VERIFY_DEFAULT", "VERIFY_CRL_CHECK_LEAF",
            "VERIFY_CRL_CHECK_CHAIN", "VERIFY_X509_STRICT", "VERIFY_ALLOW_PROXY_CERTS", "VERIFY_X509_TRUSTED_FIRST",
            "VERIFY_X509_PARTIAL_CHAIN")
        VerifyMode.values().all { it.name.startsWith("CERT_") } shouldBe true
    }

    test("CONST-06 $p Purpose.SERVER_AUTH and CLIENT_AUTH carry nid, short name, long name and OID") {
        val s = Purpose.SERVER_AUTH
        listOf(s.nid(), s.shortName(), s.longName(), s.oid()) shouldBe
            listOf(129, "serverAuth", "TLS Web Server Authentication", "1.3.6.1.5.5.7.3.1")
        val c = Purpose.CLIENT_AUTH
        listOf(c.nid(), c.shortName(), c.longName(), c.oid()) shouldBe
            listOf(130, "clientAuth", "TLS Web Client Authentication", "1.3.6.1.5.5.7.3.2")
    }

    // [py] repr/str of enums and _ASN1Object lookups map to the enum's code() and Purpose.fromCode (unknown: empty)
    test("CONST-07 $p a context keeps its protocol, codes are the seed's ints, and an unknown nid finds no Purpose") {
        Protocol.PROTOCOL_TLS_CLIENT.code() shouldBe 16
        Protocol.PROTOCOL_TLS_CLIENT.toString() shouldBe "PROTOCOL_TLS_CLIENT"
        TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider).protocol().get() shouldBe Protocol.PROTOCOL_TLS_CLIENT
        Purpose.fromCode(129).get() shouldBe Purpose.SERVER_AUTH
        Purpose.fromCode(100000).isPresent shouldBe false
    }

    // [py] "public constructor" TypeError maps to: TlsConnection and TlsSocket have no public constructor
    test("CONST-08 $p connections and sockets come only from a context (no public constructor)") {
        TlsConnection::class.java.constructors.size shouldBe 0
        TlsSocket::class.java.constructors.size shouldBe 0
        val c = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider).wrapBio(MemoryBio(), MemoryBio(), false, "localhost")
        c.serverSide() shouldBe false
    }

    test("CONST-09 $p the provider reports its own library and version, never a fake OpenSSL") {
        val prov = TlsContext.create(Protocol.PROTOCOL_TLS_CLIENT, provider).provider()
        prov.name() shouldBe provider
        val v = prov.versionInfo()
        v.versionInfo().size shouldBe 5
        v.versionNumber().toInt() shouldBeGreaterThan -1
        v.versionString() shouldNotStartWith "OpenSSL"
        v.versionString() shouldStartWith v.libraryName().substringBefore(" ")
    }

    test("CONST-10 $p pyOpenSSL OP_* and SESS_CACHE_* values") {
        Option.OP_NO_QUERY_MTU.code() shouldBe 0x1000L
        Option.OP_COOKIE_EXCHANGE.code() shouldBe 0x2000L
        Option.OP_NO_TICKET.code() shouldBe 0x4000L
        Option.OP_NO_COMPRESSION.code() shouldBe 0x20000L
        SessionCacheMode.values().associate { it.name to it.code() } shouldBe mapOf(
            "SESS_CACHE_OFF" to 0, "SESS_CACHE_CLIENT" to 1, "SESS_CACHE_SERVER" to 2, "SESS_CACHE_BOTH" to 3,
            "SESS_CACHE_NO_AUTO_CLEAR" to 0x80, "SESS_CACHE_NO_INTERNAL_LOOKUP" to 0x100,
            "SESS_CACHE_NO_INTERNAL_STORE" to 0x200, "SESS_CACHE_NO_INTERNAL" to 0x300,
        )
    }
}
