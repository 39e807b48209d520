package dev.tlskit

import io.kotest.assertions.fail
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.maps.shouldNotBeEmpty
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import java.lang.reflect.Modifier
import java.math.BigInteger
import java.util.EnumSet
import java.util.Optional

/**
 * The typed constants against the seeds, asked of a real CPython and pyOpenSSL on OpenSSL 3 (see [PythonSeeds]),
 * in both directions: nothing python has is missing here, and nothing here is extra unless an allow-list entry below
 * says why.
 */
class ConstantsParityTest : FunSpec({
    val py by lazy { PythonSeeds.load() }

    /** One family compared both ways; returns nothing when it matches, else one line per problem. */
    fun <E : Enum<E>> problems(
        label: String,
        python: Map<String, BigInteger>,
        type: Class<E>,
        code: (E) -> BigInteger,
        javaOnly: Map<String, String> = emptyMap(),
        pythonOnly: Map<String, String> = emptyMap(),
    ): List<String> {
        val java = seedNames(type)
        val out = mutableListOf<String>()
        for ((name, value) in python) {
            if (name in pythonOnly) continue
            val twin = java[name]
            when {
                twin == null -> out += "$label: python has $name = $value, ${type.simpleName} has no such name"
                code(twin) != value -> out += "$label: $name is $value in python but ${code(twin)} in ${type.simpleName}"
            }
        }
        for (name in java.keys - python.keys - javaOnly.keys) {
            out += "$label: ${type.simpleName}.$name is not in python and has no allow-list entry saying why"
        }
        // An allow-list entry must stay true: the name is in Java and really absent from python (else compare it).
        for (name in javaOnly.keys) {
            if (name !in java) out += "$label: allow-list names $name, which ${type.simpleName} does not have"
            if (name in python) out += "$label: allow-listed $name is in python now; drop the entry so it is compared"
        }
        for (name in pythonOnly.keys) {
            if (name !in python) out += "$label: python-only allow-list names $name, which python does not have"
            if (name in java) out += "$label: python-only $name exists in ${type.simpleName}; drop the entry"
        }
        return out
    }

    fun assertNone(problems: List<String>) {
        if (problems.isNotEmpty()) fail("Constants differ from ${py.python} (${py.banner}):\n" + problems.joinToString("\n"))
    }

    /** CPython's canonical member (the first name of a value) must be what fromCode returns here. */
    fun <E : Enum<E>> canonicalProblems(family: String, fromCode: (BigInteger) -> Optional<E>): List<String> =
        py.rows(family).values.filter { it.extra.isNotEmpty() }.mapNotNull { row ->
            val got = fromCode(row.value).map { it.name }.orElse(null)
            if (got == row.extra) null else "$family: python's canonical member for ${row.value} is ${row.extra}, fromCode gives $got"
        }

    fun int(i: Int): BigInteger = BigInteger.valueOf(i.toLong())

    test("python's CERT_* names and values are exactly VerifyMode's") {
        assertNone(
            problems("ssl CERT_*", py.values("ssl:CERT_"), VerifyMode::class.java, { int(it.code()) }) +
                canonicalProblems("ssl:CERT_") { VerifyMode.fromCode(it.toInt()) }
        )
    }

    test("python's VERIFY_* names and values are exactly VerifyFlag's") {
        assertNone(
            problems("ssl VERIFY_*", py.values("ssl:VERIFY_"), VerifyFlag::class.java, { int(it.code()) }) +
                canonicalProblems("ssl:VERIFY_") { VerifyFlag.fromCode(it.toInt()) }
        )
    }

    test("python's PROTOCOL_* are Protocol's, plus the documented SSLv2 and SSLv3 protocols python lacks") {
        assertNone(
            problems(
                "ssl PROTOCOL_*", py.values("ssl:PROTOCOL_"), Protocol::class.java, { int(it.code()) },
                javaOnly = mapOf(
                    "PROTOCOL_SSLv2" to "documented by the seed; CPython on OpenSSL 3 has no SSLv2 and does not define it",
                    "PROTOCOL_SSLv3" to "documented by the seed; this CPython/OpenSSL 3 build has no SSLv3 method",
                ),
            ) + canonicalProblems("ssl:PROTOCOL_") { Protocol.fromCode(it.toInt()) }
        )
    }

    test("PROTOCOL_SSLv23 is PROTOCOL_TLS in python and in Java") {
        val protocols = py.values("ssl:PROTOCOL_")
        protocols["PROTOCOL_SSLv23"] shouldBe protocols["PROTOCOL_TLS"]
        Protocol.PROTOCOL_SSLv23 shouldBeSameInstanceAs Protocol.PROTOCOL_TLS
    }

    test("the OP_* of python ssl and pyOpenSSL together are exactly Option's, and the seeds disagree only on OP_ALL") {
        val ssl = py.values("ssl:OP_")
        val pyOpenSsl = py.values("SSL:OP_")
        val conflicts = (ssl.keys intersect pyOpenSsl.keys).filter { ssl[it] != pyOpenSsl[it] }
            .associateWith { "ssl=${ssl[it]} OpenSSL.SSL=${pyOpenSsl[it]}" }
        withClue("OP_* values on which python ssl and pyOpenSSL disagree: $conflicts") {
            // Known and documented on Option.OP_ALL: CPython removes OP_DONT_INSERT_EMPTY_FRAGMENTS from SSL_OP_ALL.
            conflicts.keys shouldBe setOf("OP_ALL")
        }
        ssl["OP_ALL"] shouldBe unsigned(Option.OP_ALL.code())
        pyOpenSsl["OP_ALL"] shouldBe unsigned(Option.toBits(EnumSet.of(Option.OP_ALL, Option.OP_DONT_INSERT_EMPTY_FRAGMENTS)))
        val union = pyOpenSsl + ssl // on the one conflict, python ssl's value is Option's (documented)
        assertNone(
            problems(
                "OP_* (ssl + OpenSSL.SSL)", union, Option::class.java, { unsigned(it.code()) },
                javaOnly = mapOf("OP_LEGACY_SERVER_CONNECT" to "ssl.OP_LEGACY_SERVER_CONNECT is CPython 3.12+ (PARITY CTX-04, OPT-05)"),
            ) +
                canonicalProblems("ssl:OP_") { Option.fromCode(it.toLong()) }
        )
    }

    test("every OP_* value is non-negative and fits an unsigned 64-bit mask, in python and in Java") {
        val limit = BigInteger.ONE.shiftLeft(64)
        for ((name, value) in py.values("ssl:OP_") + py.values("SSL:OP_")) {
            withClue("python $name = $value") { (value.signum() >= 0 && value < limit).shouldBeTrue() }
        }
        for ((name, option) in seedNames(Option::class.java)) {
            withClue("Option.$name = ${option.code()}") { (option.code() >= 0).shouldBeTrue() }
        }
    }

    test("python's ALERT_DESCRIPTION_* are AlertDescription's, plus IANA alerts python does not name") {
        val ianaOnly = "in the IANA TLS Alerts registry but not in ssl.AlertDescription; kept so every alert a peer sends has a name"
        assertNone(
            problems(
                "ssl ALERT_DESCRIPTION_*", py.values("ssl:ALERT_DESCRIPTION_"), AlertDescription::class.java,
                { int(it.code()) },
                javaOnly = listOf(
                    "DECRYPTION_FAILED", "NO_CERTIFICATE", "EXPORT_RESTRICTION", "INAPPROPRIATE_FALLBACK",
                    "MISSING_EXTENSION", "CERTIFICATE_REQUIRED", "GENERAL_ERROR", "NO_APPLICATION_PROTOCOL",
                    "ECH_REQUIRED",
                ).associate { "ALERT_DESCRIPTION_$it" to ianaOnly },
            ) + canonicalProblems("ssl:ALERT_DESCRIPTION_") { AlertDescription.fromCode(it.toInt()) }
        )
    }

    test("python's SSL_ERROR_* names and values are exactly SslErrorNumber's") {
        assertNone(
            problems("ssl SSL_ERROR_*", py.values("ssl:SSL_ERROR_"), SslErrorNumber::class.java, { int(it.code()) }) +
                canonicalProblems("ssl:SSL_ERROR_") { SslErrorNumber.fromCode(it.toInt()) }
        )
    }

    test("python's TLSVersion members are exactly TlsVersion's") {
        assertNone(problems("ssl.TLSVersion", py.values("ssl:TLSVersion"), TlsVersion::class.java, { int(it.code()) }))
    }

    test("python's _TLSContentType, _TLSAlertType and _TLSMessageType members are exactly the Java enums'") {
        assertNone(
            problems("ssl._TLSContentType", py.values("ssl:_TLSContentType"), TlsContentType::class.java, { int(it.code()) }) +
                problems("ssl._TLSAlertType", py.values("ssl:_TLSAlertType"), TlsAlertType::class.java, { int(it.code()) }) +
                problems("ssl._TLSMessageType", py.values("ssl:_TLSMessageType"), TlsMessageType::class.java, { int(it.code()) })
        )
    }

    test("python's Purpose members have Purpose's nid, short name, long name and OID") {
        val rows = py.rows("ssl:Purpose")
        rows.keys shouldBe Purpose.values().map { it.name }.toSet()
        for (p in Purpose.values()) {
            val row = rows.getValue(p.name)
            withClue(p.name) {
                row.value shouldBe int(p.nid())
                row.extra shouldBe listOf(p.shortName(), p.longName(), p.oid()).joinToString("|")
                Purpose.fromCode(p.nid()) shouldBe Optional.of(p)
                p.code() shouldBe p.nid()
            }
        }
    }

    test("python's CHANNEL_BINDING_TYPES are exactly ChannelBindingType's seed names") {
        py.rows("ssl:CHANNEL_BINDING_TYPES").keys shouldBe ChannelBindingType.values().map { it.seedName() }.toSet()
        for (t in ChannelBindingType.values()) ChannelBindingType.fromSeedName(t.seedName()) shouldBe Optional.of(t)
        ChannelBindingType.fromSeedName("tls-server-end-point") shouldBe Optional.empty()
        ChannelBindingType.fromSeedName(null) shouldBe Optional.empty()
    }

    test("pyOpenSSL's *_METHOD are Method's, plus the documented SSLv2 and SSLv3 methods it removed") {
        val removed = "documented by the seed with pyOpenSSL's historical value; removed from pyOpenSSL, OpenSSL 3 lacks it"
        assertNone(
            problems(
                "OpenSSL.SSL *_METHOD", py.values("SSL:_METHOD"), Method::class.java, { int(it.code()) },
                javaOnly = mapOf("SSLv2_METHOD" to removed, "SSLv3_METHOD" to removed),
            )
        )
    }

    test("pyOpenSSL's Context method table agrees with Method's fixedVersion and isDatagram") {
        val table = py.rows("SSL:Context._methods")
        table.shouldNotBeEmpty()
        for (row in table.values) {
            val method = Method.fromCode(row.value.toInt()).orElseGet { fail("pyOpenSSL accepts method ${row.value}, Method has none") }
            val (function, version) = row.extra.split('|')
            withClue("$method uses $function, version '$version'") {
                method.isDatagram() shouldBe function.startsWith("DTLS")
                method.fixedVersion().map { it.code().toString() }.orElse("") shouldBe version
            }
        }
    }

    test("pyOpenSSL's VERIFY_* names and values are exactly PeerVerify's") {
        assertNone(problems("OpenSSL.SSL VERIFY_*", py.values("SSL:VERIFY_"), PeerVerify::class.java, { int(it.code()) }))
    }

    test("pyOpenSSL's FILETYPE_* are FileType's, without the dump-only FILETYPE_TEXT") {
        assertNone(
            problems(
                "OpenSSL.crypto FILETYPE_*", py.values("crypto:FILETYPE_"), FileType::class.java, { int(it.code()) },
                pythonOnly = mapOf("FILETYPE_TEXT" to "only an output format of crypto.dump_*; no SSL loader accepts it"),
            )
        )
    }

    test("pyOpenSSL's SESS_CACHE_* names and values are exactly SessionCacheMode's") {
        assertNone(
            problems("OpenSSL.SSL SESS_CACHE_*", py.values("SSL:SESS_CACHE_"), SessionCacheMode::class.java, { int(it.code()) })
        )
    }
})

/** Every public static field of [type] holding an [E]: the enum constants and the documented alias fields. */
internal fun <E : Enum<E>> seedNames(type: Class<E>): Map<String, E> =
    type.fields.filter { Modifier.isStatic(it.modifiers) && it.type == type }
        .associate { it.name to type.cast(it.get(null)) }

internal fun unsigned(bits: Long): BigInteger = BigInteger(java.lang.Long.toUnsignedString(bits))
