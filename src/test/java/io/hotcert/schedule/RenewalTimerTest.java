package io.hotcert.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class RenewalTimerTest {

    @Test
    void runsTheCheckAtScheduledTimesAndKnowsTheNextOne() throws Exception {
        var twoChecks = new CountDownLatch(2);
        // Taken before the start: "now" read after it may lie seconds later on a busy machine.
        Instant started = Instant.now();
        try (var timer = RenewalTimer.start("* * * * * ?", twoChecks::countDown)) {
            assertThat(timer.nextCheck()).hasValueSatisfying(next ->
                    assertThat(next).isBetween(started.minusSeconds(1), Instant.now().plusSeconds(2)));

            assertThat(twoChecks.await(5, TimeUnit.SECONDS)).as("two checks within 5 s").isTrue();
        }
    }

    @Test
    void aFarScheduleDoesNotRunNowButNamesItsTime() throws Exception {
        var checks = new CountDownLatch(1);
        try (var timer = RenewalTimer.start("0 0 0 1 1 ? 2099", checks::countDown)) {
            // Cron expressions are read in the board's time zone, like crontab.
            assertThat(timer.nextCheck()).contains(LocalDateTime.of(2099, 1, 1, 0, 0)
                    .atZone(ZoneId.systemDefault()).toInstant());
            assertThat(checks.await(300, TimeUnit.MILLISECONDS)).isFalse();
        }
    }
}
