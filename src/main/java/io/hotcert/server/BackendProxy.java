package io.hotcert.server;

import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import org.xnio.OptionMap;
import org.xnio.Xnio;

import io.undertow.Undertow;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyHandler;

/**
 * Reverse-proxies HTTPS requests to {@code https.backend} with Undertow's non-blocking proxy: a
 * keep-alive pool of backend connections per IO thread, X-Forwarded-For, -Proto, -Host, -Port and
 * -Server set from the client's request, and a bound on every request so a hung backend cannot
 * hold a connection forever. A backend that is down or too slow gets a short 502 or 504.
 */
public final class BackendProxy {

    private static final int CONNECTIONS_PER_IO_THREAD = 32;
    /** Requests that wait for a free backend connection instead of failing at once. */
    private static final int QUEUED_REQUESTS = 1024;
    /** Idle backend connections are closed after this long. */
    private static final int IDLE_CONNECTION_MILLIS = 30_000;
    /** A backend that failed is tried again after this long; short, so a restarted backend is back at once. */
    private static final int RETRY_FAILED_BACKEND_SECONDS = 1;

    private BackendProxy() {
    }

    /** @param maxRequestTime longest a request may take at the backend, connecting included */
    public static HttpHandler to(URI backend, Duration maxRequestTime) {
        var client = new LoadBalancingProxyClient()
                .setConnectionsPerThread(CONNECTIONS_PER_IO_THREAD)
                .setMaxQueueSize(QUEUED_REQUESTS)
                .setTtl(IDLE_CONNECTION_MILLIS)
                .setProblemServerRetry(RETRY_FAILED_BACKEND_SECONDS);
        if (backend.getScheme().equals("https")) {
            client.addHost(backend, defaultTls());
        } else {
            client.addHost(backend);
        }
        var failures = new BackendFailures();
        HttpHandler proxy = ProxyHandler.builder()
                .setProxyClient(client)
                .setMaxRequestTime(Math.toIntExact(maxRequestTime.toMillis()))
                .setNext(failures::unreachable)
                .build();
        return failures.around(proxy);
    }

    /** An HTTPS backend is checked against the JVM's trusted authorities, like any HTTPS client would. */
    private static UndertowXnioSsl defaultTls() {
        try {
            return new UndertowXnioSsl(Xnio.getInstance(Undertow.class.getClassLoader()), OptionMap.EMPTY,
                    SSLContext.getDefault());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK offers no default TLS context for the backend", e);
        }
    }
}
