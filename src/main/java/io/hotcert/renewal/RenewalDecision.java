package io.hotcert.renewal;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether the certificate should be renewed now, why, and (when it is not due) from when on it
 * will be.
 *
 * @param reason  why, in the time expiry is judged by ({@link ClockVerdict#judgedAt()})
 * @param renewAt when this board's clock will read the moment of renewal: with a clock that runs
 *                ahead, the CA's moment plus the difference, so that a timer on this clock waits for it
 * @param clock   what the clock was judged to be; its warning says when it held the decision back or changed it
 */
public record RenewalDecision(boolean due, String reason, Optional<Instant> renewAt, ClockVerdict clock) {

    static RenewalDecision dueNow(String reason, ClockVerdict clock) {
        return new RenewalDecision(true, reason, Optional.empty(), clock);
    }
}
