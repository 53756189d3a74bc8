package io.hotcert.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.net.ssl.SSLSocket;

import io.hotcert.testing.TestTls;

/** A TLS connection whose handshake is done at once, kept open for a request later. */
final class KeptConnection implements AutoCloseable {

    private final SSLSocket socket;

    KeptConnection(int port) throws IOException {
        socket = TestTls.connect(port, List.of("http/1.1"));
    }

    /** One request on the kept connection; the status code. */
    int get() throws IOException {
        socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + HostileServer.NAME + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        var line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\r'; b = in.read()) {
            line.append((char) b);
        }
        return Integer.parseInt(line.substring("HTTP/1.1 ".length(), "HTTP/1.1 200".length()));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
