package io.hotcert.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.hotcert.config.ListenAddress;
import io.hotcert.config.ServerLimits;
import io.hotcert.crypto.KeyPairFactory;
import io.hotcert.crypto.KeyType;
import io.hotcert.testing.Await;
import io.hotcert.testing.FreePort;
import io.hotcert.testing.TestCa;
import io.hotcert.crypto.CertificateSet;
import io.hotcert.tls.SwappableKeyManager;
import io.hotcert.config.TlsEngineChoice;
import io.hotcert.tls.TlsEngineSelector;
import io.undertow.server.HttpHandler;

/** What the listeners count for the metrics: connections open, those a limit ended, and request durations. */
class ListenerCountsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final HttpHandler OK = exchange -> exchange.getResponseSender().send("ok");

    private final int port = FreePort.pick();
    private final ConnectionCounts counts = new ConnectionCounts();
    private final List<Socket> sockets = new ArrayList<>();
    private WebServer server;

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(Duration handshakeTimeout, int perAddress, Endpoint endpoint) throws IOException {
        server = WebServer.start(new ServerLimits(1, 2, Duration.ofSeconds(5), handshakeTimeout, perAddress),
                List.of(endpoint), counts);
    }

    @Test
    void countsOpenConnectionsAndThoseOverTheAddressShare() throws Exception {
        start(Duration.ofSeconds(10), 2, Endpoint.http("tests", new ListenAddress("127.0.0.1", port), OK));

        for (int i = 0; i < 3; i++) {
            sockets.add(new Socket("127.0.0.1", port));
        }

        Await.until("the third connection refused", PATIENCE,
                () -> counts.refused(ConnectionCounts.Scheme.HTTP, ConnectionCounts.Limit.PER_ADDRESS) == 1);
        Await.until("two connections open", PATIENCE, () -> counts.open(ConnectionCounts.Scheme.HTTP) == 2);
        assertThat(counts.open(ConnectionCounts.Scheme.HTTPS)).isZero();
        for (Socket socket : sockets) {
            socket.close();
        }
        Await.until("no connection open", PATIENCE, () -> counts.open(ConnectionCounts.Scheme.HTTP) == 0);
    }

    @Test
    void countsAHandshakeNotFinishedInTime() throws Exception {
        var keyManager = new SwappableKeyManager();
        var key = new KeyPairFactory().generate(KeyType.EC_P256);
        var ca = TestCa.root("Root");
        keyManager.install(new CertificateSet(key.getPrivate(), List.of(ca.leaf(key.getPublic(),
                List.of("board1.example.test")))));
        start(Duration.ofSeconds(1), 4, Endpoint.https("HTTPS", new ListenAddress("127.0.0.1", port), OK,
                new TlsEngineSelector().select(TlsEngineChoice.JDK, keyManager)));

        sockets.add(new Socket("127.0.0.1", port));

        Await.until("the silent connection ended at the deadline", PATIENCE, () -> counts.refused(
                ConnectionCounts.Scheme.HTTPS, ConnectionCounts.Limit.HANDSHAKE_DEADLINE) == 1);
        Await.until("no connection open", PATIENCE, () -> counts.open(ConnectionCounts.Scheme.HTTPS) == 0);
    }

    @Test
    void timesEachRequestFromItsHeadToItsResponse() throws Exception {
        var requests = new RequestCounter();
        start(Duration.ofSeconds(10), 4, Endpoint.http("tests", new ListenAddress("127.0.0.1", port),
                requests.counting(exchange -> exchange.dispatch(() -> {
                    sleepAtLeast(Duration.ofMillis(30));
                    exchange.getResponseSender().send("late");
                }))));

        assertThat(get()).startsWith("HTTP/1.1 200");

        Await.until("the request counted", PATIENCE, () -> requests.durations().count() == 1);
        DurationHistogram.Snapshot durations = requests.durations();
        // 30 ms at least, however busy the machine: nothing in the buckets up to 25 ms.
        assertThat(durations.cumulativeCounts().subList(0, 5)).containsOnly(0L);
        assertThat(durations.sumSeconds()).isGreaterThanOrEqualTo(0.030);
    }

    private String get() throws IOException {
        try (var socket = new Socket()) {
            socket.setSoTimeout(10_000);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static void sleepAtLeast(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
