package io.hotcert.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hotcert.testing.FreePort;
import io.hotcert.testing.HostileBackend;
import io.hotcert.testing.Slow;
import io.hotcert.testing.TestServers;

/**
 * Each way a backend can misbehave ends in a bounded answer for the client that asked, and never
 * holds up a well-behaved client of the same proxy: the server runs a single IO thread here, so
 * a fault that blocked it would show at once.
 */
class BackendFaultsTest {

    private static final Duration REQUEST_BOUND = Duration.ofSeconds(3);
    /** Enough for every head and body the tests look at. */
    private static final int KEPT_BYTES = 64 * 1024;
    /** A fault must end within the bound plus this, which leaves room for a busy machine. */
    private static final Duration SLACK = Duration.ofSeconds(4);
    /** How long a well-behaved request may take while another one meets a fault. */
    private static final Duration WELL_BEHAVED = Duration.ofSeconds(2);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private HostileBackend backend;
    private WebServer proxy;
    private int port;

    @BeforeEach
    void start() throws IOException {
        backend = HostileBackend.start();
        port = FreePort.pick();
        proxy = TestServers.http(port, BackendProxyTest.proxyTo(URI.create("http://127.0.0.1:" + backend.port()),
                REQUEST_BOUND));
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        backend.close();
    }

    @Test
    void aBackendThatHangsUpWithoutAWordGetsA502() throws Exception {
        Exchange exchange = faultWhileWellBehavedClientsAreServed("/close-at-once");

        assertThat(exchange.statusLine()).startsWith("HTTP/1.1 502");
    }

    @Test
    void aBackendThatHangsUpInTheMiddleOfItsHeadersGetsA502() throws Exception {
        Exchange exchange = faultWhileWellBehavedClientsAreServed("/close-mid-headers");

        assertThat(exchange.statusLine()).startsWith("HTTP/1.1 502");
    }

    @Test
    void aBackendThatHangsUpInTheMiddleOfItsBodyEndsTheClientsConnectionShortOfTheLength() throws Exception {
        Exchange exchange = faultWhileWellBehavedClientsAreServed("/close-mid-body");

        assertThat(exchange.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(exchange.head()).contains("Content-Length: 1000");
        assertThat(exchange.body()).hasSizeLessThan(1000);
    }

    @Test
    @Slow
    void aBackendThatHangsAfterItsHeadersIsCutOffAtTheRequestBound() throws Exception {
        Exchange exchange = faultWhileWellBehavedClientsAreServed("/hang-after-headers");

        assertThat(exchange.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(exchange.body()).hasSizeLessThan(1000);
        assertThat(exchange.took()).isGreaterThanOrEqualTo(REQUEST_BOUND.minusMillis(50));
    }

    /**
     * Undertow's HTTP/1.1 client reads a response's headers without a bound; the proxy refuses a
     * head over its limit instead of forwarding the megabyte with the backend's 200.
     */
    @Test
    void aMegabyteOfHeadersGetsA502WithoutDelayingOthers() throws Exception {
        Exchange exchange = faultWhileWellBehavedClientsAreServed("/huge-headers");

        assertThat(exchange.statusLine()).startsWith("HTTP/1.1 502");
        assertThat(exchange.bytes()).as("bytes the client got").isLessThan(HeadBoundExchange.MAX_RESPONSE_HEAD_BYTES);
    }

    @Test
    @Slow
    void anEndlessBodyIsCutOffAtTheRequestBound() throws Exception {
        Exchange exchange = faultWhileWellBehavedClientsAreServed("/endless");

        assertThat(exchange.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(exchange.took()).isGreaterThanOrEqualTo(REQUEST_BOUND.minusMillis(50));
        assertThat(exchange.bytes()).as("bytes streamed before the cut").isGreaterThan(1 << 20);
    }

    /**
     * Sends a request for {@code path} and, while it runs, well-behaved requests one after the
     * other; each of those must be answered in time, and the faulty one must end within the bound.
     */
    private Exchange faultWhileWellBehavedClientsAreServed(String path) throws Exception {
        CompletableFuture<Exchange> fault = CompletableFuture.supplyAsync(() -> rawGet(path));
        int served = 0;
        do {
            long started = System.nanoTime();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/ok")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(response.body()).isEqualTo(HostileBackend.OK);
            assertThat(took).as("a well-behaved request during " + path).isLessThan(WELL_BEHAVED);
            served++;
        } while (!fault.isDone() && served < 100);
        Exchange exchange = fault.get(REQUEST_BOUND.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS);
        assertThat(exchange.took()).as("the faulty request").isLessThan(REQUEST_BOUND.plus(SLACK));
        return exchange;
    }

    /**
     * What a client saw of one request, read to the end of the connection or for 10 s: the first
     * {@link #KEPT_BYTES} or so of it, and how many bytes there were in all.
     */
    private record Exchange(String head, byte[] body, long bytes, Duration took) {

        String statusLine() {
            return head.lines().findFirst().orElse("");
        }
    }

    private Exchange rawGet(String path) {
        long started = System.nanoTime();
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            var kept = new ByteArrayOutputStream();
            byte[] buffer = new byte[16384];
            long bytes = 0;
            long deadline = started + TimeUnit.SECONDS.toNanos(10);
            for (int read = in.read(buffer); read >= 0 && System.nanoTime() < deadline; read = in.read(buffer)) {
                bytes += read;
                if (kept.size() < KEPT_BYTES) {
                    kept.write(buffer, 0, read);
                }
            }
            return split(kept.toByteArray(), bytes, Duration.ofNanos(System.nanoTime() - started));
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no end to " + path + " within 10 s", e);
        } catch (IOException e) {
            throw new IllegalStateException(path + ": " + e, e);
        }
    }

    private static Exchange split(byte[] kept, long bytes, Duration took) {
        String text = new String(kept, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return new Exchange(text, new byte[0], bytes, took);
        }
        byte[] body = new byte[kept.length - end - 4];
        System.arraycopy(kept, end + 4, body, 0, body.length);
        return new Exchange(text.substring(0, end), body, bytes, took);
    }
}
