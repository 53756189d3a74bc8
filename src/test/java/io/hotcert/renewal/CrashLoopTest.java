package io.hotcert.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.hotcert.storage.AtomicFiles;
import io.hotcert.testing.MutableClock;
import io.hotcert.state.AttemptFile;

/**
 * A daemon that restarts every two minutes, each time as a new process that knows only
 * storage.dir, and whose every attempt fails: the CA sees no more attempts than the backoff
 * allows, whether the attempts fail cleanly or take the daemon down with them.
 */
class CrashLoopTest {

    private static final Duration RESTART_EVERY = Duration.ofMinutes(2);
    private static final int RESTARTS = 50;
    /** From the first start to the last one. */
    private static final Duration WINDOW = RESTART_EVERY.multipliedBy(RESTARTS - 1);

    @TempDir
    Path storage;

    @ParameterizedTest(name = "attempt ends with a recorded failure: {0}")
    @ValueSource(booleans = {true, false})
    void restartsDoNotAttemptMoreOftenThanTheBackoffAllows(boolean outcomeRecorded) throws IOException {
        var clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
        List<Instant> attempts = new ArrayList<>();

        for (int restart = 0; restart < RESTARTS; restart++) {
            var history = new AttemptHistory(new AttemptFile(storage, new AtomicFiles()), AttemptHistoryTest.SCOPE,
                    new RetryBackoff(new SplittableRandom(restart)));
            history.load();
            Instant now = clock.instant();
            if (history.waitUntil(now).isEmpty()) {
                attempts.add(now);
                history.recordStart(now);
                if (outcomeRecorded) {
                    history.recordFailure(now, "order", "the CA cannot be reached", RetryAdvice.NONE);
                }
            }
            clock.advance(RESTART_EVERY);
        }

        var backoff = new RetryBackoff(new SplittableRandom(0));
        // Most: every delay as short as the jitter allows. Least: every delay as long as it allows,
        // and then up to one restart interval until a start notices it is over.
        int most = attemptsWithin(backoff::floor);
        int least = attemptsWithin(n -> backoff.ceiling(n).plus(RESTART_EVERY));
        assertThat(attempts).hasSizeBetween(least, most);
        assertThat(most).isLessThan(RESTARTS / 5);
    }

    /** How many attempts fit into the window when the wait after the n-th failure is {@code delay(n)}. */
    private static int attemptsWithin(IntFunction<Duration> delay) {
        int attempts = 1;
        Duration elapsed = delay.apply(1);
        while (elapsed.compareTo(WINDOW) <= 0) {
            attempts++;
            elapsed = elapsed.plus(delay.apply(attempts));
        }
        return attempts;
    }
}
