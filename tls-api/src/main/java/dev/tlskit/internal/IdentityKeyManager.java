package dev.tlskit.internal;

import dev.tlskit.pki.Identity;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.security.auth.x500.X500Principal;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * tlskit's single key manager: offers the context's identities (one per key type) the way OpenSSL does — the
 * configured certificate is sent whatever CA names the peer lists. Aliases are the key types ("RSA", "EC", ...).
 *
 * <p>On a client engine the CA names the server sent (the {@code issuers} of
 * {@link #chooseEngineClientAlias}) are recorded on the connection's {@link HandshakeHooks}, for pyOpenSSL's
 * {@code get_client_ca_list}.
 *
 * <p>On a server engine the identities come from {@link ServerNames}: those of a context the SNI callback switched the
 * connection to get aliases of their own ({@code "RSA@1f2e3d"}), remembered for {@link #getCertificateChain}.
 */
public final class IdentityKeyManager extends X509ExtendedKeyManager {
    private final List<Identity> identities;
    private final ServerNames serverNames;
    private final Function<SSLEngine, HandshakeHooks> hooks;
    /** Identities of switched-to contexts, by alias; as many as distinct identities were ever switched to. */
    private final Map<String, Identity> switched = new ConcurrentHashMap<>();

    public IdentityKeyManager(List<Identity> identities) {
        this(identities, null, engine -> null);
    }

    IdentityKeyManager(List<Identity> identities, ServerNames serverNames,
                       Function<SSLEngine, HandshakeHooks> hooks) {
        this.identities = List.copyOf(identities);
        this.serverNames = serverNames;
        this.hooks = hooks;
    }

    private Identity byAlias(String alias) {
        if (alias == null) {
            return null;
        }
        for (Identity id : identities) {
            if (id.keyType().equals(alias)) {
                return id;
            }
        }
        return switched.get(alias);
    }

    private String choose(String... keyTypes) {
        Identity id = pick(identities, keyTypes);
        return id == null ? null : id.keyType();
    }

    private static Identity pick(List<Identity> from, String... keyTypes) {
        if (keyTypes == null) {
            return null;
        }
        for (String wanted : keyTypes) {
            for (Identity id : from) {
                if (matches(id.keyType(), wanted)) {
                    return id;
                }
            }
        }
        return null;
    }

    private static boolean matches(String have, String wanted) {
        if (wanted == null) {
            return false;
        }
        if (have.equalsIgnoreCase(wanted)) {
            return true;
        }
        // JSSE asks for "RSA", "RSASSA-PSS", "EC", "EdDSA", "Ed25519", and TLS 1.2 names such as "EC_EC" / "RSA"
        return switch (have) {
            case "RSA" -> wanted.equals("RSASSA-PSS") || wanted.startsWith("RSA");
            case "EC" -> wanted.startsWith("EC");
            case "EdDSA" -> wanted.equals("Ed25519") || wanted.equals("Ed448");
            default -> false;
        };
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        String a = choose(keyType);
        return a == null ? null : new String[] {a};
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return choose(keyType);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        HandshakeHooks h = engine == null ? null : hooks.apply(engine);
        if (h != null) {
            h.peerCaNames(caNames(issuers));
        }
        return choose(keyType);
    }

    private static List<X500Principal> caNames(Principal[] issuers) {
        List<X500Principal> out = new ArrayList<>();
        if (issuers != null) {
            for (Principal p : issuers) {
                if (p instanceof X500Principal x) {
                    out.add(x);
                } else if (p != null) {
                    out.add(new X500Principal(p.getName()));
                }
            }
        }
        return out;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String a = choose(keyType);
        return a == null ? null : new String[] {a};
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return choose(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        if (serverNames == null) {
            return choose(keyType);
        }
        List<Identity> offer = serverNames.identitiesFor(engine, identities);
        if (offer == null) {
            return serverNames.refuse(engine);
        }
        if (offer == identities) {
            return choose(keyType);
        }
        Identity id = pick(offer, keyType);
        if (id == null) {
            return null;
        }
        String alias = id.keyType() + "@" + Integer.toHexString(System.identityHashCode(id));
        switched.putIfAbsent(alias, id);
        return alias;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Identity id = byAlias(alias);
        return id == null ? null : id.chain().toArray(new X509Certificate[0]);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Identity id = byAlias(alias);
        return id == null ? null : id.key();
    }
}
