package io.hotcert.acme;

import java.net.http.HttpClient;

import javax.net.ssl.SSLContext;

import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * acme4j's generic provider, with an HTTP client that trusts {@code acme.trust-store} when one is
 * configured. acme4j builds one client per session through this method, so this is the single
 * place where the CA connection's TLS trust is decided.
 *
 * <p>The client speaks HTTP/1.1 only: a renewal is a handful of sequential requests, which gain
 * nothing from HTTP/2, while the JDK's HTTP/2 and HPACK classes and tables would stay in the
 * daemon's memory for good once loaded.
 */
final class HotcertAcmeProvider extends GenericAcmeProvider {

    private final SSLContext sslContext;

    HotcertAcmeProvider(SSLContext sslContext) {
        this.sslContext = sslContext;
    }

    @Override
    public HttpClient createHttpClient(NetworkSettings networkSettings) {
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
