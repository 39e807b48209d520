package dev.tlskit.spi;

import dev.tlskit.Capability;
import java.util.ArrayList;
import java.util.List;

/**
 * The capability matrix — every {@link Capability} against every usable provider — generated from
 * {@link TlsProvider#capabilities()}, so the README's copy can be checked against the code.
 *
 * <pre>{@code
 * System.out.print(CapabilityMatrix.markdown(Tls.providers()));
 * }</pre>
 */
public final class CapabilityMatrix {
    private CapabilityMatrix() {
    }

    /**
     * A Markdown table: one row per capability, one column per available provider (in the order given), "yes" or
     * "—" in each cell. Unusable providers are left out, so the table says what this machine can do.
     */
    public static String markdown(List<TlsProvider> providers) {
        List<TlsProvider> usable = new ArrayList<>();
        for (TlsProvider p : providers) {
            if (p.availability().isAvailable()) {
                usable.add(p);
            }
        }
        StringBuilder sb = new StringBuilder("| capability |");
        for (TlsProvider p : usable) {
            sb.append(" `").append(p.name()).append("` |");
        }
        sb.append("\n|---|");
        sb.append("---|".repeat(usable.size()));
        sb.append('\n');
        for (Capability c : Capability.values()) {
            sb.append("| `").append(c.name()).append("` |");
            for (TlsProvider p : usable) {
                sb.append(p.capabilities().contains(c) ? " yes |" : " — |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
