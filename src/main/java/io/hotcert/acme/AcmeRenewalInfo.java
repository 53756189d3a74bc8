package io.hotcert.acme;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.security.cert.X509Certificate;
import java.util.Optional;

import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.Resource;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeProtocolException;
import org.shredzone.acme4j.toolbox.JSON;

/**
 * Asks the CA's renewalInfo resource for a certificate's suggested window. The request is a plain
 * GET (RFC 9773 needs no account for it), so checking the window costs no login and no nonce.
 */
public final class AcmeRenewalInfo implements RenewalInfoSource {

    private final AcmeSessions sessions;

    public AcmeRenewalInfo(AcmeSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Optional<SuggestedWindow> fetch(X509Certificate leaf) throws IOException {
        Optional<String> certId = CertificateIds.of(leaf);
        if (certId.isEmpty()) {
            return Optional.empty();
        }
        Session session = sessions.open();
        Optional<URL> base;
        try {
            base = session.resourceUrlOptional(Resource.RENEWAL_INFO);
        } catch (AcmeException e) {
            throw new IOException("reading the directory " + sessions.directory() + ": " + e.getMessage(), e);
        }
        if (base.isEmpty()) {
            return Optional.empty();
        }
        URL url = resourceFor(base.get(), certId.get());
        try (var connection = session.connect()) {
            connection.sendRequest(url, session, null);
            JSON json = connection.readJsonResponse();
            JSON window = json.get("suggestedWindow").asObject();
            return Optional.of(new SuggestedWindow(window.get("start").asInstant(), window.get("end").asInstant(),
                    connection.getRetryAfter(), json.get("explanationURL").optional().map(JSON.Value::asString)));
        } catch (AcmeException | AcmeProtocolException | IllegalArgumentException e) {
            throw new IOException(url + ": " + e.getMessage(), e);
        }
    }

    private static URL resourceFor(URL base, String certId) throws IOException {
        String prefix = base.toExternalForm();
        try {
            return URI.create(prefix + (prefix.endsWith("/") ? "" : "/") + certId).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IOException("the CA's renewalInfo URL " + prefix + " is unusable: " + e.getMessage(), e);
        }
    }
}
