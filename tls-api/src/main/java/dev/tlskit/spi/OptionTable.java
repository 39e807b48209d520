package dev.tlskit.spi;

import dev.tlskit.Option;
import java.util.EnumSet;
import java.util.Set;

/**
 * A provider's answer to {@link TlsProvider#optionSupport(Option)} as three sets; every option in none of them is
 * {@link TlsProvider.OptionSupport#UNSUPPORTED}.
 *
 * <pre>{@code
 * private static final OptionTable OPTIONS = new OptionTable(
 *         EnumSet.of(Option.OP_NO_TLSv1_2, Option.OP_NO_TLSv1_3),   // honoured both ways
 *         EnumSet.of(Option.OP_NO_COMPRESSION),                     // always on
 *         EnumSet.of(Option.OP_ALL));                               // OpenSSL workarounds not needed
 * public OptionSupport optionSupport(Option o) { return OPTIONS.support(o); }
 * }</pre>
 */
public final class OptionTable {
    private final Set<Option> honoured;
    private final Set<Option> alwaysOn;
    private final Set<Option> notNeeded;

    public OptionTable(Set<Option> honoured, Set<Option> alwaysOn, Set<Option> notNeeded) {
        this.honoured = copy(honoured);
        this.alwaysOn = copy(alwaysOn);
        this.notNeeded = copy(notNeeded);
    }

    private static Set<Option> copy(Set<Option> s) {
        return s.isEmpty() ? EnumSet.noneOf(Option.class) : EnumSet.copyOf(s);
    }

    /** How the provider treats {@code option}. */
    public TlsProvider.OptionSupport support(Option option) {
        if (honoured.contains(option)) {
            return TlsProvider.OptionSupport.HONOURED;
        }
        if (alwaysOn.contains(option)) {
            return TlsProvider.OptionSupport.ALWAYS_ON;
        }
        if (notNeeded.contains(option)) {
            return TlsProvider.OptionSupport.NOT_NEEDED;
        }
        return TlsProvider.OptionSupport.UNSUPPORTED;
    }
}
