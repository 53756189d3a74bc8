package io.hotcert.challenge;

import java.nio.charset.StandardCharsets;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;

/**
 * What the plain-HTTP port answers: the key authorization of an active challenge at
 * {@code /.well-known/acme-challenge/TOKEN}, 404 for any other token, and for everything else a
 * 301 to the same path on HTTPS (or 404 when HTTPS is off). Runs on the IO thread: every answer
 * is a few bytes from memory, so there is nothing to block on.
 */
public final class Http01Handler implements HttpHandler {

    static final String CHALLENGE_PREFIX = "/.well-known/acme-challenge/";

    private final ActiveChallenges challenges;
    private final int httpsPort;

    /**
     * @param httpsPort the port redirects point at; 0 when HTTPS is off
     */
    public Http01Handler(ActiveChallenges challenges, int httpsPort) {
        this.challenges = challenges;
        this.httpsPort = httpsPort;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        if (path.startsWith(CHALLENGE_PREFIX)) {
            answerChallenge(exchange, path.substring(CHALLENGE_PREFIX.length()));
        } else if (httpsPort != 0) {
            redirectToHttps(exchange);
        } else {
            exchange.setStatusCode(StatusCodes.NOT_FOUND).endExchange();
        }
    }

    private void answerChallenge(HttpServerExchange exchange, String token) {
        boolean readOnly = exchange.getRequestMethod().equals(Methods.GET)
                || exchange.getRequestMethod().equals(Methods.HEAD);
        var keyAuthorization = readOnly ? challenges.keyAuthorization(token) : java.util.Optional.<String>empty();
        if (keyAuthorization.isEmpty()) {
            exchange.setStatusCode(StatusCodes.NOT_FOUND).endExchange();
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        exchange.getResponseSender().send(keyAuthorization.get(), StandardCharsets.US_ASCII);
    }

    private void redirectToHttps(HttpServerExchange exchange) {
        String host = exchange.getHostName();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        var location = new StringBuilder("https://").append(host);
        if (httpsPort != 443) {
            location.append(':').append(httpsPort);
        }
        location.append(pathOf(exchange));
        if (!exchange.getQueryString().isEmpty()) {
            location.append('?').append(exchange.getQueryString());
        }
        exchange.setStatusCode(StatusCodes.MOVED_PERMANENTLY);
        exchange.getResponseHeaders().put(Headers.LOCATION, location.toString());
        exchange.endExchange();
    }

    /** The request's path as sent, also when the request line carried an absolute URI (proxy form). */
    private static String pathOf(HttpServerExchange exchange) {
        String uri = exchange.getRequestURI();
        if (!exchange.isHostIncludedInRequestURI()) {
            return uri;
        }
        int pathStart = uri.indexOf('/', uri.indexOf("://") + 3);
        return pathStart < 0 ? "/" : uri.substring(pathStart);
    }
}
