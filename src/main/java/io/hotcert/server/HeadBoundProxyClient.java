package io.hotcert.server;

import java.util.concurrent.TimeUnit;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyClient;
import io.undertow.server.handlers.proxy.ProxyConnection;

/**
 * Hands the proxy backend connections that refuse an oversized response head: Undertow's HTTP/1.1
 * client parses a response's headers without a size limit, and the proxy would forward a
 * megabyte of them with the backend's status. Each connection the pool gives out is wrapped in a
 * {@link HeadBoundConnection} for the one request it serves.
 */
final class HeadBoundProxyClient implements ProxyClient {

    private final ProxyClient pool;

    HeadBoundProxyClient(ProxyClient pool) {
        this.pool = pool;
    }

    @Override
    public ProxyTarget findTarget(HttpServerExchange exchange) {
        return pool.findTarget(exchange);
    }

    @Override
    public void getConnection(ProxyTarget target, HttpServerExchange exchange, ProxyCallback<ProxyConnection> callback,
            long timeout, TimeUnit timeUnit) {
        pool.getConnection(target, exchange, new ProxyCallback<>() {
            @Override
            public void completed(HttpServerExchange exchange, ProxyConnection connection) {
                callback.completed(exchange, new ProxyConnection(
                        new HeadBoundConnection(connection.getConnection(), exchange), connection.getTargetPath()));
            }

            @Override
            public void failed(HttpServerExchange exchange) {
                callback.failed(exchange);
            }

            @Override
            public void couldNotResolveBackend(HttpServerExchange exchange) {
                callback.couldNotResolveBackend(exchange);
            }

            @Override
            public void queuedRequestFailed(HttpServerExchange exchange) {
                callback.queuedRequestFailed(exchange);
            }
        }, timeout, timeUnit);
    }
}
