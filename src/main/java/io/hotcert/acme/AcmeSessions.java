package io.hotcert.acme;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;

import javax.net.ssl.SSLContext;

import org.shredzone.acme4j.Session;

/**
 * Opens acme4j sessions to the configured CA, with the configured trust and a timeout on every
 * request, so a CA that stops answering is a failure after {@code timeout}, never a hang.
 */
public final class AcmeSessions {

    private final URI directory;
    private final Optional<Path> trustStore;
    private final Duration timeout;

    public AcmeSessions(URI directory, Optional<Path> trustStore, Duration timeout) {
        this.directory = directory;
        this.trustStore = trustStore;
        this.timeout = timeout;
    }

    public URI directory() {
        return directory;
    }

    public Session open() throws IOException {
        var session = new Session(directory, new HotcertAcmeProvider(sslContext()));
        session.networkSettings().setTimeout(timeout);
        return session;
    }

    private SSLContext sslContext() throws IOException {
        if (trustStore.isPresent()) {
            return ExtraTrust.sslContext(trustStore.get());
        }
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("the JVM has no default TLS context", e);
        }
    }
}
