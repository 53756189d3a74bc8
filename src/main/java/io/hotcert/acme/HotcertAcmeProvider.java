package io.hotcert.acme;

import java.net.http.HttpClient;

import javax.net.ssl.SSLContext;

import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * acme4j's generic provider, with an HTTP client that trusts {@code acme.trust-store} when one is
 * configured. acme4j asks every session's provider for its client through this method, so this is
 * the single place where the CA connection's TLS trust is decided; the provider builds the client
 * once and hands it to every session it serves (see {@link AcmeSessions}). Those sessions all have
 * the same network settings, so the first session's settings build the client.
 *
 * <p>The client speaks HTTP/1.1 only: a renewal is a handful of sequential requests, which gain
 * nothing from HTTP/2, while the JDK's HTTP/2 and HPACK classes and tables would stay in the
 * daemon's memory for good once loaded.
 */
final class HotcertAcmeProvider extends GenericAcmeProvider {

    private final SSLContext sslContext;
    private HttpClient client;

    HotcertAcmeProvider(SSLContext sslContext) {
        this.sslContext = sslContext;
    }

    @Override
    public synchronized HttpClient createHttpClient(NetworkSettings networkSettings) {
        if (client == null) {
            client = build(networkSettings);
        }
        return client;
    }

    private HttpClient build(NetworkSettings networkSettings) {
        var builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(networkSettings.getTimeout())
                .proxy(networkSettings.getProxySelector())
                .sslContext(sslContext);
        if (networkSettings.getAuthenticator() != null) {
            builder.authenticator(networkSettings.getAuthenticator());
        }
        return builder.build();
    }
}
