package io.hotcert.renewal;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether the clock could be right, and by which time expiry is judged.
 *
 * @param problem why it cannot be right, for one log line; empty when it is plausible
 * @param ahead   how far it ran ahead of the CA's clock when the newest certificate arrived; while
 *                it still does, expiry is judged by the CA's time instead
 */
public record ClockVerdict(Instant now, Optional<String> problem, Optional<ClockAhead> ahead) {

    /** A clock taken as it is, e.g. where nothing is known about it yet. */
    public static ClockVerdict trusted(Instant now) {
        return new ClockVerdict(now, Optional.empty(), Optional.empty());
    }

    /** Expiry can be judged at all: not so when the clock is before what is known to have happened. */
    public boolean plausible() {
        return problem.isEmpty();
    }

    /** The time to judge expiry by when the verdict was given: the CA's, as far as the last certificate told it. */
    public Instant judgedAt() {
        return caTime(now);
    }

    /** The CA's time when this clock reads {@code at}. */
    public Instant caTime(Instant at) {
        return ahead.map(a -> at.minus(a.by())).orElse(at);
    }

    /** What holds a decision back or changes it, for status and the log; it always names the clock. */
    public Optional<String> warning() {
        if (problem.isPresent()) {
            return Optional.of(problem.get() + ": not judging expiry until the clock is plausible");
        }
        return ahead.map(a -> a.describe() + "; renewal is judged by the CA's time until the clock is right");
    }
}
