package io.hotcert.renewal;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether the clock could be right.
 *
 * @param problem why it cannot, for one log line; empty when it is plausible
 */
public record ClockVerdict(Instant now, Optional<String> problem) {

    public boolean plausible() {
        return problem.isEmpty();
    }
}
