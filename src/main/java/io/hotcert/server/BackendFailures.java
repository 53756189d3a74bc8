package io.hotcert.server;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.undertow.server.DefaultResponseListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;

/**
 * Short, honest answers when the backend fails. Undertow's proxy ends such exchanges without a
 * body: 503 when no backend connection could be had, 504 when the request took too long. A
 * gateway whose backend is down should say 502, so those become 502 and 504 with a line of text;
 * a request turned away because too many wait for the backend keeps its 503, which says "busy".
 * A backend answer whose head was too big ends the same way (see {@link HeadBoundExchange}).
 * Answers the backend itself sent have started already and are left alone.
 */
final class BackendFailures implements HttpHandler, DefaultResponseListener {

    private static final Logger LOG = LoggerFactory.getLogger(BackendFailures.class);
    /**
     * Undertow's proxy logs every failed exchange, a client that hangs up included, as an ERROR
     * with a stack trace; the configuration silences it, and this class says what an operator can
     * act on (the backend failing), at most once a minute so a dead backend cannot flood the log.
     */
    private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private static final String UNREACHABLE_TEXT = "502 Bad Gateway: the service behind this server is not answering.\n";

    private static final String RETRY_AFTER_SECONDS = "1";

    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
    private HttpHandler proxy;

    /** The proxy's next handler, reached when no backend is available at all. */
    void unreachable(HttpServerExchange exchange) {
        warnNowAndThen("the backend is not answering; clients get 502");
        send(exchange, StatusCodes.BAD_GATEWAY, UNREACHABLE_TEXT);
    }

    /** Puts this in front of {@code proxy}, whose bare failures it answers. */
    HttpHandler around(HttpHandler proxy) {
        this.proxy = proxy;
        return this;
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
                if (exchange.getAttachment(WaitBoundProxyClient.TURNED_AWAY) != null) {
                    warnNowAndThen("requests waited too long for a backend connection, or too many waited; clients get"
                            + " 503 (see hotcert_backend_waiting_requests)");
                    exchange.getResponseHeaders().put(Headers.RETRY_AFTER, RETRY_AFTER_SECONDS);
                    send(exchange, StatusCodes.SERVICE_UNAVAILABLE,
                            "503 Service Unavailable: the service behind this server is busy; try again shortly.\n");
                    return true;
                }
                OversizedResponseHead oversized = exchange.getAttachment(HeadBoundExchange.OVERSIZED_HEAD);
                warnNowAndThen(oversized == null ? "the backend is not answering; clients get 502"
                        : oversized.problem() + "; clients get 502");
                send(exchange, StatusCodes.BAD_GATEWAY, UNREACHABLE_TEXT);
                return true;
            }
            case StatusCodes.GATEWAY_TIME_OUT -> {
                warnNowAndThen("a request to the backend took too long; clients get 504");
                send(exchange, StatusCodes.GATEWAY_TIME_OUT,
                        "504 Gateway Timeout: the service behind this server took too long.\n");
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void warnNowAndThen(String problem) {
        long last = lastLogged.get();
        long now = System.nanoTime();
        if (now - last >= LOG_INTERVAL_NANOS && lastLogged.compareAndSet(last, now)) {
            LOG.warn("HTTPS: {} (said at most once a minute)", problem);
        }
    }

    private static void send(HttpServerExchange exchange, int status, String body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender().send(body, StandardCharsets.UTF_8);
    }
}
