package io.hotcert.server;

import java.util.concurrent.atomic.AtomicReference;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Content that can be replaced while the listener runs (a configuration reload): each request
 * goes to the handler in place when it arrives, so a request already being answered finishes
 * where it started, and open connections (keep-alive, HTTP/2) stay open and get the new content
 * with their next request.
 */
public final class SwappableHandler implements HttpHandler {

    private final AtomicReference<HttpHandler> current;

    public SwappableHandler(HttpHandler initial) {
        this.current = new AtomicReference<>(initial);
    }

    /** From the next request on, {@code next} answers. */
    public void swap(HttpHandler next) {
        current.set(next);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        current.get().handleRequest(exchange);
    }
}
