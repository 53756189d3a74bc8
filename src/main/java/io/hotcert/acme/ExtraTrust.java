package io.hotcert.acme;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import io.hotcert.crypto.Pem;

/**
 * The {@link SSLContext} for talking to the CA: it trusts the system's authorities (the JVM's own
 * copy only where the system has none) plus the certificates of one PEM file
 * ({@code acme.trust-store}), so a private or test CA works without touching the JVM-wide trust
 * store, and public CAs keep working.
 */
final class ExtraTrust {

    private ExtraTrust() {
    }

    /**
     * The authorities to trust, read from disk now; empty where the JVM's default context does (no
     * system store and no {@code acme.trust-store}).
     */
    static Optional<List<X509Certificate>> authorities(SystemTrustStore system, Optional<Path> extraPem)
            throws IOException {
        Optional<List<X509Certificate>> systemAuthorities = system.authorities();
        if (systemAuthorities.isEmpty() && extraPem.isEmpty()) {
            return Optional.empty();
        }
        var authorities = new ArrayList<X509Certificate>();
        try {
            authorities.addAll(systemAuthorities.isPresent() ? systemAuthorities.get() : jvmAuthorities());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the JVM's trusted authorities: " + e.getMessage(), e);
        }
        if (extraPem.isPresent()) {
            authorities.addAll(extraAuthorities(extraPem.get()));
        }
        return Optional.of(List.copyOf(authorities));
    }

    /** A context trusting exactly {@code authorities}, or the JVM's default one where they are empty. */
    static SSLContext sslContext(Optional<List<X509Certificate>> authorities) throws IOException {
        if (authorities.isEmpty()) {
            try {
                return SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                throw new IOException("the JVM has no default TLS context", e);
            }
        }
        try {
            return sslContext(authorities.get());
        } catch (GeneralSecurityException | IOException e) {
            throw new IOException("cannot build the trust store for the CA's HTTPS: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> extraAuthorities(Path pemFile) throws IOException {
        List<X509Certificate> extra = Pem.readCertificates(pemFile);
        if (extra.isEmpty()) {
            throw new IOException(pemFile + ": no certificate found (acme.trust-store)");
        }
        return extra;
    }

    private static SSLContext sslContext(List<X509Certificate> authorities) throws GeneralSecurityException, IOException {
        var store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int n = 0;
        for (X509Certificate cert : authorities) {
            store.setCertificateEntry("ca-" + n++, cert);
        }
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        var context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static List<X509Certificate> jvmAuthorities() throws GeneralSecurityException {
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (var manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return List.of(x509.getAcceptedIssuers());
            }
        }
        return List.of();
    }
}
