package dev.tlskit.pki

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.net.InetAddress

class HostnameMatcherTest : FunSpec({
    val ssl = OpenSsl.temp()
    afterSpec { ssl.delete() }

    data class Row(val san: String?, val cn: String, val host: String, val checkCn: Boolean, val expected: Boolean,
                   val compareWithOpenssl: Boolean = true)

    val rows = listOf(
        Row("DNS:example.com", "x", "example.com", true, true),
        Row("DNS:example.com", "x", "EXAMPLE.com", true, true),
        // OpenSSL 3.0's X509_check_host refuses the absolute form; tlskit accepts it (RFC 6125, browsers, the JDK)
        Row("DNS:example.com", "x", "example.com.", true, true, compareWithOpenssl = false),
        Row("DNS:example.com", "x", "www.example.com", true, false),
        Row("DNS:*.example.com", "x", "www.example.com", true, true),
        Row("DNS:*.example.com", "x", "WWW.Example.COM", true, true),
        Row("DNS:*.example.com", "x", "example.com", true, false),
        Row("DNS:*.example.com", "x", "a.b.example.com", true, false),
        Row("DNS:*.com", "x", "example.com", true, false),
        // OpenSSL's CLI allows partial wildcards; CPython (and tlskit) set NO_PARTIAL_WILDCARDS
        Row("DNS:f*.example.com", "x", "foo.example.com", true, false, compareWithOpenssl = false),
        Row("DNS:www.*.example.com", "x", "www.a.example.com", true, false),
        Row("DNS:*.xn--bcher-kva.example", "x", "www.xn--bcher-kva.example", true, true),
        Row("DNS:xn--bcher-kva.example", "x", "XN--BCHER-KVA.example", true, true),
        Row("DNS:a.example,DNS:b.example", "x", "b.example", true, true),
        Row(null, "cn.example", "cn.example", true, true),
        Row(null, "cn.example", "cn.example", false, false, compareWithOpenssl = false),
        Row(null, "*.cn.example", "a.cn.example", true, true),
        Row("DNS:other.example", "cn.example", "cn.example", true, false),
        Row("IP:127.0.0.1", "cn.example", "cn.example", true, true),
        Row("IP:127.0.0.1", "cn.example", "cn.example", false, false, compareWithOpenssl = false),
    )

    rows.forEachIndexed { i, r ->
        test("host '${r.host}' ${if (r.expected) "matches" else "does not match"} SAN ${r.san ?: "none"} / CN ${r.cn} with CN fallback ${if (r.checkCn) "on" else "off"}") {
            val pem = ssl.selfSignedLeaf("h$i", r.cn, r.san)
            val cert = Certificates.read(pem).single()
            HostnameMatcher.matchesHost(cert, r.host, r.checkCn) shouldBe r.expected
            if (r.compareWithOpenssl) {
                val (code, _) = ssl.verify("-CAfile", "h$i.pem", "-verify_hostname", r.host, "h$i.pem")
                code shouldBe (if (r.expected) 0 else VerifyCodes.HOSTNAME_MISMATCH)
            }
        }
    }

    data class IpRow(val san: String?, val cn: String, val ip: String, val expected: Boolean)

    val ipRows = listOf(
        IpRow("IP:127.0.0.1", "x", "127.0.0.1", true),
        IpRow("IP:127.0.0.1", "x", "127.0.0.2", false),
        IpRow("IP:::1", "x", "::1", true),
        IpRow("IP:::1", "x", "0:0:0:0:0:0:0:1", true),
        IpRow("IP:2001:db8::1", "x", "2001:DB8:0::1", true),
        IpRow("DNS:127.0.0.1", "x", "127.0.0.1", false),
        IpRow(null, "127.0.0.1", "127.0.0.1", false),
        IpRow("DNS:*.0.0.1", "x", "127.0.0.1", false),
    )

    ipRows.forEachIndexed { i, r ->
        test("IP ${r.ip} ${if (r.expected) "matches" else "does not match"} SAN ${r.san ?: "none"} / CN ${r.cn}") {
            val pem = ssl.selfSignedLeaf("ip$i", r.cn, r.san)
            val cert = Certificates.read(pem).single()
            HostnameMatcher.matchesIp(cert, InetAddress.getByName(r.ip)) shouldBe r.expected
            val (code, _) = ssl.verify("-CAfile", "ip$i.pem", "-verify_ip", r.ip, "ip$i.pem")
            code shouldBe (if (r.expected) 0 else VerifyCodes.IP_ADDRESS_MISMATCH)
        }
    }

    test("IP literals are recognised without DNS lookups and host names are not") {
        HostnameMatcher.parseIpLiteral("192.0.2.1").isPresent shouldBe true
        HostnameMatcher.parseIpLiteral("[::1]").isPresent shouldBe true
        HostnameMatcher.parseIpLiteral("2001:db8::1").isPresent shouldBe true
        for (notIp in listOf("example.com", "1.2.3", "256.1.1.1", "1.2.3.4.5", "", "::zz", "localhost")) {
            HostnameMatcher.parseIpLiteral(notIp).isPresent shouldBe false
        }
    }
})
