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
import javax.net.ssl.SSLSession;

import io.hotcert.crypto.CertificateSet;

/**
 * The HTTPS listener's key manager: every handshake gets the certificate set installed last.
 *
 * <p>A swap is one reference write, so the SSLContext, the listener and every open connection
 * stay as they are; only handshakes that start afterwards see the new set. JSSE asks for an alias
 * first and then for that alias's key and chain in separate calls. The alias therefore names the
 * set's generation, and the last few generations stay resolvable, so a swap landing between
 * those calls can never pair one set's key with another set's chain.
 *
 * <p>Both engines also ask for an alias once per key algorithm the client accepts, each a separate
 * call. A handshake therefore keeps the generation it saw at its first question for the rest: were
 * each question to read the set afresh, a swap from RSA to EC landing between the "EC" and the "RSA"
 * question would answer no to both, and fail a handshake that either set could have served.
 */
public final class SwappableKeyManager extends ServerKeyManager {

    private static final String ALIAS_PREFIX = "hotcert-";
    /** The handshake session value naming the generation the handshake saw first. */
    private static final String SEEN_ALIAS = "io.hotcert.tls.served-alias";
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
        SSLSession handshake = engine == null ? null : engine.getHandshakeSession();
        return aliasFor(keyType, handshake == null ? current.get() : seenBy(handshake));
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType, current.get());
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = aliasFor(keyType, current.get());
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
    private static String aliasFor(String keyType, Installed installed) {
        if (installed == null || !installed.set().privateKey().getAlgorithm().equals(keyType)) {
            return null;
        }
        return installed.alias();
    }

    /**
     * The generation {@code handshake} saw at its first question, kept in the session as an alias,
     * which holds no key. Should that generation have dropped out of the ones kept, the handshake
     * goes on with the current one: an engine reads an alias's key and chain right after choosing
     * it, so only the questions still to come can be answered from the set now seen.
     */
    private Installed seenBy(SSLSession handshake) {
        if (handshake.getValue(SEEN_ALIAS) instanceof String alias) {
            Installed seen = recent.get(alias);
            if (seen != null) {
                return seen;
            }
        }
        Installed now = current.get();
        if (now != null) {
            handshake.putValue(SEEN_ALIAS, now.alias());
        }
        return now;
    }
}
