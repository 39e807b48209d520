package dev.tlskit

import dev.tlskit.spi.Availability
import dev.tlskit.spi.TlsProvider
import dev.tlskit.spi.VersionInfo
import java.security.Security
import java.util.EnumSet
import javax.net.ssl.KeyManager
import javax.net.ssl.SSLContext
import javax.net.ssl.TrustManager

/**
 * NO SECURITY GUARANTEES: a test-only provider for tls-api's own unit tests (rules that do not depend on a backend).
 * It runs on SunJSSE so that engines work, honours the version options and refuses everything else. A second,
 * always-unavailable provider ("broken") proves the selection messages.
 */
class FakeTlsProvider : TlsProvider {
    override fun name() = "fake"
    override fun priority() = 1000
    override fun availability(): Availability = Availability.available()
    override fun capabilities(): Set<Capability> = EnumSet.of(Capability.HAS_ALPN, Capability.HAS_SNI, Capability.HAS_TLSv1_2, Capability.HAS_TLSv1_3)
    override fun versionInfo() = VersionInfo.of("Fake", "Fake 1.2.3", 1, 2, 3, 0)
    override fun supportedVersions(): Set<TlsVersion> = EnumSet.of(TlsVersion.TLSv1_2, TlsVersion.TLSv1_3)
    override fun optionSupport(option: Option): TlsProvider.OptionSupport = when (option) {
        Option.OP_NO_TLSv1, Option.OP_NO_TLSv1_1, Option.OP_NO_TLSv1_2, Option.OP_NO_TLSv1_3, Option.OP_NO_SSLv3,
        Option.OP_CIPHER_SERVER_PREFERENCE -> TlsProvider.OptionSupport.HONOURED
        Option.OP_NO_COMPRESSION, Option.OP_ENABLE_MIDDLEBOX_COMPAT -> TlsProvider.OptionSupport.ALWAYS_ON
        else -> TlsProvider.OptionSupport.UNSUPPORTED
    }
    override fun newSslContext(keyManager: KeyManager, trustManager: TrustManager): SSLContext =
        SSLContext.getInstance("TLS", Security.getProvider("SunJSSE")).apply { init(arrayOf(keyManager), arrayOf(trustManager), null) }
}

/** Always unusable: its reason must reach the user. */
class BrokenTlsProvider : TlsProvider by FakeTlsProvider() {
    override fun name() = "broken"
    override fun priority() = 2000
    override fun availability(): Availability =
        Availability.unavailable("native library libbroken.so could not be loaded", "use -Dtlskit.provider=fake", null)
}
