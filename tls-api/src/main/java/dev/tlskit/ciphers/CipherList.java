package dev.tlskit.ciphers;

import dev.tlskit.SslErrorNumber;
import dev.tlskit.TlsException;
import dev.tlskit.TlsVersion;
import dev.tlskit.ciphers.OpenSslAliases.Alias;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * OpenSSL's cipher-list language, evaluated the way OpenSSL 3.0's {@code SSL_CTX_set_cipher_list} (and so
 * {@code openssl ciphers}) evaluates it.
 *
 * <pre>{@code
 * CipherList.Selection s = CipherList.select("ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL:!MD5:@STRENGTH");
 * s.suites();    // TLS 1.2 suites in OpenSSL's order: ECDHE-ECDSA-AES256-GCM-SHA384, ECDHE-RSA-AES256-GCM-SHA384, ...
 * }</pre>
 *
 * <h2>The language</h2>
 * <ul>
 *   <li>Words are separated by {@code :}, {@code ,}, {@code ;} or spaces. A word is an alias ({@code HIGH},
 *       {@code kECDHE}, {@code AESGCM}, ...) or an OpenSSL cipher name (not an IANA name, in OpenSSL 3.0); {@code A+B}
 *       selects what both
 *       select. Unknown words are ignored.</li>
 *   <li>Prefixes: none adds (appends what is not yet in the list), {@code -} removes (it may be added back later),
 *       {@code !} removes for good, {@code +} moves what is already in the list to its end.</li>
 *   <li>{@code @STRENGTH} sorts by strength (stable), {@code @SECLEVEL=n} sets the security level.</li>
 *   <li>{@code DEFAULT}, only as the first word, stands for {@value #OPENSSL_DEFAULT}.</li>
 *   <li>Suites start in OpenSSL's own preference order (ECDHE with AEAD first, ...), which is what ties follow.</li>
 *   <li>TLS 1.3 suites are not affected: they are set with {@link #parseCiphersuites(String)}, like
 *       {@code SSL_CTX_set_ciphersuites}.</li>
 * </ul>
 * Only the suites OpenSSL 3.0's default provider builds take part ({@link CipherSuite#isInOpenSsl()}): RC4, 3DES,
 * IDEA, SEED and GOST suites are not selectable, as in {@code openssl ciphers} on the same system.
 *
 * <h2>Security</h2>
 * {@code ALL} and {@code COMPLEMENTOFALL} select anonymous and NULL suites; prefer the defaults of
 * {@link dev.tlskit.TlsContext}.
 */
public final class CipherList {
    /** What the word {@code DEFAULT} means in OpenSSL 3.0 ({@code OSSL_default_cipher_list()}). */
    public static final String OPENSSL_DEFAULT = "ALL:!COMPLEMENTOFDEFAULT:!eNULL";
    /** OpenSSL 3.0's default TLS 1.3 suites ({@code OSSL_default_ciphersuites()}). */
    public static final String OPENSSL_DEFAULT_CIPHERSUITES =
            "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256";

    private static final int ADD = 1, KILL = 2, DEL = 3, ORD = 4, BUMP = 5, SPECIAL = 6;

    private CipherList() {
    }

    /**
     * What a cipher string selected.
     *
     * @param suites        TLS 1.2-and-older suites in order (never empty when returned by {@link #select})
     * @param securityLevel the level an {@code @SECLEVEL=n} set, if any
     */
    public record Selection(List<CipherSuite> suites, OptionalInt securityLevel) {
        public Selection {
            suites = List.copyOf(suites);
            Objects.requireNonNull(securityLevel, "securityLevel");
        }
    }

    /**
     * Evaluates a cipher string as {@code SSL_CTX_set_cipher_list} does.
     *
     * @throws TlsException "No cipher can be selected." (the seed's {@code SSLError}) when the string has a syntax
     *                      error ({@code INVALID_COMMAND}) or selects no TLS 1.2-and-older suite ({@code NO_CIPHER_MATCH})
     */
    public static Selection select(String cipherString) throws TlsException {
        Objects.requireNonNull(cipherString, "cipher string");
        Selection s = evaluate(cipherString);
        if (s == null) {
            throw new TlsException(SslErrorNumber.SSL_ERROR_SSL, "INVALID_COMMAND", "No cipher can be selected. "
                    + "(invalid command in cipher string '" + cipherString + "')", null);
        }
        if (s.suites().isEmpty()) {
            throw new TlsException(SslErrorNumber.SSL_ERROR_SSL, "NO_CIPHER_MATCH", "No cipher can be selected. "
                    + "(cipher string '" + cipherString + "' matches no TLS 1.2 cipher suite)", null);
        }
        return s;
    }

    /**
     * Parses a TLS 1.3 suite list ({@code SSL_CTX_set_ciphersuites}): IANA names separated by {@code :}, unknown
     * names ignored, duplicates dropped; {@code ""} means no TLS 1.3 suites. Unlike OpenSSL, which also accepts
     * TLS 1.2 names here, only TLS 1.3 suites count.
     *
     * @throws TlsException when a non-empty list names no TLS 1.3 suite
     */
    public static List<CipherSuite> parseCiphersuites(String list) throws TlsException {
        Objects.requireNonNull(list, "ciphersuites");
        Set<CipherSuite> out = new LinkedHashSet<>();
        for (String name : list.split(":", -1)) {
            CipherSuites.fromIanaName(name.strip()).filter(CipherSuite::isTls13).filter(CipherSuite::isInOpenSsl)
                    .ifPresent(out::add);
        }
        if (!list.isEmpty() && out.isEmpty()) {
            throw new TlsException(SslErrorNumber.SSL_ERROR_SSL, "NO_CIPHER_MATCH", "No cipher can be selected. "
                    + "('" + list + "' names no TLS 1.3 cipher suite)", null);
        }
        return List.copyOf(out);
    }

    /**
     * Whether OpenSSL would offer or accept {@code s} at a security level ({@code SSL_SECOP_CIPHER_SUPPORTED}): at
     * level 1 and above no suite under the level's bits (80, 112, 128, 192, 256), no anonymous or MD5 suite; from
     * level 3 forward secrecy; from level 4 no SHA-1 MAC. PSK and SRP suites need callbacks tlskit does not offer, so
     * they are never usable.
     */
    public static boolean usable(CipherSuite s, int securityLevel) {
        CipherSuite.KeyExchange k = s.keyExchange();
        if (k == CipherSuite.KeyExchange.PSK || k == CipherSuite.KeyExchange.RSA_PSK || k == CipherSuite.KeyExchange.DHE_PSK
                || k == CipherSuite.KeyExchange.ECDHE_PSK || k == CipherSuite.KeyExchange.SRP
                || s.authentication() == CipherSuite.Authentication.PSK
                || s.authentication() == CipherSuite.Authentication.SRP) {
            return false;
        }
        if (securityLevel <= 0) {
            return true;
        }
        int minBits = switch (Math.min(securityLevel, 5)) {
            case 1 -> 80;
            case 2 -> 112;
            case 3 -> 128;
            case 4 -> 192;
            default -> 256;
        };
        if (s.strengthBits() < minBits || s.authentication() == CipherSuite.Authentication.ANON
                || s.mac() == CipherSuite.Mac.MD5 || (minBits > 160 && s.mac() == CipherSuite.Mac.SHA1)) {
            return false;
        }
        return securityLevel < 3 || s.minVersion() == TlsVersion.TLSv1_3 || OpenSslAliases.forwardSecret(s);
    }

    // ------------------------------------------------------------------ evaluation (ssl/ssl_ciph.c)

    private static final class Entry {
        final CipherSuite suite;
        final Alias bits;
        boolean active;

        Entry(CipherSuite suite, Alias bits) {
            this.suite = suite;
            this.bits = bits;
        }
    }

    /** The selection, possibly empty; {@code null} for a syntax error. */
    static Selection evaluate(String ruleString) {
        List<CipherSuite> universe = CipherSuites.openSslOrder();
        List<Alias> cipherAliases = OpenSslAliases.cipherEntries(universe);
        List<Entry> list = new ArrayList<>(universe.size());
        for (int i = 0; i < universe.size(); i++) {
            list.add(new Entry(universe.get(i), cipherAliases.get(i)));
        }
        int[] level = {-1};
        String rest = ruleString;
        boolean ok = true;
        if (rest.startsWith("DEFAULT")) {
            ok = process(OPENSSL_DEFAULT, list, level);
            rest = rest.substring(7);
            if (rest.startsWith(":")) {
                rest = rest.substring(1);
            }
        }
        if (ok && !rest.isEmpty()) {
            ok = process(rest, list, level);
        }
        if (!ok) {
            return null;
        }
        List<CipherSuite> out = new ArrayList<>();
        for (Entry e : list) {
            if (e.active) {
                out.add(e.suite);
            }
        }
        return new Selection(out, level[0] < 0 ? OptionalInt.empty() : OptionalInt.of(level[0]));
    }

    private static boolean isSep(char c) {
        return c == ':' || c == ' ' || c == ';' || c == ',';
    }

    private static boolean isWordChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                || c == '.' || c == '=';
    }

    /** {@code ssl_cipher_process_rulestr}, statement for statement. */
    private static boolean process(String s, List<Entry> list, int[] level) {
        boolean retval = true;
        int l = 0;
        int n = s.length();
        while (l < n) {
            char ch = s.charAt(l);
            int rule;
            switch (ch) {
                case '-' -> { rule = DEL; l++; }
                case '+' -> { rule = ORD; l++; }
                case '!' -> { rule = KILL; l++; }
                case '@' -> { rule = SPECIAL; l++; }
                default -> rule = ADD;
            }
            if (isSep(ch)) {
                l++;
                continue;
            }
            int mkey = 0, auth = 0, enc = 0, mac = 0, minTls = 0, strength = 0, cipherCode = -1;
            boolean found = false;
            String word;
            while (true) {
                int start = l;
                while (l < n && isWordChar(s.charAt(l))) {
                    l++;
                }
                if (l == start) {
                    return false; // SSL_R_INVALID_COMMAND: neither a word nor a separator
                }
                word = s.substring(start, l);
                if (rule == SPECIAL) {
                    break;
                }
                boolean multi = l < n && s.charAt(l) == '+';
                if (multi) {
                    l++;
                }
                Alias a = lookup(word);
                found = a != null;
                if (!found) {
                    break;
                }
                if (a.mkey() != 0) {
                    mkey = mkey != 0 ? mkey & a.mkey() : a.mkey();
                    if (mkey == 0) { found = false; break; }
                }
                if (a.auth() != 0) {
                    auth = auth != 0 ? auth & a.auth() : a.auth();
                    if (auth == 0) { found = false; break; }
                }
                if (a.enc() != 0) {
                    enc = enc != 0 ? enc & a.enc() : a.enc();
                    if (enc == 0) { found = false; break; }
                }
                if (a.mac() != 0) {
                    mac = mac != 0 ? mac & a.mac() : a.mac();
                    if (mac == 0) { found = false; break; }
                }
                int strong = a.strength() & OpenSslAliases.S_STRONG_MASK;
                if (strong != 0) {
                    if ((strength & OpenSslAliases.S_STRONG_MASK) != 0) {
                        strength &= strong | ~OpenSslAliases.S_STRONG_MASK;
                        if ((strength & OpenSslAliases.S_STRONG_MASK) == 0) { found = false; break; }
                    } else {
                        strength = strong; // OpenSSL assigns here, dropping an earlier NOT_DEFAULT bit
                    }
                }
                int def = a.strength() & OpenSslAliases.S_DEFAULT_MASK;
                if (def != 0) {
                    if ((strength & OpenSslAliases.S_DEFAULT_MASK) != 0) {
                        strength &= def | ~OpenSslAliases.S_DEFAULT_MASK;
                        if ((strength & OpenSslAliases.S_DEFAULT_MASK) == 0) { found = false; break; }
                    } else {
                        strength |= def;
                    }
                }
                if (a.cipherCode() >= 0) {
                    cipherCode = a.cipherCode(); // an explicit suite: its version is not part of the pattern
                } else if (a.minTls() != 0) {
                    if (minTls != 0 && minTls != a.minTls()) { found = false; break; }
                    minTls = a.minTls();
                }
                if (!multi) {
                    break;
                }
            }
            if (rule == SPECIAL) {
                if (word.equals("STRENGTH")) {
                    strengthSort(list);
                } else if (word.length() == 10 && word.startsWith("SECLEVEL=") && word.charAt(9) >= '0'
                        && word.charAt(9) <= '5') {
                    level[0] = word.charAt(9) - '0';
                } else {
                    retval = false;
                }
                while (l < n && !isSep(s.charAt(l))) {
                    l++;
                }
            } else if (found) {
                apply(list, cipherCode, mkey, auth, enc, mac, minTls, strength, rule, -1);
            } else {
                while (l < n && !isSep(s.charAt(l))) {
                    l++;
                }
            }
        }
        return retval;
    }

    /**
     * {@code ca_list}: explicit ciphers first (by OpenSSL name, case-sensitive), then aliases. OpenSSL 3.0 does not
     * match IANA ("standard") names in a cipher string; later versions do.
     */
    private static Alias lookup(String word) {
        Alias a = Names.CIPHERS.get(word);
        return a != null ? a : OpenSslAliases.ALIASES.get(word);
    }

    private static final class Names {
        static final Map<String, Alias> CIPHERS = new HashMap<>();

        static {
            List<CipherSuite> universe = CipherSuites.openSslOrder();
            List<Alias> entries = OpenSslAliases.cipherEntries(universe);
            for (int i = 0; i < universe.size(); i++) {
                CIPHERS.putIfAbsent(entries.get(i).name(), entries.get(i));
            }
        }
    }

    private static boolean matches(Entry e, int cipherCode, int mkey, int auth, int enc, int mac, int minTls,
                                   int strength, int strengthBits) {
        if (strengthBits >= 0) {
            return e.suite.strengthBits() == strengthBits;
        }
        Alias c = e.bits;
        if (cipherCode >= 0 && cipherCode != e.suite.code()) {
            return false;
        }
        if ((mkey != 0 && (mkey & c.mkey()) == 0) || (auth != 0 && (auth & c.auth()) == 0)
                || (enc != 0 && (enc & c.enc()) == 0) || (mac != 0 && (mac & c.mac()) == 0)
                || (minTls != 0 && minTls != c.minTls())) {
            return false;
        }
        int strong = strength & OpenSslAliases.S_STRONG_MASK;
        int def = strength & OpenSslAliases.S_DEFAULT_MASK;
        return (strong == 0 || (strong & c.strength()) != 0) && (def == 0 || (def & c.strength()) != 0);
    }

    /** {@code ssl_cipher_apply_rule}: one pass over the list as it was when the rule started. */
    private static void apply(List<Entry> list, int cipherCode, int mkey, int auth, int enc, int mac, int minTls,
                              int strength, int rule, int strengthBits) {
        List<Entry> pass = new ArrayList<>(list);
        if (rule == DEL || rule == BUMP) {
            Collections.reverse(pass); // keeps the relative order of what moves to the head
        }
        for (Entry e : pass) {
            if (!matches(e, cipherCode, mkey, auth, enc, mac, minTls, strength, strengthBits)) {
                continue;
            }
            switch (rule) {
                case ADD -> {
                    if (!e.active) {
                        list.remove(e);
                        list.add(e);
                        e.active = true;
                    }
                }
                case ORD -> {
                    if (e.active) {
                        list.remove(e);
                        list.add(e);
                    }
                }
                case DEL -> {
                    if (e.active) {
                        list.remove(e);
                        list.add(0, e);
                        e.active = false;
                    }
                }
                case BUMP -> {
                    if (e.active) {
                        list.remove(e);
                        list.add(0, e);
                    }
                }
                case KILL -> {
                    list.remove(e);
                    e.active = false;
                }
                default -> throw new IllegalStateException("rule " + rule);
            }
        }
    }

    /** {@code ssl_cipher_strength_sort}: moves active suites to the end by descending strength, stably. */
    private static void strengthSort(List<Entry> list) {
        int max = 0;
        for (Entry e : list) {
            if (e.active) {
                max = Math.max(max, e.suite.strengthBits());
            }
        }
        boolean[] used = new boolean[max + 1];
        for (Entry e : list) {
            if (e.active) {
                used[e.suite.strengthBits()] = true;
            }
        }
        for (int i = max; i >= 0; i--) {
            if (used[i]) {
                apply(list, -1, 0, 0, 0, 0, 0, 0, ORD, i);
            }
        }
    }
}
