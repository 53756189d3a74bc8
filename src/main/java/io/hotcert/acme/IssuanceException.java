package io.hotcert.acme;

import java.time.Instant;
import java.util.Optional;

/**
 * Obtaining a certificate failed. Says at which step, and whether trying again later may work
 * (the CA was unreachable, overloaded or rate-limiting) or a person must change something first.
 */
public class IssuanceException extends Exception {

    private final IssuanceStep step;
    private final boolean temporary;
    private final Instant retryAfter;

    public IssuanceException(IssuanceStep step, String message, boolean temporary, Instant retryAfter, Throwable cause) {
        super(step + " failed: " + message, cause);
        this.step = step;
        this.temporary = temporary;
        this.retryAfter = retryAfter;
    }

    public IssuanceStep step() {
        return step;
    }

    /** True when the same attempt may succeed later without any change here (exit code 75). */
    public boolean isTemporary() {
        return temporary;
    }

    /** When the CA asked us to come back, if it said. */
    public Optional<Instant> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
