package io.hotcert.renewal;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * When to try again after the n-th failure in a row, so that neither a broken CA, a broken
 * configuration nor a daemon restarting in a loop makes hotcert hammer the CA, while a board that
 * merely has no network yet is not kept waiting for hours once it has.
 *
 * <p>The delay ceiling starts at one minute and doubles with each failure, up to a cap that
 * matches the harm: four hours after failures the CA saw (counting only those), five minutes
 * after failures that sent it nothing (no name resolution, no connection, no TLS handshake). The
 * actual delay is drawn uniformly from [ceiling/2, ceiling] ("equal jitter"): random enough that
 * a fleet of boards that failed together does not come back together, and, unlike full jitter
 * over [0, ceiling], never close to zero. A permanent failure backs off the same way: it may be
 * fixed without hotcert noticing (a DNS record, a firewall), and retrying slowly costs nothing.
 *
 * <p>The CA's word comes on top: the next attempt is never before its Retry-After, and a rate
 * limit without one waits at least an hour, since a limit counted per hour or week is not lifted
 * by the next minute. A failed validation waits at least {@link #VALIDATION_SPACING}, which keeps
 * within Let's Encrypt's 5 failed validations per name per hour whatever the count.
 */
public final class RetryBackoff {

    public static final Duration FIRST = Duration.ofMinutes(1);
    public static final Duration CAP = Duration.ofHours(4);
    public static final Duration NOTHING_SENT_CAP = Duration.ofMinutes(5);
    public static final Duration RATE_LIMIT_MINIMUM = Duration.ofHours(1);
    public static final Duration VALIDATION_SPACING = Duration.ofMinutes(12);

    private final RandomGenerator random;

    public RetryBackoff(RandomGenerator random) {
        this.random = random;
    }

    /** The longest delay after the given number of failures in a row (at least 1) that the CA saw. */
    public Duration ceiling(int consecutiveFailures) {
        return ceiling(consecutiveFailures, CAP);
    }

    /** The shortest delay after the given number of failures in a row that the CA saw: half the ceiling. */
    public Duration floor(int consecutiveFailures) {
        return ceiling(consecutiveFailures).dividedBy(2);
    }

    /**
     * @param consecutiveFailures   failures in a row, this one included
     * @param consecutiveCaFailures those of them the CA saw; at least 1 unless this one sent it nothing
     */
    public Instant nextAttempt(Instant failedAt, int consecutiveFailures, int consecutiveCaFailures,
            RetryAdvice advice) {
        if (advice.harm() == RetryAdvice.Harm.NOTHING_SENT) {
            return failedAt.plus(delay(consecutiveFailures, NOTHING_SENT_CAP));
        }
        Instant next = failedAt.plus(delay(consecutiveCaFailures, CAP));
        if (advice.harm() == RetryAdvice.Harm.FAILED_VALIDATION) {
            next = later(next, failedAt.plus(VALIDATION_SPACING));
        }
        if (advice.retryAfter().isPresent()) {
            return later(next, advice.retryAfter().get());
        }
        return advice.rateLimited() ? later(next, failedAt.plus(RATE_LIMIT_MINIMUM)) : next;
    }

    private static Duration ceiling(int consecutiveFailures, Duration cap) {
        if (consecutiveFailures < 1) {
            throw new IllegalArgumentException("consecutive failures must be at least 1, was " + consecutiveFailures);
        }
        Duration ceiling = FIRST;
        for (int n = 1; n < consecutiveFailures && ceiling.compareTo(cap) < 0; n++) {
            ceiling = ceiling.multipliedBy(2);
        }
        return ceiling.compareTo(cap) < 0 ? ceiling : cap;
    }

    /** A delay drawn from [ceiling/2, ceiling], to the millisecond. */
    private Duration delay(int consecutiveFailures, Duration cap) {
        long ceiling = ceiling(consecutiveFailures, cap).toMillis();
        long floor = ceiling / 2;
        return Duration.ofMillis(floor + random.nextLong(ceiling - floor + 1));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
