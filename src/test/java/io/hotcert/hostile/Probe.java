package io.hotcert.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import io.hotcert.testing.TestTls;

/** A well-behaved client: a new connection, a TLS handshake and one request, timed. */
final class Probe {

    private final int port;
    private final String from;
    private final Duration patience;

    /** @param patience how long one probe waits for each step before it counts as not answered */
    Probe(int port, String from, Duration patience) {
        this.port = port;
        this.from = from;
        this.patience = patience;
    }

    /** Whether the whole exchange was answered with a 200 within the patience. */
    boolean answeredInTime() {
        long start = System.nanoTime();
        try (var socket = (SSLSocket) TestTls.trustingEverything().getSocketFactory().createSocket()) {
            int millis = Math.toIntExact(patience.toMillis());
            socket.setSoTimeout(millis);
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), millis);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: board1.example.test\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String status = statusLine(socket.getInputStream());
            return status.startsWith("HTTP/1.1 200") && System.nanoTime() - start <= patience.toNanos();
        } catch (IOException e) {
            return false;
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        var line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\r'; b = in.read()) {
            line.append((char) b);
        }
        return line.toString();
    }
}
