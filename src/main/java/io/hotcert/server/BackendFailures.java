package io.hotcert.server;

import java.nio.charset.StandardCharsets;

import io.undertow.server.DefaultResponseListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;

/**
 * Short, honest answers when the backend fails. Undertow's proxy ends such exchanges without a
 * body: 503 when no backend connection could be had, 504 when the request took too long. A
 * gateway whose backend is down should say 502, so those become 502 and 504 with a line of text.
 * Answers the backend itself sent have started already and are left alone.
 */
final class BackendFailures implements HttpHandler, DefaultResponseListener {

    private static final String UNREACHABLE_TEXT = "502 Bad Gateway: the service behind this server is not answering.\n";

    /** The proxy's next handler, reached when no backend is available at all. */
    static final HttpHandler UNREACHABLE = exchange -> send(exchange, StatusCodes.BAD_GATEWAY, UNREACHABLE_TEXT);

    private final HttpHandler proxy;

    BackendFailures(HttpHandler proxy) {
        this.proxy = proxy;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.addDefaultResponseListener(this);
        proxy.handleRequest(exchange);
    }

    @Override
    public boolean handleDefaultResponse(HttpServerExchange exchange) {
        switch (exchange.getStatusCode()) {
            case StatusCodes.SERVICE_UNAVAILABLE -> {
                send(exchange, StatusCodes.BAD_GATEWAY, UNREACHABLE_TEXT);
                return true;
            }
            case StatusCodes.GATEWAY_TIME_OUT -> {
                send(exchange, StatusCodes.GATEWAY_TIME_OUT,
                        "504 Gateway Timeout: the service behind this server took too long.\n");
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static void send(HttpServerExchange exchange, int status, String body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender().send(body, StandardCharsets.UTF_8);
    }
}
