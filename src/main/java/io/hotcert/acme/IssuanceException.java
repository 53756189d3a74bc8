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
    private final boolean reachedCa;

    /** A failure the CA saw, or that came after it answered. */
    public IssuanceException(IssuanceStep step, String message, boolean temporary, Instant retryAfter, Throwable cause) {
        this(step, message, temporary, retryAfter, cause, true);
    }

    /** @param reachedCa false when no request got to the CA: the name did not resolve, the connection or TLS failed */
    public IssuanceException(IssuanceStep step, String message, boolean temporary, Instant retryAfter, Throwable cause,
            boolean reachedCa) {
        super(step + " failed: " + message, cause);
        this.step = step;
        this.temporary = temporary;
        this.retryAfter = retryAfter;
        this.reachedCa = reachedCa;
    }

    public IssuanceStep step() {
        return step;
    }

    /** True when the same attempt may succeed later without any change here (exit code 75). */
    public boolean isTemporary() {
        return temporary;
    }

    /** Whether a request of this attempt may have reached the CA; one that did not cost it nothing. */
    public boolean reachedCa() {
        return reachedCa;
    }

    /** When the CA asked us to come back, if it said. */
    public Optional<Instant> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
