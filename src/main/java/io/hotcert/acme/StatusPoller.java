package io.hotcert.acme;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

import org.shredzone.acme4j.PollableResource;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * Waits for an ACME resource to reach a final status. The CA's Retry-After wins when it sends
 * one; otherwise the wait starts at tens of milliseconds and grows, because a CA often answers
 * within milliseconds and acme4j's fixed 3 s default would dominate the whole renewal.
 *
 * <p>Deadlines are read from a monotonic ticker ({@link System#nanoTime()}): a board without a
 * real-time clock jumps by years when NTP first answers, which must neither end a validation at
 * once nor let it wait for ever. Only a Retry-After, a date the CA names, is read against the wall clock.
 */
final class StatusPoller {

    /** How the poller waits; tests pass one that only moves fake time. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    static final Duration FIRST_INTERVAL = Duration.ofMillis(20);
    static final Duration MAX_INTERVAL = Duration.ofSeconds(2);

    private final Clock clock;
    private final LongSupplier ticker;
    private final Sleeper sleeper;

    /**
     * @param clock  the wall clock, for the CA's Retry-After dates
     * @param ticker monotonic nanoseconds, for deadlines
     */
    StatusPoller(Clock clock, LongSupplier ticker, Sleeper sleeper) {
        this.clock = clock;
        this.ticker = ticker;
        this.sleeper = sleeper;
    }

    /** A deadline for {@link #await}, {@code timeout} from now on the poller's ticker. */
    long deadlineIn(Duration timeout) {
        return ticker.getAsLong() + timeout.toNanos();
    }

    /**
     * Polls until the status is one of {@code done} or {@link Status#INVALID}.
     *
     * @param deadline from {@link #deadlineIn}
     * @return the final status
     * @throws PollTimeoutException when {@code deadline} passes first
     */
    Status await(PollableResource resource, Set<Status> done, long deadline)
            throws AcmeException, InterruptedException, PollTimeoutException {
        long start = ticker.getAsLong();
        Duration interval = FIRST_INTERVAL;
        Optional<Instant> retryAfter = Optional.empty();
        while (true) {
            Status status = resource.getStatus();
            if (done.contains(status) || status == Status.INVALID) {
                return status;
            }
            long now = ticker.getAsLong();
            Duration left = Duration.ofNanos(deadline - now);
            if (left.isNegative() || left.isZero()) {
                throw new PollTimeoutException(status, Duration.ofNanos(now - start));
            }
            Instant wallNow = clock.instant();
            Duration wait = retryAfter.filter(wallNow::isBefore).map(at -> Duration.between(wallNow, at)).orElse(interval);
            sleeper.sleep(wait.compareTo(left) > 0 ? left : wait);
            interval = grow(interval);
            retryAfter = resource.fetch();
        }
    }

    private static Duration grow(Duration interval) {
        Duration next = interval.multipliedBy(3).dividedBy(2);
        return next.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : next;
    }

    /** The resource did not reach a final status in time. */
    static final class PollTimeoutException extends Exception {
        PollTimeoutException(Status last, Duration waited) {
            super("still " + last.name().toLowerCase(java.util.Locale.ROOT) + " after waiting " + waited.toSeconds() + " s");
        }
    }
}
