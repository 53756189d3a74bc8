package io.hotcert.renewal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One renewal attempt as the attempt history keeps it.
 *
 * @param step which step failed ("order", "HTTP-01 validation", "store", ...); empty on success
 * @param message a short, single-line account of the failure; empty on success
 * @param nextAttemptAt the earliest time for the next attempt; empty after a success
 * @param consecutiveFailures failures in a row up to and including this attempt; 0 after a success
 * @param consecutiveCaFailures those of them the CA saw: failures that sent it nothing neither count
 *                            nor end the run, since they say nothing about the CA
 * @param challenges after a success, the challenge types the CA validated for the new certificate
 *                   (see {@code acme.Issued}); empty otherwise, when the CA reused valid
 *                   authorizations, and in files from before it was kept
 */
public record Attempt(Instant at, Outcome outcome, Optional<String> step, Optional<String> message,
        Optional<Instant> nextAttemptAt, int consecutiveFailures, int consecutiveCaFailures, List<String> challenges) {

    public Attempt {
        challenges = List.copyOf(challenges);
    }

    public enum Outcome {
        SUCCEEDED,
        FAILED,
        /** Started but never finished: the daemon stopped, crashed or lost power during it. */
        INTERRUPTED
    }

    public boolean failed() {
        return outcome != Outcome.SUCCEEDED;
    }
}
