package io.hotcert.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;

/**
 * An impostor on the port where Pebble validates HTTP-01, answering every request with a wrong
 * key authorization, so that validation fails for real (and Pebble quotes the expected one).
 */
public final class WrongKeyAuthorization implements AutoCloseable {

    private final HttpServer server;

    private WrongKeyAuthorization(HttpServer server) {
        this.server = server;
    }

    public static WrongKeyAuthorization answerOn(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", exchange -> {
            byte[] body = "not-the-key-authorization".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return new WrongKeyAuthorization(server);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
