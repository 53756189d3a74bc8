package io.hotcert.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLEngine;

import io.hotcert.crypto.CertificateSet;

/**
 * The HTTPS listener's key manager: every handshake gets the certificate set installed last.
 *
 * <p>A swap is one reference write, so the SSLContext, the listener and every open connection
 * stay as they are; only handshakes that start afterwards see the new set. JSSE asks for an alias
 * first and then for that alias's key and chain in separate calls. The alias therefore names the
 * set's generation, and the last few generations stay resolvable, so a swap landing between
 * those calls can never pair one set's key with another set's chain.
 */
public final class SwappableKeyManager extends ServerKeyManager {

    private static final String ALIAS_PREFIX = "hotcert-";
    /**
     * Generations that stay resolvable. A handshake reads its key right after choosing the alias,
     * but a thread descheduled on a busy board can see several swaps land in between when they
     * come in a burst; 16 sets cost a few tens of kilobytes.
     */
    static final int GENERATIONS_KEPT = 16;

    private record Installed(String alias, CertificateSet set) {
    }

    private final AtomicReference<Installed> current = new AtomicReference<>();
    private final Map<String, Installed> recent = new ConcurrentHashMap<>();
    private long generation;

    /** Makes {@code set} the one new handshakes get. The caller has checked it. */
    public synchronized void install(CertificateSet set) {
        generation++;
        var installed = new Installed(ALIAS_PREFIX + generation, set);
        recent.put(installed.alias(), installed);
        recent.remove(ALIAS_PREFIX + (generation - GENERATIONS_KEPT));
        current.set(installed);
    }

    /** The set new handshakes get; empty before the first install. */
    public Optional<CertificateSet> current() {
        return Optional.ofNullable(current.get()).map(Installed::set);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = aliasFor(keyType);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Installed installed = alias == null ? null : recent.get(alias);
        return installed == null ? null : installed.set().chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Installed installed = alias == null ? null : recent.get(alias);
        return installed == null ? null : installed.set().privateKey();
    }

    /**
     * JSSE asks by key algorithm ("EC", "RSA", ...) for each signature scheme it could use; only
     * the installed key's algorithm gets an alias, so JSSE picks a scheme that key can sign.
     */
    private String aliasFor(String keyType) {
        Installed installed = current.get();
        if (installed == null || !installed.set().privateKey().getAlgorithm().equals(keyType)) {
            return null;
        }
        return installed.alias();
    }
}
