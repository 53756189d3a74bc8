package io.hotcert.hostile;

import static io.hotcert.hostile.H2Client.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.hotcert.config.ListenAddress;
import io.hotcert.config.ServerLimits;
import io.hotcert.server.Endpoint;
import io.hotcert.server.WebServer;
import io.hotcert.testing.FreePort;

/**
 * Each HTTP/2 flood for half a minute, the attacker reconnecting whenever the server ends its
 * connection, while another address is probed. Only with {@code -Phostile}.
 */
@Tag("hostile")
class LongHttp2AbuseTest {

    private static final Duration RUN = Duration.ofSeconds(30);

    @TempDir
    Path files;

    static Stream<Arguments> floods() {
        byte[] empty = new byte[0];
        return Stream.of(
                Arguments.of("rapid reset", true, (Attack.Step) (c, i) -> {
                    c.frame(HEADERS, END_HEADERS | END_STREAM, 2 * i + 1, H2Client.get("/"));
                    c.rst(2 * i + 1, CANCEL);
                }),
                Arguments.of("SETTINGS flood", false, (Attack.Step) (c, i) -> c.frame(SETTINGS, 0, 0, empty)),
                Arguments.of("PING flood", false, (Attack.Step) (c, i) -> c.frame(PING, 0, 0, new byte[8])),
                Arguments.of("PRIORITY flood", true,
                        (Attack.Step) (c, i) -> c.frame(PRIORITY, 0, 2 * i + 1, new byte[] {0, 0, 0, 0, 16})),
                Arguments.of("empty CONTINUATION flood", true, (Attack.Step) (c, i) -> c.frame(
                        i == 0 ? HEADERS : CONTINUATION, 0, 1, i == 0 ? H2Client.get("/") : empty)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floods")
    void aFloodForHalfAMinuteLeavesOthersServed(String attack, boolean reads, Attack.Step step) throws Exception {
        int port = FreePort.pick();
        var https = new HostileServer(files);
        var limits = new ServerLimits(2, 4, Duration.ofSeconds(5), Duration.ofSeconds(10),
                ServerLimits.DEFAULT_CONNECTIONS_PER_ADDRESS);
        WebServer server = WebServer.start(limits, List.of(Endpoint.https("HTTPS",
                new ListenAddress("127.0.0.1", port), https.handler(), https.tls())));
        try {
            assertThat(new Probe(port, "127.0.0.2", Duration.ofSeconds(10)).answeredInTime()).isTrue();
            ServerLoad before = ServerLoad.now();
            int connections = 0;
            int ended = 0;
            try (var probes = new ProbeLoop(new Probe(port, "127.0.0.2", Duration.ofSeconds(1)), 5_000)) {
                long deadline = System.nanoTime() + RUN.toNanos();
                for (; System.nanoTime() < deadline && connections < 10_000; connections++) {
                    try (var client = H2Client.connect(port, reads)) {
                        ended += Attack.run(client, 1_000_000, Duration.ofSeconds(5), step).endedByServer() ? 1 : 0;
                    }
                }
                probes.close();
                System.out.printf("long %s: %d connections, %d ended by the server; %s; %s%n", attack, connections,
                        ended, probes.describe(), ServerLoad.now().describeSince(before));
                assertThat(probes.answered()).isGreaterThanOrEqualTo(probes.probes() * 99 / 100);
                assertThat(ended).isEqualTo(connections);
            }
        } finally {
            server.close();
        }
    }
}
