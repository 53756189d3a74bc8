package io.hotcert.server;

import java.net.URI;

import io.undertow.server.HttpHandler;

/**
 * The reverse proxy to the configured backend, kept across configuration reloads that leave the
 * backend as it was. Each proxy has its own pool of backend connections; one built anew at every
 * reload left the old pool's connections open until they idled out (30 s, or the backend's own
 * keep-alive bound for the few a pool keeps), so a SIGHUP every 2 s under load held about 980
 * backend connections at once where 64 do. When the backend changes, the old pool is left to idle
 * out the same way.
 */
public final class BackendProxies {

    private final BackendLimits limits;
    private final BackendWaits waits;
    private URI backend;
    private HttpHandler proxy;

    /** @param waits where every proxy built here counts its requests' waits */
    public BackendProxies(BackendLimits limits, BackendWaits waits) {
        this.limits = limits;
        this.waits = waits;
    }

    /** The proxy to {@code backend}: the one built last when it was to the same backend. */
    public synchronized HttpHandler to(URI backend) {
        if (!backend.equals(this.backend)) {
            this.proxy = BackendProxy.to(backend, limits, waits);
            this.backend = backend;
        }
        return proxy;
    }
}
