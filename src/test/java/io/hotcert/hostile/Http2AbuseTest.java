package io.hotcert.hostile;

import static io.hotcert.hostile.H2Client.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.config.ListenAddress;
import io.hotcert.config.ServerLimits;
import io.hotcert.server.Endpoint;
import io.hotcert.server.WebServer;
import io.hotcert.testing.FreePort;
import io.hotcert.testing.ServesHttps;
import io.hotcert.testing.Slow;
import io.hotcert.testing.TestTls;

/**
 * HTTP/2 abuse against the HTTPS listener, one attack class per test, each with raw frames: the
 * listener has to end (or starve) the attacking connection with bounded work, and a well-behaved
 * client on another address has to be answered within a second all along.
 */
@Slow
@ServesHttps
class Http2AbuseTest {

    private static final Duration PATIENCE = Duration.ofSeconds(1);
    private static final Duration ATTACK_TIME = Duration.ofSeconds(5);

    @TempDir
    Path files;
    private final int port = FreePort.pick();
    private WebServer server;
    private ProbeLoop probes;
    private ServerLoad before;

    @BeforeEach
    void start() throws IOException {
        var https = new HostileServer(files);
        var limits = new ServerLimits(1, 2, Duration.ofSeconds(5), Duration.ofSeconds(10),
                ServerLimits.DEFAULT_CONNECTIONS_PER_ADDRESS);
        server = WebServer.start(limits, List.of(Endpoint.https("HTTPS", new ListenAddress("127.0.0.1", port),
                https.handler(), https.tls())));
        assertThat(new Probe(port, "127.0.0.2", Duration.ofSeconds(10)).answeredInTime()).as("warm-up").isTrue();
        before = ServerLoad.now();
        probes = new ProbeLoop(new Probe(port, "127.0.0.2", PATIENCE), 2_000);
    }

    @AfterEach
    void stop() throws InterruptedException {
        probes.close();
        server.close();
    }

    /** The well-behaved client was answered in time throughout; the figures go to the test's output. */
    private void othersWereServed(String attack, Object outcome) throws InterruptedException {
        Waits.until(() -> probes.probes() >= 5, Duration.ofSeconds(10));
        probes.close();
        System.out.printf("%s: %s; %s; %s%n", attack, outcome, probes.describe(), ServerLoad.now().describeSince(before));
        assertThat(probes.answered()).as(probes.describe()).isGreaterThanOrEqualTo(probes.probes() * 99 / 100);
    }

    @Test
    void rapidResetEndsTheConnection() throws Exception {
        try (var client = H2Client.connect(port, true)) {
            var outcome = Attack.run(client, 100_000, ATTACK_TIME, (c, i) -> {
                int stream = 2 * i + 1;
                c.frame(HEADERS, END_HEADERS | END_STREAM, stream, H2Client.get("/"));
                c.rst(stream, CANCEL);
            });
            Waits.until(client::ended, Duration.ofSeconds(5));
            othersWereServed("rapid reset", outcome);
            assertThat(outcome.steps()).isLessThan(100_000);
        }
    }

    @Test
    void aContinuationFloodEndsTheConnection() throws Exception {
        byte[] headers = headerLiterals(16_000);
        try (var client = H2Client.connect(port, true)) {
            client.frame(HEADERS, 0, 1, H2Client.get("/"));
            var outcome = Attack.run(client, 4_096, ATTACK_TIME, (c, i) -> c.frame(CONTINUATION, 0, 1, headers));
            othersWereServed("CONTINUATION flood", outcome);
            assertThat(outcome.endedByServer()).as(outcome.toString()).isTrue();
        }
    }

    @Test
    void anHpackBombIsRefused() throws Exception {
        var block = new ByteArrayOutputStream();
        block.writeBytes(H2Client.get("/"));
        block.write(0x40); // literal with incremental indexing, new name: dynamic table entry 62
        H2Client.writeLength(block, 3);
        block.writeBytes("x-b".getBytes());
        H2Client.writeLength(block, 4_000);
        block.writeBytes(new byte[4_000]);
        for (int i = 0; i < 12_000; i++) {
            block.write(0xbe); // indexed: entry 62 again, 4 kB decoded per byte sent
        }
        try (var client = H2Client.connect(port, true)) {
            var outcome = Attack.run(client, 1, ATTACK_TIME,
                    (c, i) -> c.frame(HEADERS, END_HEADERS | END_STREAM, 1, block.toByteArray()));
            Waits.until(() -> client.ended() || client.received(RST_STREAM) > 0 || client.received(HEADERS) > 0,
                    Duration.ofSeconds(5));
            othersWereServed("HPACK bomb", outcome + ", answered " + client.received(HEADERS) + " HEADERS, "
                    + client.received(RST_STREAM) + " RST_STREAM");
            assertThat(client.ended() || client.received(RST_STREAM) > 0).as("the request was refused").isTrue();
        }
    }

    @Test
    void streamsBeyondTheAdvertisedLimitAreResetAndFreedSlotsServeAgain() throws Exception {
        try (var client = H2Client.connect(port, true)) {
            var outcome = Attack.run(client, 150, ATTACK_TIME,
                    (c, i) -> c.frame(HEADERS, END_HEADERS, 2 * i + 1, H2Client.post("/upload")));
            Waits.until(() -> client.ended() || client.resetStreams() >= 50, ATTACK_TIME);
            othersWereServed("more streams than allowed", outcome + ", " + client.resetStreams() + " streams reset");
            assertThat(client.resetStreams()).isEqualTo(50);
            assertThat(client.received(HEADERS)).isZero();

            client.frame(DATA, END_STREAM, 1, new byte[0]);
            client.frame(HEADERS, END_HEADERS | END_STREAM, 601, H2Client.get("/"));
            client.flush();
            Waits.until(() -> client.received(HEADERS) == 2, Duration.ofSeconds(5));
            assertThat(client.resetStreams()).isEqualTo(50);
        }
    }

    @Test
    void aSettingsFloodThatNeverReadsIsEnded() throws Exception {
        floodIsEnded("SETTINGS flood", false, (c, i) -> c.frame(SETTINGS, 0, 0, new byte[0]));
    }

    @Test
    void aPingFloodThatNeverReadsIsEnded() throws Exception {
        floodIsEnded("PING flood", false, (c, i) -> c.frame(PING, 0, 0, new byte[8]));
    }

    @Test
    void anEmptyContinuationFloodIsEnded() throws Exception {
        floodIsEnded("empty CONTINUATION flood", true, (c, i) -> c.frame(i == 0 ? HEADERS : CONTINUATION, 0, 1,
                i == 0 ? H2Client.get("/") : new byte[0]));
    }

    @Test
    void aPriorityFloodIsEnded() throws Exception {
        floodIsEnded("PRIORITY flood", true, (c, i) -> c.frame(PRIORITY, 0, 2 * i + 1, new byte[] {0, 0, 0, 0, 16}));
    }

    /** Frames that ask for nothing, as fast as the client can send them, until the server ends the connection. */
    private void floodIsEnded(String attack, boolean reads, Attack.Step step) throws Exception {
        try (var client = H2Client.connect(port, reads)) {
            var outcome = Attack.run(client, 1_000_000, ATTACK_TIME, step);
            othersWereServed(attack, outcome);
            assertThat(outcome.endedByServer()).as(outcome.toString()).isTrue();
        }
    }

    @Test
    void aWindowThatNeverOpensHoldsNoWorkerThread() throws Exception {
        var clients = new ArrayList<H2Client>();
        try {
            for (int c = 0; c < 8; c++) {
                var client = H2Client.connect(port, true, SETTINGS_INITIAL_WINDOW_SIZE, 0);
                for (int i = 0; i < 20; i++) {
                    client.frame(HEADERS, END_HEADERS | END_STREAM, 2 * i + 1, H2Client.get(HostileServer.BIG_FILE));
                }
                client.flush();
                clients.add(client);
            }
            othersWereServed("window never opens", "8 connections x 20 streams of " + HostileServer.BIG_FILE);
            HttpClient other = HttpClient.newBuilder().sslContext(TestTls.trustingEverything()).build();
            HttpResponse<byte[]> big = other.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
                    + HostileServer.BIG_FILE)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(big.body()).as("the same file for a client that reads").hasSize(HostileServer.BIG_FILE_BYTES);
        } finally {
            for (H2Client client : clients) {
                client.close();
            }
        }
    }

    /** Literal header fields (x-a: aaa...) filling about {@code bytes} of a header block. */
    private static byte[] headerLiterals(int bytes) {
        var block = new ByteArrayOutputStream();
        while (block.size() < bytes - 110) {
            block.write(0x00);
            H2Client.writeLength(block, 3);
            block.writeBytes("x-a".getBytes());
            H2Client.writeLength(block, 100);
            block.writeBytes("a".repeat(100).getBytes());
        }
        return block.toByteArray();
    }
}
