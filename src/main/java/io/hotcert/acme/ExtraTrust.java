package io.hotcert.acme;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import io.hotcert.crypto.Pem;

/**
 * An {@link SSLContext} for talking to the CA that trusts the JVM's usual authorities plus the
 * certificates of one PEM file ({@code acme.trust-store}): a private or test CA works without
 * touching the JVM-wide trust store, and public CAs keep working.
 */
final class ExtraTrust {

    private ExtraTrust() {
    }

    static SSLContext sslContext(Path pemFile) throws IOException {
        try {
            List<X509Certificate> extra = Pem.readCertificates(pemFile);
            if (extra.isEmpty()) {
                throw new IOException(pemFile + ": no certificate found (acme.trust-store)");
            }
            var store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (X509Certificate cert : defaultAuthorities()) {
                store.setCertificateEntry("default-" + n++, cert);
            }
            for (X509Certificate cert : extra) {
                store.setCertificateEntry("extra-" + n++, cert);
            }
            var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            var context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException(pemFile + ": cannot build a trust store from it: " + e.getMessage(), e);
        }
    }

    private static X509Certificate[] defaultAuthorities() throws GeneralSecurityException {
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (var manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509.getAcceptedIssuers();
            }
        }
        return new X509Certificate[0];
    }
}
