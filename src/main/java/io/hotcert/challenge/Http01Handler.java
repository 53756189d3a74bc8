package io.hotcert.challenge;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;

import io.hotcert.crypto.IpAddresses;

/**
 * What the plain-HTTP port answers: the key authorization of an active challenge at
 * {@code /.well-known/acme-challenge/TOKEN}, 404 for any other token, and for everything else a
 * 301 to the same path on HTTPS (or 404 when HTTPS is off). Runs on the IO thread: every answer
 * is a few bytes from memory, so there is nothing to block on.
 *
 * <p>Challenges are answered whatever the {@code Host}: a CA validating an IP address (RFC 8738)
 * sends that address. Redirects only ever name one of the configured domains (an IP address too): a {@code Host} that is not one of
 * them gets the first, so nobody can make this board send browsers to a site of their choosing.
 * A proxy-form request for someone else's URL ({@code GET http://other.example/}) is not for
 * this board at all and gets 404.
 */
public final class Http01Handler implements HttpHandler {

    static final String CHALLENGE_PREFIX = "/.well-known/acme-challenge/";
    private static final String WILDCARD = "*.";

    private final ActiveChallenges challenges;
    private final int httpsPort;
    private final List<String> domains;

    /**
     * @param httpsPort the port redirects point at; 0 when HTTPS is off
     * @param domains   the configured names, lower-case; redirects point at one of them, the first
     *                  for any other host. A wildcard is no host name: it is passed over, and only when
     *                  every name is one does a redirect go to a wildcard's base name.
     */
    public Http01Handler(ActiveChallenges challenges, int httpsPort, List<String> domains) {
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("redirects need at least one domain to point at");
        }
        this.challenges = challenges;
        this.httpsPort = httpsPort;
        List<String> hosts = domains.stream().filter(name -> !name.startsWith(WILDCARD)).toList();
        this.domains = hosts.isEmpty()
                ? domains.stream().map(name -> name.substring(WILDCARD.length())).distinct().toList() : hosts;
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
        var keyAuthorization = readOnly ? challenges.keyAuthorization(token) : Optional.<String>empty();
        if (keyAuthorization.isEmpty()) {
            exchange.setStatusCode(StatusCodes.NOT_FOUND).endExchange();
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        exchange.getResponseSender().send(keyAuthorization.get(), StandardCharsets.US_ASCII);
    }

    private void redirectToHttps(HttpServerExchange exchange) {
        Optional<String> configured = configuredHost(exchange.getHostName());
        if (configured.isEmpty() && exchange.isHostIncludedInRequestURI()) {
            exchange.setStatusCode(StatusCodes.NOT_FOUND).endExchange();
            return;
        }
        var location = new StringBuilder("https://").append(IpAddresses.uriHost(configured.orElse(domains.get(0))));
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

    /**
     * The configured domain the request names, compared without case, brackets or a final dot; an
     * IP address in the canonical form the configuration keeps ({@code [0:0::1]} names {@code ::1}).
     */
    private Optional<String> configuredHost(String requested) {
        String host = requested.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        host = IpAddresses.canonical(host).orElse(host);
        return domains.contains(host) ? Optional.of(host) : Optional.empty();
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
