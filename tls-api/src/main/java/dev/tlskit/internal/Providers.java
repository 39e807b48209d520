package dev.tlskit.internal;

import dev.tlskit.ProviderUnavailableException;
import dev.tlskit.spi.Availability;
import dev.tlskit.spi.TlsProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finds providers with {@link ServiceLoader} and selects one: explicit name › system property {@code tlskit.provider}
 * › environment variable {@code TLSKIT_PROVIDER} › the available provider with the highest priority.
 */
public final class Providers {
    public static final String PROPERTY = "tlskit.provider";
    public static final String ENVIRONMENT = "TLSKIT_PROVIDER";
    private static final Logger LOG = Logger.getLogger(Providers.class.getName());

    private static volatile List<TlsProvider> all;
    private static volatile boolean fallbackLogged;

    private Providers() {
    }

    /** Every provider on the class path, highest priority first (cached after the first call). */
    public static List<TlsProvider> all() {
        List<TlsProvider> found = all;
        if (found == null) {
            synchronized (Providers.class) {
                found = all;
                if (found == null) {
                    found = load();
                    all = found;
                }
            }
        }
        return found;
    }

    private static List<TlsProvider> load() {
        List<TlsProvider> list = new ArrayList<>();
        ServiceLoader<TlsProvider> loader = ServiceLoader.load(TlsProvider.class, TlsProvider.class.getClassLoader());
        var it = loader.iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                list.add(it.next());
            } catch (ServiceConfigurationError e) {
                LOG.log(Level.WARNING, "tlskit: a TlsProvider could not be instantiated and is ignored", e);
            }
        }
        list.sort(Comparator.comparingInt(TlsProvider::priority).reversed().thenComparing(TlsProvider::name));
        return List.copyOf(list);
    }

    /**
     * The provider to use.
     *
     * @param explicitName a name the caller gave, or {@code null} to consult the property, the environment and then
     *                     priorities
     */
    public static TlsProvider select(String explicitName) throws ProviderUnavailableException {
        String requested = explicitName;
        String via = "requested";
        if (requested == null || requested.isBlank()) {
            requested = System.getProperty(PROPERTY);
            via = "system property " + PROPERTY;
        }
        if (requested == null || requested.isBlank()) {
            requested = System.getenv(ENVIRONMENT);
            via = "environment variable " + ENVIRONMENT;
        }
        List<TlsProvider> providers = all();
        if (requested != null && !requested.isBlank()) {
            String wanted = requested.trim().toLowerCase(Locale.ROOT);
            for (TlsProvider p : providers) {
                if (p.name().equalsIgnoreCase(wanted)) {
                    Availability a = p.availability();
                    if (a.isAvailable()) {
                        return p;
                    }
                    throw new ProviderUnavailableException("tlskit provider '" + p.name() + "' (" + via
                            + ") is unusable: " + a + ". " + describe(providers), a.cause().orElse(null));
                }
            }
            throw new ProviderUnavailableException("tlskit provider '" + requested + "' (" + via
                    + ") is not on the class path. " + describe(providers), null);
        }
        for (TlsProvider p : providers) {
            if (p.availability().isAvailable()) {
                return p;
            }
            if (!fallbackLogged) {
                fallbackLogged = true;
                LOG.fine(() -> "tlskit: provider '" + p.name() + "' is unusable (" + p.availability()
                        + "); falling back to the next one");
            }
        }
        throw new ProviderUnavailableException("no usable tlskit provider. " + describe(providers), null);
    }

    /** "Providers found: jdk (priority 0, available), conscrypt (priority 10, unavailable: ...)". */
    public static String describe(List<TlsProvider> providers) {
        if (providers.isEmpty()) {
            return "No providers were found: add a backend such as dev.tlskit:tls-jdk to the class path.";
        }
        StringBuilder sb = new StringBuilder("Providers found: ");
        for (int i = 0; i < providers.size(); i++) {
            TlsProvider p = providers.get(i);
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(p.name()).append(" (priority ").append(p.priority()).append(", ").append(p.availability())
                    .append(')');
        }
        return sb.append(". Select one with TlsContext.create(protocol, name), -D").append(PROPERTY)
                .append("=NAME or ").append(ENVIRONMENT).append("=NAME.").toString();
    }
}
