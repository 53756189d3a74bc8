package io.hotcert.renewal;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.hotcert.crypto.CertificateSummary;

/**
 * What holds a renewal back before the policy and the CA, and learns from its outcome: a clock
 * that cannot be right (a board that booted in 1970) judges nothing, a clock seen running ahead of
 * the CA's judges by the CA's time, the CA's renewal information is refreshed, and after failures
 * the next attempt waits as long as the persisted {@link AttemptHistory} says, also across restarts.
 */
public final class RenewalGuards {

    private final ClockSanity clockSanity;
    private final AttemptHistory history;
    private final RenewalPlanner planner;
    private final Clock clock;

    public RenewalGuards(ClockSanity clockSanity, AttemptHistory history, RenewalPlanner planner, Clock clock) {
        this.clockSanity = clockSanity;
        this.history = history;
        this.planner = planner;
        this.clock = clock;
    }

    /** How far the clock can be trusted to judge {@code current}; refreshes its renewal plan when it can. */
    ClockVerdict judgeClock(Optional<X509Certificate> leaf, Optional<CertificateSummary> current, String subject)
            throws IOException {
        clockSanity.forgetIfSetBack(clock.instant(), subject);
        ClockVerdict verdict = clockSanity.check(clock, current.map(CertificateSummary::notBefore));
        if (verdict.plausible()) {
            leaf.ifPresent(planner::refresh);
        }
        return verdict;
    }

    /** A postponement when failures before make this attempt wait; empty when it may start. */
    Optional<RenewalResult.Postponed> backoff(RenewalDecision decision) {
        return history.waitUntil(clock.instant()).map(wait -> new RenewalResult.Postponed(decision.reason()
                + ", but after " + history.consecutiveFailures() + " failed attempt(s) the next one waits until "
                + wait, Optional.of(wait)));
    }

    void started(Instant at) throws IOException {
        history.recordStart(at);
    }

    void failed(String step, String message, RetryAdvice advice) throws IOException {
        history.recordFailure(clock.instant(), step, message, advice);
    }

    /**
     * @param dueAlready whether the policy calls the new certificate due at once, by this clock
     * @param challenges the challenge types the CA validated for it, kept for {@code status}
     */
    void succeeded(Instant arrived, CertificateSummary summary, boolean dueAlready, String subject,
            List<String> challenges) throws IOException {
        history.recordSuccess(arrived, challenges);
        clockSanity.observeIssued(arrived, summary, dueAlready, subject);
    }
}
