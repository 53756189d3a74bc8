package io.hotcert.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.PollableResource;
import org.shredzone.acme4j.Status;

class StatusPollerTest {

    /** A wall clock and a ticker that only move when the poller sleeps, recording each sleep. */
    private static final class FakeTime extends Clock {
        Instant now = Instant.parse("2026-11-21T12:00:00Z");
        long nanos = 42;
        final List<Duration> sleeps = new ArrayList<>();

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        long nanos() {
            return nanos;
        }

        void sleep(Duration d) {
            sleeps.add(d);
            now = now.plus(d);
            nanos += d.toNanos();
        }
    }

    /** A resource whose successive fetches give the scripted statuses and Retry-After values. */
    private static final class ScriptedResource implements PollableResource {
        private Status status;
        private final Deque<Status> next;
        private final Deque<Optional<Instant>> retryAfter;
        int fetches;

        ScriptedResource(Status initial, List<Status> next, List<Optional<Instant>> retryAfter) {
            this.status = initial;
            this.next = new ArrayDeque<>(next);
            this.retryAfter = new ArrayDeque<>(retryAfter);
        }

        @Override
        public Status getStatus() {
            return status;
        }

        @Override
        public Optional<Instant> fetch() {
            fetches++;
            status = next.isEmpty() ? status : next.poll();
            return retryAfter.isEmpty() ? Optional.empty() : retryAfter.poll();
        }
    }

    private final FakeTime time = new FakeTime();
    private final StatusPoller poller = new StatusPoller(time, time::nanos, time::sleep);

    @Test
    void returnsAtOnceWhenAlreadyDone() throws Exception {
        var resource = new ScriptedResource(Status.VALID, List.of(), List.of());

        assertThat(poller.await(resource, Set.of(Status.VALID), poller.deadlineIn(Duration.ofMinutes(1)))).isEqualTo(Status.VALID);
        assertThat(resource.fetches).isZero();
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void startsWithTensOfMillisecondsAndGrows() throws Exception {
        var resource = new ScriptedResource(Status.PENDING,
                List.of(Status.PENDING, Status.PROCESSING, Status.PROCESSING, Status.VALID), List.of());

        assertThat(poller.await(resource, Set.of(Status.VALID), poller.deadlineIn(Duration.ofMinutes(1)))).isEqualTo(Status.VALID);
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(20), Duration.ofMillis(30), Duration.ofMillis(45),
                Duration.ofMillis(67).plusNanos(500_000));
    }

    @Test
    void intervalIsCappedAtTwoSeconds() throws Exception {
        var statuses = new ArrayList<Status>();
        for (int i = 0; i < 30; i++) {
            statuses.add(Status.PROCESSING);
        }
        statuses.add(Status.VALID);
        var resource = new ScriptedResource(Status.PENDING, statuses, List.of());

        poller.await(resource, Set.of(Status.VALID), poller.deadlineIn(Duration.ofMinutes(5)));

        assertThat(time.sleeps).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(StatusPoller.MAX_INTERVAL));
        assertThat(time.sleeps.get(time.sleeps.size() - 1)).isEqualTo(StatusPoller.MAX_INTERVAL);
    }

    @Test
    void honoursTheCasRetryAfter() throws Exception {
        Instant retryAt = time.now.plusSeconds(7);
        var resource = new ScriptedResource(Status.PENDING, List.of(Status.PROCESSING, Status.VALID),
                List.of(Optional.of(retryAt)));

        poller.await(resource, Set.of(Status.VALID), poller.deadlineIn(Duration.ofMinutes(1)));

        // First wait is our own 20 ms; the CA then asked for 7 s from the start, minus what passed.
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(20), Duration.ofSeconds(7).minusMillis(20));
    }

    @Test
    void invalidEndsTheWait() throws Exception {
        var resource = new ScriptedResource(Status.PENDING, List.of(Status.INVALID), List.of());

        assertThat(poller.await(resource, Set.of(Status.VALID), poller.deadlineIn(Duration.ofMinutes(1)))).isEqualTo(Status.INVALID);
    }

    @Test
    void givesUpAtTheDeadlineWithoutSleepingPastIt() {
        var resource = new ScriptedResource(Status.PENDING, List.of(), List.of(Optional.of(time.now.plusSeconds(3600))));
        Instant start = time.now;

        assertThatThrownBy(() -> poller.await(resource, Set.of(Status.VALID), poller.deadlineIn(Duration.ofSeconds(10))))
                .isInstanceOf(StatusPoller.PollTimeoutException.class)
                .hasMessage("still pending after waiting 10 s");
        assertThat(time.now).isEqualTo(start.plusSeconds(10));
    }

    @Test
    void aWallClockThatJumpsNeitherEndsNorStretchesTheWait() throws Exception {
        // NTP answers for the first time during the validation: the wall clock leaps ten years ahead.
        var leaping = new StatusPoller(time, time::nanos, d -> {
            time.sleep(d);
            time.now = time.now.plus(Duration.ofDays(3650));
        });
        var resource = new ScriptedResource(Status.PENDING, List.of(Status.PROCESSING, Status.VALID), List.of());

        assertThat(leaping.await(resource, Set.of(Status.VALID), leaping.deadlineIn(Duration.ofMinutes(1))))
                .isEqualTo(Status.VALID);
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(20), Duration.ofMillis(30));
    }
}
