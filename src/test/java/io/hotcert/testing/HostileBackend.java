package io.hotcert.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A backend on loopback that misbehaves on request, by path: {@code /ok} answers at once (and
 * keeps the connection), {@code /close-at-once} hangs up without a word,
 * {@code /close-mid-headers} and {@code /close-mid-body} hang up half-way,
 * {@code /hang-after-headers} sends its headers and part of the body and then nothing,
 * {@code /huge-headers} sends a megabyte of headers, {@code /endless} streams a chunked body
 * without end. Each misbehaviour stops when the proxy hangs up or at {@link #close}; the endless
 * body also after 30 s or a terabyte, so no test can loop for ever.
 */
public final class HostileBackend implements AutoCloseable {

    public static final String OK = "ok from the backend";
    public static final int HUGE_HEADER_BYTES = 1 << 20;
    private static final long ENDLESS_LIMIT_BYTES = 1L << 40;
    private static final Duration ENDLESS_LIMIT = Duration.ofSeconds(30);

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        var thread = new Thread(runnable, "hostile-backend");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closed = new CountDownLatch(1);

    private HostileBackend(ServerSocket server) {
        this.server = server;
    }

    public static HostileBackend start() throws IOException {
        var backend = new HostileBackend(new ServerSocket(0, 64, InetAddress.getLoopbackAddress()));
        backend.threads.execute(backend::acceptLoop);
        return backend;
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                threads.execute(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            for (String path = requestPath(in); path != null; path = requestPath(in)) {
                if (!answer(path, out)) {
                    return;
                }
            }
        } catch (IOException e) {
            // The proxy hung up: that is how most misbehaviours end.
        } finally {
            open.remove(socket);
        }
    }

    /** @return whether the connection stays open for another request */
    private boolean answer(String path, OutputStream out) throws IOException {
        switch (path) {
            case "/ok" -> {
                write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + OK.length() + "\r\n\r\n"
                        + OK);
                return true;
            }
            case "/close-mid-headers" -> write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/pl");
            case "/close-mid-body" -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nthe first few bytes");
            case "/hang-after-headers" -> {
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nthe first few bytes");
                awaitClose();
            }
            case "/huge-headers" -> {
                var head = new StringBuilder("HTTP/1.1 200 OK\r\n");
                String filler = "x".repeat(1000);
                for (int i = 0; head.length() < HUGE_HEADER_BYTES; i++) {
                    head.append("X-Filler-").append(i).append(": ").append(filler).append("\r\n");
                }
                write(out, head.append("Content-Length: 2\r\n\r\nok").toString());
            }
            case "/endless" -> {
                write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
                byte[] chunk = ("4000\r\n" + "e".repeat(0x4000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                long end = System.nanoTime() + ENDLESS_LIMIT.toNanos();
                for (long sent = 0; sent < ENDLESS_LIMIT_BYTES && System.nanoTime() < end && closed.getCount() > 0;
                        sent += chunk.length) {
                    out.write(chunk);
                }
            }
            default -> {
                // "/close-at-once" and anything unknown: hang up without a word.
            }
        }
        return false;
    }

    private void awaitClose() {
        try {
            closed.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The path of the next request, its headers skipped; null when the proxy hung up. */
    private static String requestPath(InputStream in) throws IOException {
        String requestLine = line(in);
        if (requestLine == null || requestLine.isEmpty()) {
            return null;
        }
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            continue;
        }
        return requestLine.split(" ")[1];
    }

    private static String line(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return null;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
        threads.shutdownNow();
    }
}
