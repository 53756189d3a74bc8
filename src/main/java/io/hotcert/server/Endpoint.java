package io.hotcert.server;

import java.util.Optional;

import io.hotcert.config.ListenAddress;
import io.hotcert.tls.ListenerTls;
import io.undertow.server.HttpHandler;

/**
 * One listener of the web server: what it is for (named in errors), where it binds, what answers,
 * and for HTTPS the TLS engine and context. HTTPS endpoints offer HTTP/2 and HTTP/1.1 through ALPN.
 */
public record Endpoint(String purpose, ListenAddress address, HttpHandler handler, Optional<ListenerTls> tls) {

    /** A plain-HTTP endpoint with the tight limits of a port anyone on the internet reaches. */
    public static Endpoint http(String purpose, ListenAddress address, HttpHandler handler) {
        return new Endpoint(purpose, address, handler, Optional.empty());
    }

    public static Endpoint https(String purpose, ListenAddress address, HttpHandler handler, ListenerTls tls) {
        return new Endpoint(purpose, address, handler, Optional.of(tls));
    }
}
