package dev.tlskit

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldContainAll
import io.kotest.matchers.collections.shouldNotContain
import io.kotest.matchers.shouldBe
import java.util.EnumSet
import java.util.Optional
import javax.net.ssl.SSLContext

/** Pure logic of the typed constants: bit sets, lookups, version names. Needs no python (see [ConstantsParityTest]). */
class ConstantsTest : FunSpec({

    /** Every subset of [members] (at most 2^16 of them). */
    fun <E : Enum<E>> subsets(type: Class<E>, members: List<E>): Sequence<EnumSet<E>> = sequence {
        require(members.size <= 16)
        for (mask in 0 until (1 shl members.size)) {
            val set = EnumSet.noneOf(type)
            members.forEachIndexed { i, m -> if (mask and (1 shl i) != 0) set.add(m) }
            yield(set)
        }
    }

    test("fromBits of toBits gives back every set of single-bit options") {
        val singles = Option.values().filter { java.lang.Long.bitCount(it.code()) == 1 }
        for (set in subsets(Option::class.java, singles)) Option.fromBits(Option.toBits(set)) shouldBe set
    }

    test("Option.fromBits never returns OP_ALL or a zero-valued option, and drops bits no single option names") {
        Option.fromBits(Option.OP_ALL.code()) shouldBe EnumSet.noneOf(Option::class.java)
        Option.fromBits(Option.OP_ALL.code() or Option.OP_NO_TICKET.code()) shouldBe EnumSet.of(Option.OP_NO_TICKET)
        val everything = Option.fromBits(-1L)
        everything shouldNotContain Option.OP_ALL
        everything shouldNotContain Option.OP_NO_SSLv2
        everything shouldBe EnumSet.copyOf(Option.values().filter { java.lang.Long.bitCount(it.code()) == 1 })
        Option.toBits(EnumSet.of(Option.OP_ALL, Option.OP_NO_SSLv2)) shouldBe 0x80000050L
    }

    test("zero-valued option names are aliases of OP_NO_SSLv2, as in CPython") {
        Option.OP_SINGLE_DH_USE shouldBe Option.OP_NO_SSLv2
        Option.OP_SINGLE_ECDH_USE shouldBe Option.OP_NO_SSLv2
        Option.OP_EPHEMERAL_RSA shouldBe Option.OP_NO_SSLv2
        Option.fromCode(0L) shouldBe Optional.of(Option.OP_NO_SSLv2)
        for ((name, option) in seedNames(Option::class.java)) {
            if (option.name != name) option.code() shouldBe 0L
        }
    }

    test("VerifyFlag bits round-trip, and the composite VERIFY_CRL_CHECK_CHAIN is returned whole") {
        val nonZero = VerifyFlag.values().filter { it.code() != 0 }
        for (set in subsets(VerifyFlag::class.java, nonZero)) {
            val bits = VerifyFlag.toBits(set)
            VerifyFlag.toBits(VerifyFlag.fromBits(bits)) shouldBe bits
        }
        VerifyFlag.fromBits(0xc) shouldBe EnumSet.of(VerifyFlag.VERIFY_CRL_CHECK_CHAIN)
        VerifyFlag.fromBits(0x4) shouldBe EnumSet.of(VerifyFlag.VERIFY_CRL_CHECK_LEAF)
        VerifyFlag.fromBits(0x8) shouldBe EnumSet.noneOf(VerifyFlag::class.java) // CRL_CHECK_ALL alone has no name
        VerifyFlag.fromBits(0) shouldBe EnumSet.noneOf(VerifyFlag::class.java)
        VerifyFlag.fromBits(-1) shouldNotContain VerifyFlag.VERIFY_DEFAULT
        VerifyFlag.fromBits(0x8020) shouldBe EnumSet.of(VerifyFlag.VERIFY_X509_STRICT, VerifyFlag.VERIFY_X509_TRUSTED_FIRST)
    }

    test("PeerVerify bits round-trip and VERIFY_NONE never appears in fromBits") {
        val nonZero = PeerVerify.values().filter { it.code() != 0 }
        for (set in subsets(PeerVerify::class.java, nonZero)) PeerVerify.fromBits(PeerVerify.toBits(set)) shouldBe set
        PeerVerify.fromBits(-1) shouldNotContain PeerVerify.VERIFY_NONE
        PeerVerify.toBits(EnumSet.of(PeerVerify.VERIFY_NONE)) shouldBe 0
    }

    test("SessionCacheMode composites decompose into their single-bit parts") {
        SessionCacheMode.fromBits(SessionCacheMode.SESS_CACHE_BOTH.code()) shouldBe
            EnumSet.of(SessionCacheMode.SESS_CACHE_CLIENT, SessionCacheMode.SESS_CACHE_SERVER)
        SessionCacheMode.fromBits(SessionCacheMode.SESS_CACHE_NO_INTERNAL.code()) shouldBe
            EnumSet.of(SessionCacheMode.SESS_CACHE_NO_INTERNAL_LOOKUP, SessionCacheMode.SESS_CACHE_NO_INTERNAL_STORE)
        for (m in SessionCacheMode.values()) SessionCacheMode.toBits(SessionCacheMode.fromBits(m.code())) shouldBe m.code()
        SessionCacheMode.fromBits(-1) shouldNotContain SessionCacheMode.SESS_CACHE_OFF
        SessionCacheMode.fromBits(-1) shouldNotContain SessionCacheMode.SESS_CACHE_BOTH
    }

    test("fromCode finds every constant by its code and gives empty for unknown codes") {
        val unknownInts = listOf(-3, 3, 99, 0x7fff_ffff, Int.MIN_VALUE)
        fun <E : Enum<E>> check(values: Array<E>, code: (E) -> Int, fromCode: (Int) -> Optional<E>, unknown: List<Int>) {
            for (e in values) fromCode(code(e)) shouldBe Optional.of(e)
            for (u in unknown) fromCode(u) shouldBe Optional.empty()
        }
        check(VerifyMode.values(), VerifyMode::code, VerifyMode::fromCode, unknownInts)
        check(VerifyFlag.values(), VerifyFlag::code, VerifyFlag::fromCode, listOf(8, 0x10, Int.MIN_VALUE))
        check(Protocol.values(), Protocol::code, Protocol::fromCode, listOf(6, 15, 18, -1))
        check(TlsVersion.values(), TlsVersion::code, TlsVersion::fromCode, listOf(0x305, 0x200, -3, 0))
        check(Purpose.values(), Purpose::code, Purpose::fromCode, listOf(0, 131, -1))
        check(Method.values(), Method::code, Method::fromCode, listOf(0, 13, -1))
        check(PeerVerify.values(), PeerVerify::code, PeerVerify::fromCode, listOf(3, 8, -1))
        check(FileType.values(), FileType::code, FileType::fromCode, listOf(0, 3, 65535))
        check(SessionCacheMode.values(), SessionCacheMode::code, SessionCacheMode::fromCode, listOf(4, 0x400, -1))
        check(TlsContentType.values(), TlsContentType::code, TlsContentType::fromCode, listOf(0, 24, 0x102))
        check(TlsAlertType.values(), TlsAlertType::code, TlsAlertType::fromCode, listOf(1, 117, 255))
        check(TlsMessageType.values(), TlsMessageType::code, TlsMessageType::fromCode, listOf(7, 255, 0x102))
        check(SslErrorNumber.values(), SslErrorNumber::code, SslErrorNumber::fromCode, listOf(0, 9, 11))
        check(AlertDescription.values(), AlertDescription::code, AlertDescription::fromCode, listOf(1, 255, -1))
        for (o in Option.values()) Option.fromCode(o.code()) shouldBe Optional.of(o)
        for (u in listOf(1L, 0x80000850L, 1L shl 40, Long.MIN_VALUE, -1L)) Option.fromCode(u) shouldBe Optional.empty()
    }

    test("Protocol knows which members are client-only, server-only or pinned to one version") {
        Protocol.values().filter { it.isClientOnly() } shouldBe listOf(Protocol.PROTOCOL_TLS_CLIENT)
        Protocol.values().filter { it.isServerOnly() } shouldBe listOf(Protocol.PROTOCOL_TLS_SERVER)
        Protocol.PROTOCOL_TLSv1.fixedVersion() shouldBe Optional.of(TlsVersion.TLSv1)
        Protocol.PROTOCOL_TLSv1_1.fixedVersion() shouldBe Optional.of(TlsVersion.TLSv1_1)
        Protocol.PROTOCOL_TLSv1_2.fixedVersion() shouldBe Optional.of(TlsVersion.TLSv1_2)
        Protocol.PROTOCOL_SSLv3.fixedVersion() shouldBe Optional.of(TlsVersion.SSLv3)
        for (p in listOf(Protocol.PROTOCOL_TLS, Protocol.PROTOCOL_TLS_CLIENT, Protocol.PROTOCOL_TLS_SERVER, Protocol.PROTOCOL_SSLv2)) {
            p.fixedVersion() shouldBe Optional.empty()
        }
    }

    test("Method knows its pinned version and which methods are datagram TLS") {
        Method.values().filter { it.isDatagram() }.map { it.name }.all { it.startsWith("DTLS_") }.shouldBeTrue()
        Method.values().count { it.isDatagram() } shouldBe 3
        Method.TLSv1_2_METHOD.fixedVersion() shouldBe Optional.of(TlsVersion.TLSv1_2)
        Method.SSLv23_METHOD.fixedVersion() shouldBe Optional.empty()
        Method.TLS_METHOD.fixedVersion() shouldBe Optional.empty()
    }

    test("TlsVersion maps JSSE protocol names both ways and names every concrete protocol JSSE supports") {
        for (v in TlsVersion.values()) {
            v.isConcrete() shouldBe (v != TlsVersion.MINIMUM_SUPPORTED && v != TlsVersion.MAXIMUM_SUPPORTED)
            if (v.isConcrete()) {
                TlsVersion.fromJavaName(v.javaName().get()) shouldBe Optional.of(v)
                v.seedName() shouldBe v.javaName().get()
            } else {
                v.javaName() shouldBe Optional.empty()
                v.seedName() shouldBe v.name
            }
        }
        TlsVersion.TLSv1_3.seedName() shouldBe "TLSv1.3"
        TlsVersion.TLSv1_2.javaName() shouldBe Optional.of("TLSv1.2")
        TlsVersion.fromJavaName("TLSv1.4") shouldBe Optional.empty()
        TlsVersion.fromJavaName("tlsv1.2") shouldBe Optional.empty()
        TlsVersion.fromJavaName("MINIMUM_SUPPORTED") shouldBe Optional.empty()
        TlsVersion.fromJavaName(null) shouldBe Optional.empty()
        val jsse = SSLContext.getInstance("TLS").apply { init(null, null, null) }.supportedSSLParameters.protocols
            .filter { it != "SSLv2Hello" } // a ClientHello format, not a protocol version
        jsse.map { TlsVersion.fromJavaName(it).isPresent }.all { it }.shouldBeTrue()
        jsse shouldContainAll listOf("TLSv1.2", "TLSv1.3")
    }

    test("ChannelBindingType and FileType look up by their seed names and codes") {
        ChannelBindingType.TLS_UNIQUE.seedName() shouldBe "tls-unique"
        ChannelBindingType.fromSeedName("TLS-UNIQUE").isPresent.shouldBeFalse()
        FileType.FILETYPE_PEM.code() shouldBe 1
        FileType.FILETYPE_ASN1.code() shouldBe 2
    }
})
