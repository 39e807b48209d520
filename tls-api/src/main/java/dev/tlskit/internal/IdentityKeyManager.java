package dev.tlskit.internal;

import dev.tlskit.pki.Identity;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * tlskit's single key manager: offers the context's identities (one per key type) the way OpenSSL does — the
 * configured certificate is sent whatever CA names the peer lists. Aliases are the key types ("RSA", "EC", ...).
 */
public final class IdentityKeyManager extends X509ExtendedKeyManager {
    private final List<Identity> identities;

    public IdentityKeyManager(List<Identity> identities) {
        this.identities = List.copyOf(identities);
    }

    private Identity byAlias(String alias) {
        for (Identity id : identities) {
            if (id.keyType().equals(alias)) {
                return id;
            }
        }
        return null;
    }

    private String choose(String... keyTypes) {
        if (keyTypes == null) {
            return null;
        }
        for (String wanted : keyTypes) {
            for (Identity id : identities) {
                if (matches(id.keyType(), wanted)) {
                    return id.keyType();
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
        return choose(keyType);
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
        return choose(keyType);
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
