package io.hotcert.renewal;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * When to try again after the n-th failure in a row, so that neither a broken CA, a broken
 * configuration nor a daemon restarting in a loop makes hotcert hammer the CA.
 *
 * <p>The delay ceiling starts at one minute and doubles with each failure up to four hours. The
 * actual delay is drawn uniformly from [ceiling/2, ceiling] ("equal jitter"): random enough that
 * a fleet of boards that failed together does not come back together, and, unlike full jitter
 * over [0, ceiling], never close to zero. A permanent failure backs off the same way: it may be
 * fixed without hotcert noticing (a DNS record, a firewall), and retrying slowly costs nothing.
 *
 * <p>The CA's word comes on top: the next attempt is never before its Retry-After, and a rate
 * limit without one waits at least an hour, since a limit counted per hour or week is not lifted
 * by the next minute.
 */
public final class RetryBackoff {

    public static final Duration FIRST = Duration.ofMinutes(1);
    public static final Duration CAP = Duration.ofHours(4);
    public static final Duration RATE_LIMIT_MINIMUM = Duration.ofHours(1);

    private final RandomGenerator random;

    public RetryBackoff(RandomGenerator random) {
        this.random = random;
    }

    /** The longest delay after the given number of failures in a row (at least 1). */
    public Duration ceiling(int consecutiveFailures) {
        if (consecutiveFailures < 1) {
            throw new IllegalArgumentException("consecutive failures must be at least 1, was " + consecutiveFailures);
        }
        Duration ceiling = FIRST;
        for (int n = 1; n < consecutiveFailures && ceiling.compareTo(CAP) < 0; n++) {
            ceiling = ceiling.multipliedBy(2);
        }
        return ceiling.compareTo(CAP) < 0 ? ceiling : CAP;
    }

    /** The shortest delay after the given number of failures in a row: half the ceiling. */
    public Duration floor(int consecutiveFailures) {
        return ceiling(consecutiveFailures).dividedBy(2);
    }

    /** A delay drawn from [floor, ceiling], to the millisecond. */
    public Duration delay(int consecutiveFailures) {
        long floor = floor(consecutiveFailures).toMillis();
        long ceiling = ceiling(consecutiveFailures).toMillis();
        return Duration.ofMillis(floor + random.nextLong(ceiling - floor + 1));
    }

    public Instant nextAttempt(Instant failedAt, int consecutiveFailures, RetryAdvice advice) {
        Instant next = failedAt.plus(delay(consecutiveFailures));
        if (advice.retryAfter().isPresent()) {
            return later(next, advice.retryAfter().get());
        }
        return advice.rateLimited() ? later(next, failedAt.plus(RATE_LIMIT_MINIMUM)) : next;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
