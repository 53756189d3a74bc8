package io.hotcert.acme;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.shredzone.acme4j.Session;

/**
 * Opens acme4j sessions to the configured CA, with the configured trust and a timeout on every
 * request, so a CA that stops answering is a failure after {@code timeout}, never a hang. The trust
 * is read anew for every session (one per renewal check or issuance): a replaced system store
 * applies from the next one, and nothing of it stays in memory between them.
 */
public final class AcmeSessions {

    private final URI directory;
    private final SystemTrustStore systemTrust;
    private final Optional<Path> trustStore;
    private final Duration timeout;

    public AcmeSessions(URI directory, SystemTrustStore systemTrust, Optional<Path> trustStore, Duration timeout) {
        this.directory = directory;
        this.systemTrust = systemTrust;
        this.trustStore = trustStore;
        this.timeout = timeout;
    }

    public URI directory() {
        return directory;
    }

    public Session open() throws IOException {
        var session = new Session(directory, new HotcertAcmeProvider(ExtraTrust.sslContext(systemTrust, trustStore)));
        session.networkSettings().setTimeout(timeout);
        return session;
    }
}
