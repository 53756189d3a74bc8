package io.hotcert.acme;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.shredzone.acme4j.PollableResource;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * Waits for an ACME resource to reach a final status. The CA's Retry-After wins when it sends
 * one; otherwise the wait starts at tens of milliseconds and grows, because a CA often answers
 * within milliseconds and acme4j's fixed 3 s default would dominate the whole renewal.
 */
final class StatusPoller {

    /** How the poller waits; tests pass one that only moves a fake clock. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    static final Duration FIRST_INTERVAL = Duration.ofMillis(20);
    static final Duration MAX_INTERVAL = Duration.ofSeconds(2);

    private final Clock clock;
    private final Sleeper sleeper;

    StatusPoller(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Polls until the status is one of {@code done} or {@link Status#INVALID}.
     *
     * @return the final status
     * @throws PollTimeoutException when {@code deadline} passes first
     */
    Status await(PollableResource resource, Set<Status> done, Instant deadline)
            throws AcmeException, InterruptedException, PollTimeoutException {
        Instant start = clock.instant();
        Duration interval = FIRST_INTERVAL;
        Optional<Instant> retryAfter = Optional.empty();
        while (true) {
            Status status = resource.getStatus();
            if (done.contains(status) || status == Status.INVALID) {
                return status;
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                throw new PollTimeoutException(status, Duration.between(start, now));
            }
            Instant wakeUp = retryAfter.filter(now::isBefore).orElse(now.plus(interval));
            sleeper.sleep(Duration.between(now, wakeUp.isAfter(deadline) ? deadline : wakeUp));
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
