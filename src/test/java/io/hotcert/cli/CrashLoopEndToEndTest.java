package io.hotcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.renewal.RetryBackoff;
import io.hotcert.testing.AcmeFront;
import io.hotcert.testing.DaemonProcess;
import io.hotcert.testing.EndToEnd;
import io.hotcert.testing.PebbleExtension;

/**
 * {@code hotcert run} killed and started again in a loop, each time a new process, while the CA
 * fails every order: the CA (Pebble behind {@link AcmeFront}, which counts the new orders and
 * fails them with 503) sees no more orders than the persisted backoff allows. The board has no
 * certificate yet, the case in which a daemon is most eager to order.
 */
@EndToEnd
class CrashLoopEndToEndTest {

    @RegisterExtension
    static final PebbleExtension CA = new PebbleExtension();

    private static final int STARTS = 5;
    /** From start to the daemon's first word about renewing: JVM start, directory, account, order. */
    private static final Duration ATTEMPT_SEEN = Duration.ofSeconds(60);
    private static final String FAILED = "renewal failed: ";
    private static final String POSTPONED = "failed attempt(s) the next one waits until";

    @TempDir
    Path work;

    @Test
    void restartingWhileTheCaFailsOrdersNoMoreOftenThanTheBackoffAllows() throws Exception {
        try (var front = AcmeFront.start(CA.pebble(), work)) {
            front.answerOrders(AcmeFront.Orders.FAIL);
            Path config = Files.writeString(work.resolve("hotcert.properties"),
                    front.configFor(CA.pebble(), "crashloop.example.test", work.resolve("storage")) + "https.port=0\n");
            Instant first = Instant.now();

            for (int start = 0; start < STARTS; start++) {
                Path log = work.resolve("daemon-" + start + ".log");
                try (var daemon = DaemonProcess.run(config, log)) {
                    awaitEither(daemon, FAILED, POSTPONED);
                }
            }

            Duration loop = Duration.between(first, Instant.now());
            int allowed = attemptsWithin(loop);
            assertThat(front.orders()).as("new orders in %d starts over %d s", STARTS, loop.toSeconds())
                    .hasSizeBetween(1, allowed);
            assertThat(allowed).as("the loop must be shorter than the backoff to show anything").isLessThan(STARTS);
            assertThat(Files.readString(work.resolve("daemon-1.log"))).as("the second start, seconds after the first")
                    .contains(POSTPONED);
        }
    }

    /** The daemon said it failed or that it waits; killed right after, as a crash would. */
    private static void awaitEither(DaemonProcess daemon, String one, String other)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(ATTEMPT_SEEN);
        while (!daemon.log().contains(one) && !daemon.log().contains(other)) {
            if (Instant.now().isAfter(deadline) || daemon.awaitExit(Duration.ZERO).isPresent()) {
                throw new AssertionError("neither \"" + one + "\" nor \"" + other + "\" in the daemon's log:\n"
                        + daemon.log());
            }
            Thread.sleep(50);
        }
    }

    /** The most attempts the backoff allows in {@code window}: every wait as short as its jitter allows. */
    private static int attemptsWithin(Duration window) {
        var backoff = new RetryBackoff(new Random(0));
        int attempts = 1;
        Duration elapsed = backoff.floor(1);
        while (elapsed.compareTo(window) <= 0) {
            attempts++;
            elapsed = elapsed.plus(backoff.floor(attempts));
        }
        return attempts;
    }
}
