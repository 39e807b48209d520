package dev.tlskit.internal;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import javax.net.ssl.SSLEngine;

/**
 * <b>Not API.</b> The engines whose {@link EngineDriver} was made but not yet {@linkplain EngineDriver#release()
 * released}, held weakly: for the TCK's leak check, which counts them after a garbage collection. An engine that is
 * still here then is reachable from something that never closed its connection; on Conscrypt each one holds a native
 * BoringSSL {@code SSL} object. Unreachable engines drop out by themselves (their native memory is the backend's
 * finaliser's business), so the registry itself never keeps anything alive.
 */
public final class LiveEngines {
    private static final Map<SSLEngine, Boolean> LIVE = Collections.synchronizedMap(new WeakHashMap<>());

    private LiveEngines() {
    }

    static void created(SSLEngine engine) {
        LIVE.put(engine, Boolean.TRUE);
    }

    /** Whether {@code engine} was live (its first release). */
    static boolean released(SSLEngine engine) {
        return LIVE.remove(engine) != null;
    }

    /** Engines made by a driver, not released, and not yet collected. */
    public static int count() {
        synchronized (LIVE) {
            return LIVE.size();
        }
    }
}
