package io.hotcert.server;

import java.time.Duration;

import io.hotcert.config.AccessLog;
import io.hotcert.config.HttpsOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.ResponseCommitListener;
import io.undertow.util.Headers;

/**
 * What the HTTPS listener adds around its content (proxy or static files): the
 * Strict-Transport-Security header and the access log, each only when configured. Never on the
 * plain-HTTP port, where HSTS means nothing to a browser and challenge lookups are the CA's.
 */
public final class HttpsResponses {

    private HttpsResponses() {
    }

    public static HttpHandler around(HttpsOptions options, HttpHandler content) {
        HttpHandler handler = options.hsts().map(maxAge -> hsts(maxAge, content)).orElse(content);
        return options.accessLog() == AccessLog.JOURNAL ? new RequestLog(new LineRate(RequestLog.LINES_PER_SECOND,
                System::nanoTime), System::nanoTime).around(handler) : handler;
    }

    /**
     * Set when the response head is committed, so that it is on every response whatever answered
     * it (files, the backend, an error page), and replaces one the backend sent: the operator
     * configured it here.
     */
    static HttpHandler hsts(Duration maxAge, HttpHandler next) {
        String value = "max-age=" + maxAge.toSeconds();
        // One listener for every request: it holds nothing of a request's own.
        ResponseCommitListener header = committing -> committing.getResponseHeaders()
                .put(Headers.STRICT_TRANSPORT_SECURITY, value);
        return exchange -> {
            exchange.addResponseCommitListener(header);
            next.handleRequest(exchange);
        };
    }
}
