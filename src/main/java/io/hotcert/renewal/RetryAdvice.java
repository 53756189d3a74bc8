package io.hotcert.renewal;

import java.time.Instant;
import java.util.Optional;

import org.shredzone.acme4j.exception.AcmeRateLimitedException;

import io.hotcert.acme.IssuanceException;

/**
 * What a failure says about when to come back, beyond the plain count of failures: whether the
 * CA was rate-limiting, and the time it named in Retry-After, if any.
 */
public record RetryAdvice(boolean rateLimited, Optional<Instant> retryAfter) {

    /** A failure that says nothing about when to come back: a broken chain, a full disk, a crash. */
    public static final RetryAdvice NONE = new RetryAdvice(false, Optional.empty());

    public static RetryAdvice of(IssuanceException e) {
        return new RetryAdvice(rateLimited(e), e.retryAfter());
    }

    /**
     * IssuanceException does not say "rate-limited" itself yet; acme4j's exception for the
     * rateLimited problem type is the cause it wraps, so that is the one sure sign.
     */
    private static boolean rateLimited(IssuanceException e) {
        return e.getCause() instanceof AcmeRateLimitedException;
    }
}
