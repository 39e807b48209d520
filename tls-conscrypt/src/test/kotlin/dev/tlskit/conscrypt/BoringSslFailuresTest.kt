package dev.tlskit.conscrypt

import dev.tlskit.TlsAlertException
import dev.tlskit.TlsProtocolException
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import javax.net.ssl.SSLException
import javax.net.ssl.SSLHandshakeException

/** BoringSSL's error reasons, as Conscrypt 2.5.2 reported them in the TCK, become the JDK path's typed errors. */
class BoringSslFailuresTest : FunSpec({
    fun conscrypt(line: String) = SSLHandshakeException(
        "Read error: ssl=0x7f7704705348: Failure in SSL library, usually a protocol error\n$line")

    test("a received alert is read from the packed error code (1000 + alert number), not from its text") {
        val e = BoringSslFailures.translate(conscrypt("error:10000416:SSL routines:OPENSSL_internal:" +
            "SSLV3_ALERT_CERTIFICATE_UNKNOWN (../ssl/tls_record.cc:594 0x7f77046fa4d8:0x00000001)"), true)
        val alert = e.shouldBeInstanceOf<TlsAlertException>()
        alert.alertCode() shouldBe 46
        alert.received() shouldBe true
        alert.reason().get() shouldBe "SSLV3_ALERT_CERTIFICATE_UNKNOWN"
        BoringSslFailures.translate(conscrypt("error:1000042e:SSL routines:OPENSSL_internal:" +
            "TLSV1_ALERT_PROTOCOL_VERSION (../ssl/tls_record.cc:594 0x1:0x00000001)"), true)
            .shouldBeInstanceOf<TlsAlertException>().reason().get() shouldBe "TLSV1_ALERT_PROTOCOL_VERSION"
    }

    test("other BoringSSL reasons keep their OpenSSL mnemonic, with the error line in the message") {
        val e = BoringSslFailures.translate(conscrypt("error:100000c0:SSL routines:OPENSSL_internal:" +
            "PEER_DID_NOT_RETURN_A_CERTIFICATE (../ssl/tls13_both.cc:323 0x7f767ebb9700:0x00000000)"), true)
        e.shouldBeInstanceOf<TlsProtocolException>().reason().get() shouldBe "PEER_DID_NOT_RETURN_A_CERTIFICATE"
        e.message!! shouldContain "[SSL: PEER_DID_NOT_RETURN_A_CERTIFICATE] peer did not return a certificate"
        e.message!! shouldContain "../ssl/tls13_both.cc:323"
        BoringSslFailures.translate(conscrypt("error:100000f0:SSL routines:OPENSSL_internal:UNSUPPORTED_PROTOCOL " +
            "(../ssl/ssl_versions.cc:321 0x0:0x00000000)"), true).reason().get() shouldBe "UNSUPPORTED_PROTOCOL"
    }

    test("bytes that are no TLS record are WRONG_VERSION_NUMBER, as on the JDK path") {
        BoringSslFailures.translate(SSLException("Unable to parse TLS packet header"), true)
            .shouldBeInstanceOf<TlsProtocolException>().reason().get() shouldBe "WRONG_VERSION_NUMBER"
    }

    test("a record that fails to decrypt is DECRYPTION_FAILED_OR_BAD_RECORD_MAC (OpenSSL's reason), not the cipher's BAD_DECRYPT") {
        val e = BoringSslFailures.translate(SSLException("Read error: ssl=0x1: Failure in SSL library, usually a protocol " +
            "error\nerror:1e000065:Cipher functions:OPENSSL_internal:BAD_DECRYPT (../crypto/fipsmodule/cipher/e_aes.c:1068 " +
            "0x7f0:0x00000000)"), false)
        e.shouldBeInstanceOf<TlsProtocolException>().reason().get() shouldBe "DECRYPTION_FAILED_OR_BAD_RECORD_MAC"
        e.message!! shouldContain "e_aes.c:1068"
    }

    test("a message without a BoringSSL error line falls back to the shared JSSE-style translation") {
        BoringSslFailures.translate(SSLException("something else"), false).reason().get() shouldBe "PROTOCOL_ERROR"
    }
})
