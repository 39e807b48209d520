package dev.tlskit.internal;

import dev.tlskit.Capability;
import dev.tlskit.ChannelBindingType;
import dev.tlskit.TlsException;
import dev.tlskit.UnsupportedFeatureException;
import dev.tlskit.spi.TlsProvider;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * The rules behind {@code TlsConnection.getChannelBinding}, {@code exportKeyingMaterial} and the secrets no backend
 * exposes, the same on every provider: capability first (a backend that lacks the feature always refuses, before or
 * after the handshake), then the state (before the handshake: nothing), then the provider's hook.
 */
public final class ChannelBindings {
    /** RFC 9266: the exporter label of the {@code tls-exporter} channel binding. */
    public static final String TLS_EXPORTER_LABEL = "EXPORTER-Channel-Binding";
    /** RFC 9266: its length in bytes. */
    public static final int TLS_EXPORTER_LENGTH = 32;

    private ChannelBindings() {
    }

    /**
     * The seed's {@code get_channel_binding(cb_type)}: {@code ValueError} for an unknown type, then the capability,
     * then empty before a handshake and at TLS 1.3 (RFC 8446 section C.5 leaves {@code tls-unique} undefined there).
     *
     * @param engine   the engine once its handshake is complete, else {@code null}
     * @param protocol the negotiated protocol ({@code "TLSv1.2"}), or {@code null}
     */
    public static Optional<byte[]> channelBinding(TlsProvider provider, String cbType, SSLEngine engine,
                                                  String protocol) throws UnsupportedFeatureException {
        ChannelBindingType type = ChannelBindingType.fromSeedName(Objects.requireNonNull(cbType, "cbType"))
                .orElseThrow(() -> new IllegalArgumentException("Unsupported channel binding type '" + cbType
                        + "': use one of ChannelBindingType (\"tls-unique\"), or getTlsExporterBinding() for "
                        + "RFC 9266 tls-exporter"));
        require(provider, Capability.CHANNEL_BINDING_TLS_UNIQUE, "get_channel_binding(\"" + type.seedName() + "\")",
                "the backend does not expose the Finished message; use getTlsExporterBinding() where "
                        + "KEYING_MATERIAL_EXPORT is available");
        if (engine == null || "TLSv1.3".equals(protocol)) {
            return Optional.empty();
        }
        return provider.tlsUnique(engine).map(byte[]::clone);
    }

    /**
     * pyOpenSSL {@code export_keying_material(label, olen, context)}.
     *
     * @throws IllegalArgumentException for a negative length or a label that is not printable ASCII
     * @throws IllegalStateException    before the handshake completes
     */
    public static byte[] export(TlsProvider provider, SSLEngine engine, String label, byte[] context, int length)
            throws TlsException {
        Objects.requireNonNull(label, "label");
        require(provider, Capability.KEYING_MATERIAL_EXPORT, "export_keying_material",
                "the backend has no RFC 5705 exporter (JSSE before Java 25)");
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(label)) {
            throw new IllegalArgumentException("the exporter label must be ASCII: '" + label + "'");
        }
        if (engine == null) {
            throw new IllegalStateException("handshake not done yet: keying material exists once the handshake "
                    + "has completed");
        }
        try {
            byte[] out = provider.exportKeyingMaterial(engine, label, context == null ? null : context.clone(),
                    length);
            if (out == null || out.length != length) {
                throw new TlsException("the '" + provider.name() + "' provider exported "
                        + (out == null ? "nothing" : out.length + " bytes") + " instead of " + length);
            }
            return out;
        } catch (SSLException e) {
            throw new TlsException(dev.tlskit.SslErrorNumber.SSL_ERROR_SSL, "EXPORT_KEYING_MATERIAL_FAILED",
                    "keying-material export with label '" + label + "' failed: " + e.getMessage(), e);
        }
    }

    /** Refuses {@code feature} with {@link UnsupportedFeatureException} unless the provider has {@code capability}. */
    public static void require(TlsProvider provider, Capability capability, String feature, String detail)
            throws UnsupportedFeatureException {
        if (!provider.capabilities().contains(capability)) {
            throw new UnsupportedFeatureException(feature, provider.name(), detail + " (no " + capability + ")");
        }
    }

    /** The refusal of {@code set_info_callback}, on a context or a connection. */
    public static UnsupportedFeatureException infoCallback(TlsProvider provider) {
        return unwired(provider, Capability.INFO_CALLBACK, "set_info_callback",
                "the backend does not report OpenSSL's handshake state events");
    }

    /**
     * A feature that tlskit's provider interface has no hook for yet: refused on every provider, with the capability
     * named so that a provider that declares it is told it is not wired.
     */
    public static UnsupportedFeatureException unwired(TlsProvider provider, Capability capability, String feature,
                                                      String detail) {
        boolean declared = provider.capabilities().contains(capability);
        return new UnsupportedFeatureException(feature, provider.name(), declared
                ? "tlskit has no provider hook for " + capability + " yet"
                : detail + " (no " + capability + ")");
    }
}
