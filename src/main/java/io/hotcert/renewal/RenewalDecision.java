package io.hotcert.renewal;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether the certificate should be renewed now, why, and (when it is not due) from when on it will be.
 */
public record RenewalDecision(boolean due, String reason, Optional<Instant> renewAt) {

    static RenewalDecision dueNow(String reason) {
        return new RenewalDecision(true, reason, Optional.empty());
    }
}
