package io.hotcert.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import io.hotcert.config.ListenAddress;
import io.hotcert.config.ServerLimits;
import io.hotcert.server.Endpoint;
import io.hotcert.server.WebServer;
import io.undertow.server.HttpHandler;

/** The project's own web server on loopback, as tests need it. */
public final class TestServers {

    public static final ServerLimits LIMITS = new ServerLimits(1, 2, Duration.ofSeconds(5), Duration.ofSeconds(10),
            ServerLimits.DEFAULT_CONNECTIONS_PER_ADDRESS);

    private TestServers() {
    }

    /** A plain-HTTP server on 127.0.0.1:{@code port} answering with {@code handler}. */
    public static WebServer http(int port, HttpHandler handler) throws IOException {
        return WebServer.start(LIMITS, List.of(Endpoint.http("tests", new ListenAddress("127.0.0.1", port), handler)));
    }
}
