package io.hotcert.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.config.ListenAddress;
import io.hotcert.config.ServerLimits;
import io.hotcert.server.Endpoint;
import io.hotcert.server.WebServer;
import io.hotcert.testing.FreePort;

/**
 * The silent flood at scale, with the daemon's default deadline: 5,000 silent sockets from one
 * address and 1,100 that start a TLS record from another, both coming back as they are closed,
 * for a minute of probes. Only with {@code -Phostile}.
 */
@Tag("hostile")
class LongFloodTest {

    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_SLACK = Duration.ofSeconds(3);
    private static final int PROBES = 600;

    @TempDir
    Path files;

    @Test
    void floodsFromTwoAddressesForAMinuteLeaveAThirdServed() throws Exception {
        int port = FreePort.pick();
        var https = new HostileServer(files);
        var limits = new ServerLimits(2, 4, Duration.ofSeconds(5), HANDSHAKE_TIMEOUT,
                ServerLimits.DEFAULT_CONNECTIONS_PER_ADDRESS);
        try (var server = new Closing(WebServer.start(limits, List.of(Endpoint.https("HTTPS",
                new ListenAddress("127.0.0.1", port), https.handler(), https.tls()))))) {
            var probe = new Probe(port, "127.0.0.2", Duration.ofSeconds(1));
            assertThat(new Probe(port, "127.0.0.2", Duration.ofSeconds(10)).answeredInTime()).isTrue();
            ServerLoad before = ServerLoad.now();
            try (var silent = SilentSockets.silent(port, "127.0.0.1", 5_000, true, 200_000);
                    var partial = SilentSockets.tlsStart(port, "127.0.0.3", 1_100, true, 200_000)) {
                int answered = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                int probes = 0;
                for (; probes < PROBES && System.nanoTime() < deadline; probes++) {
                    answered += probe.answeredInTime() ? 1 : 0;
                }
                System.out.printf("long flood: %d and %d sockets opened, %d of %d probes answered in time; %s;"
                        + " process %s%n", silent.opened(), partial.opened(), answered, probes,
                        ServerLoad.now().describeSince(before), processStatus());
                assertThat(answered).isGreaterThanOrEqualTo(probes * 99 / 100);
                assertThat(silent.longestLife()).isLessThanOrEqualTo(HANDSHAKE_TIMEOUT.plus(CLOSE_SLACK));
                assertThat(partial.longestLife()).isLessThanOrEqualTo(HANDSHAKE_TIMEOUT.plus(CLOSE_SLACK));
            }
        }
    }

    /** VmRSS and Threads of this JVM, which holds the attackers as well as the server. */
    private static String processStatus() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("VmRSS") || line.startsWith("Threads"))
                .map(line -> line.replaceAll("\\s+", " ")).toList().toString();
    }

    private record Closing(WebServer server) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }
}
