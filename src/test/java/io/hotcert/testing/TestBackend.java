package io.hotcert.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback to proxy to: {@code /} answers "hello from the backend",
 * {@code /slow?ms=N} answers after N ms, {@code /held} answers once the test releases it (so a
 * test knows the request is in flight while it acts), {@code /headers} echoes the request's Host and
 * its headers that start with X-Forwarded, one per line. It remembers which client ports connected, to show pooling.
 */
public final class TestBackend implements AutoCloseable {

    public static final String HELLO = "hello from the backend";
    /** A bound for a test that never releases: its held requests then end with another body. */
    private static final long HOLD_LIMIT_SECONDS = 60;

    private final HttpServer server;
    /** As many as the requests a test holds at once: all the daemon's backend connections, and more. */
    private final ExecutorService threads = Executors.newFixedThreadPool(128);
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final AtomicInteger heldRequests = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);

    private TestBackend(HttpServer server) {
        this.server = server;
    }

    public static TestBackend start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
        var backend = new TestBackend(server);
        server.createContext("/", backend::handle);
        server.setExecutor(backend.threads);
        server.start();
        return backend;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** How many distinct connections the backend has seen so far. */
    public int connectionsSeen() {
        return clientPorts.size();
    }

    /** How many {@code /held} requests have arrived so far. */
    public int heldRequests() {
        return heldRequests.get();
    }

    /** Lets every {@code /held} request, waiting or still to come, answer. */
    public void releaseHeld() {
        release.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        clientPorts.add(exchange.getRemoteAddress().getPort());
        String path = exchange.getRequestURI().getPath();
        String body = HELLO;
        if (path.equals("/slow")) {
            String query = exchange.getRequestURI().getQuery();
            long millis = Long.parseLong(query.substring(query.indexOf('=') + 1));
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            body = "slow answer after " + millis + " ms";
        } else if (path.equals("/held")) {
            heldRequests.incrementAndGet();
            try {
                body = release.await(HOLD_LIMIT_SECONDS, TimeUnit.SECONDS) ? "held answer" : "never released";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                body = "interrupted";
            }
        } else if (path.equals("/headers")) {
            var forwarded = new TreeMap<String, String>();
            for (Map.Entry<String, java.util.List<String>> header : exchange.getRequestHeaders().entrySet()) {
                if (header.getKey().toLowerCase().startsWith("x-forwarded") || header.getKey().equalsIgnoreCase("host")) {
                    forwarded.put(header.getKey().toLowerCase(), String.join(",", header.getValue()));
                }
            }
            var lines = new StringBuilder();
            forwarded.forEach((name, value) -> lines.append(name).append(": ").append(value).append('\n'));
            body = lines.toString();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
