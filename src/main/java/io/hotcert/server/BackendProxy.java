package io.hotcert.server;

import java.net.URI;
import java.security.NoSuchAlgorithmException;

import javax.net.ssl.SSLContext;

import org.xnio.OptionMap;
import org.xnio.Xnio;

import io.undertow.Undertow;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyHandler;
import io.undertow.util.Headers;

/**
 * Reverse-proxies HTTPS requests to {@code https.backend} with Undertow's non-blocking proxy: a
 * keep-alive pool of backend connections per IO thread, X-Forwarded-For, -Proto, -Host, -Port and
 * -Server set from the client's request, a Host for requests without one ({@link BackendHost}),
 * and {@link BackendLimits} on every request so a hung backend cannot hold a connection forever;
 * an oversized response head gets 502, not forwarded. A backend that is down or too slow gets a
 * short 502 or 504; when too many requests wait for a backend connection, or one waits too long,
 * 503.
 */
public final class BackendProxy {

    /** Idle backend connections are closed after this long. */
    private static final int IDLE_CONNECTION_MILLIS = 30_000;
    /** A backend that failed is tried again after this long; short, so a restarted backend is back at once. */
    private static final int RETRY_FAILED_BACKEND_SECONDS = 1;

    private BackendProxy() {
    }

    /** @param waits where the time requests spend waiting for a backend connection is counted */
    public static HttpHandler to(URI backend, BackendLimits limits, BackendWaits waits) {
        var client = new LoadBalancingProxyClient()
                .setConnectionsPerThread(limits.connectionsPerIoThread())
                // The pool's own queue is per IO thread; the one bound that matters is limits.maxWaiting().
                .setMaxQueueSize(limits.maxWaiting())
                .setTtl(IDLE_CONNECTION_MILLIS)
                .setProblemServerRetry(RETRY_FAILED_BACKEND_SECONDS);
        if (backend.getScheme().equals("https")) {
            client.addHost(backend, defaultTls());
        } else {
            client.addHost(backend);
        }
        var failures = new BackendFailures();
        HttpHandler proxy = ProxyHandler.builder()
                .setProxyClient(new HeadBoundProxyClient(new WaitBoundProxyClient(client, limits, waits)))
                .setMaxRequestTime(Math.toIntExact(limits.requestTime().toMillis()))
                .addRequestHeader(Headers.HOST, new BackendHost(backend))
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
