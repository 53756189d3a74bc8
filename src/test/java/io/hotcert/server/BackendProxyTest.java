package io.hotcert.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.hotcert.testing.Await;
import io.hotcert.testing.CapturedLogs;
import io.hotcert.testing.FreePort;
import io.hotcert.testing.TestBackend;
import io.hotcert.testing.TestServers;
import io.undertow.server.HttpHandler;

/** The reverse proxy against a real HTTP server on loopback (over plain HTTP here; HTTPS in the daemon's tests). */
class BackendProxyTest {

    /** A request bound no healthy run reaches, also on a starved machine: these tests are not about slowness. */
    private static final Duration AMPLE = Duration.ofSeconds(60);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-Forwarded-For", "6.6.6.6").build(), HttpResponse.BodyHandlers.ofString());
    }

    private String bodyOrNothing(int port) {
        try {
            return get(port, "/").body();
        } catch (Exception e) {
            return "";
        }
    }

    /** The daemon's limits but for the request time, and 1 IO thread (as {@link TestServers} runs). */
    static HttpHandler proxyTo(URI backend, Duration requestTime) {
        return BackendProxy.to(backend, new BackendLimits(requestTime, Duration.ofSeconds(5), 32, 128),
                new BackendWaits());
    }

    @Test
    void forwardsWithXForwardedHeadersOverPooledConnections() throws Exception {
        int port = FreePort.pick();
        try (var backend = TestBackend.start(0);
                var proxy = TestServers.http(port, proxyTo(URI.create("http://127.0.0.1:" + backend.port()), AMPLE))) {
            for (int i = 0; i < 20; i++) {
                assertThat(get(port, "/").body()).isEqualTo(TestBackend.HELLO);
            }
            String headers = get(port, "/headers").body();

            assertThat(headers).contains("x-forwarded-for: 127.0.0.1\n", "x-forwarded-proto: http\n",
                    "x-forwarded-host: 127.0.0.1\n", "x-forwarded-port: " + port + "\n")
                    .as("a client's own X-Forwarded-For is not trusted").doesNotContain("6.6.6.6");
            assertThat(backend.connectionsSeen()).as("backend connections for 21 sequential requests").isLessThan(3);
        }
    }

    /** What a client without Host gets: HTTP/1.0 allows leaving it out; {@code openssl s_time} does. */
    private static String http10WithoutHost(int port, String path) throws Exception {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void aRequestWithoutHostIsForwardedWithTheBackendsAddressAndKeepsTheConnectionPooled() throws Exception {
        int port = FreePort.pick();
        try (var backend = TestBackend.start(0);
                var proxy = TestServers.http(port, proxyTo(URI.create("http://127.0.0.1:" + backend.port()), AMPLE))) {
            String response = http10WithoutHost(port, "/headers");
            for (int i = 0; i < 20; i++) {
                assertThat(http10WithoutHost(port, "/")).startsWith("HTTP/1.0 200 ").endsWith(TestBackend.HELLO);
            }

            assertThat(response).startsWith("HTTP/1.0 200 ").contains("\r\n\r\nhost: 127.0.0.1:" + backend.port() + "\n");
            assertThat(get(port, "/headers").body()).as("a client's own Host is forwarded as it is")
                    .startsWith("host: 127.0.0.1:" + port + "\n");
            assertThat(backend.connectionsSeen()).as("backend connections for 22 sequential requests").isLessThan(3);
        }
    }

    @Test
    void timesEachProxiedRequestOnTheBackend() throws Exception {
        int port = FreePort.pick();
        var waits = new BackendWaits();
        try (var backend = TestBackend.start(0); var proxy = TestServers.http(port, BackendProxy.to(
                URI.create("http://127.0.0.1:" + backend.port()), new BackendLimits(AMPLE, Duration.ofSeconds(5), 32,
                        128), waits))) {
            assertThat(get(port, "/").statusCode()).isEqualTo(200);
            assertThat(get(port, "/slow?ms=120").statusCode()).isEqualTo(200);

            Await.until("both requests timed", Duration.ofSeconds(10), () -> waits.backendTimes().count() == 2);
            DurationHistogram.Snapshot times = waits.backendTimes();
            // The slow answer took 120 ms at least, however busy the machine: at most one within 100 ms.
            assertThat(times.cumulativeCounts().get(DurationHistogram.UPPER_BOUNDS.indexOf(0.1))).isLessThanOrEqualTo(1);
            assertThat(times.sumSeconds()).isGreaterThanOrEqualTo(0.120);
        }
    }

    @Test
    void aBackendThatIsDownGetsA502WithAShortBody() throws Exception {
        int port = FreePort.pick();
        int nobody = FreePort.pick();
        try (var proxy = TestServers.http(port, proxyTo(URI.create("http://127.0.0.1:" + nobody), AMPLE)); var logs = new CapturedLogs()) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = get(port, "/");

                assertThat(response.statusCode()).isEqualTo(502);
                assertThat(response.body()).isEqualTo("502 Bad Gateway: the service behind this server is not answering.\n");
            }
            assertThat(logs.text().lines().filter(line -> line.contains("the backend is not answering")))
                    .as("one line, not one per request").hasSize(1);
        }
    }

    @Test
    void aBackendThatComesBackIsUsedAgainAtOnce() throws Exception {
        int port = FreePort.pick();
        int backendPort = FreePort.pick();
        try (var proxy = TestServers.http(port, proxyTo(URI.create("http://127.0.0.1:" + backendPort), AMPLE))) {
            assertThat(get(port, "/").statusCode()).isEqualTo(502);
            try (var backend = TestBackend.start(backendPort)) {
                // The proxy tries a backend that failed again a second later (BackendProxy's problem-server retry).
                Await.until("the proxy using the backend again", Duration.ofSeconds(10),
                        () -> TestBackend.HELLO.equals(bodyOrNothing(port)));
            }
        }
    }

    @Test
    void aBackendSlowerThanTheBoundGetsA504() throws Exception {
        int port = FreePort.pick();
        try (var backend = TestBackend.start(0);
                var proxy = TestServers.http(port, proxyTo(URI.create("http://127.0.0.1:" + backend.port()), Duration.ofMillis(500)))) {
            HttpResponse<String> response = get(port, "/slow?ms=3000");

            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(response.body()).startsWith("504 Gateway Timeout");
        }
    }
}
