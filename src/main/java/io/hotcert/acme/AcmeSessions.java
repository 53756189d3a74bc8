package io.hotcert.acme;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.shredzone.acme4j.Session;

/**
 * Opens acme4j sessions to the configured CA, with the configured trust and a timeout on every
 * request, so a CA that stops answering is a failure after {@code timeout}, never a hang. The trust
 * is read anew for every session (one per renewal check or issuance), so a replaced system store
 * applies from the next one.
 *
 * <p>Sessions with the same trust share one HTTP client. Each client of the JDK keeps a selector
 * thread, worker threads and its connections until the garbage collector finds it unreachable, which
 * a daemon that makes little garbage may not do for hours: a client per session made threads and
 * open files grow with every renewal.
 */
public final class AcmeSessions {

    private final URI directory;
    private final SystemTrustStore systemTrust;
    private final Optional<Path> trustStore;
    private final Duration timeout;
    private Shared shared;

    /** The provider, and through it the HTTP client, of sessions that trust {@code authorities}. */
    private record Shared(Optional<List<X509Certificate>> authorities, HotcertAcmeProvider provider) {
    }

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
        var session = new Session(directory, provider(ExtraTrust.authorities(systemTrust, trustStore)));
        session.networkSettings().setTimeout(timeout);
        return session;
    }

    private synchronized HotcertAcmeProvider provider(Optional<List<X509Certificate>> authorities) throws IOException {
        if (shared == null || !shared.authorities().equals(authorities)) {
            shared = new Shared(authorities, new HotcertAcmeProvider(ExtraTrust.sslContext(authorities)));
        }
        return shared.provider();
    }
}
