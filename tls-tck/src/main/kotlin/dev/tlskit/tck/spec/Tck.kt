package dev.tlskit.tck.spec

import dev.tlskit.tck.spec.parity.parityConfigurationSpecs
import io.kotest.core.factory.TestFactory

/**
 * Every behaviour spec of the TCK for one provider. A backend module runs all of them:
 *
 * ```
 * class JdkTckTest : FunSpec({ tck("jdk").forEach { include(it) } })
 * ```
 */
public fun tck(provider: String): List<TestFactory> = listOf(
    memoryBioSpec(provider),
    contextSpec(provider),
    interopSpec(provider),
    capabilitySpec(provider),
    cipherSpec(provider),
    cipherInteropSpec(provider),
    coroutineSpec(provider),
    coroutineCancellationSpec(provider),
    coroutineConcurrencySpec(provider),
    asyncSpec(provider),
    verificationOracleSpec(provider),
    verificationAlertSpec(provider),
    alpnSniSpec(provider),
    pyOpenSslVerifySpec(provider),
    limboHandshakeSpec(provider),
    sessionSpec(provider),
    contextConcurrencySpec(provider),
    exporterSpec(provider),
    socketOptionsSpec(provider),
    securityDefaultsSpec(provider),
    noLostDataSpec(provider),
    hostilePeerSpec(provider),
    dev.tlskit.tck.spec.parity.parityAlpnSniSpec(provider),
    dev.tlskit.tck.spec.parity.parityWrapIoSpec(provider),
    dev.tlskit.tck.spec.parity.parityBioErrSpec(provider),
    dev.tlskit.tck.spec.parity.parityCloseSessSpec(provider),
    dev.tlskit.tck.spec.parity.parityCertSpec(provider),
    dev.tlskit.tck.spec.parity.parityPyCtxSpec(provider),
    dev.tlskit.tck.spec.parity.parityPyVerifySpec(provider),
    dev.tlskit.tck.spec.parity.parityPySniAlpnSpec(provider),
    dev.tlskit.tck.spec.parity.parityPyConnSpec(provider),
    dev.tlskit.tck.spec.parity.parityPyConnSecretsSpec(provider),
    dev.tlskit.tck.spec.parity.parityPyConnStateSpec(provider),
    dev.tlskit.tck.spec.parity.parityPyBioSpec(provider),
    dev.tlskit.tck.spec.parity.parityPySocketSpec(provider),
    dev.tlskit.tck.spec.parity.parityChannelBindingSpec(provider),
    dev.tlskit.tck.spec.parity.parityDebugPskOcspSpec(provider),
    dev.tlskit.tck.spec.parity.parityGapsSpec(provider),
    dev.tlskit.tck.spec.parity.parityNonBlockingSpec(provider),
) + parityConfigurationSpecs(provider)
