package io.hotcert.renewal;

import java.time.Instant;
import java.util.Optional;

import org.shredzone.acme4j.exception.AcmeRateLimitedException;

import io.hotcert.acme.IssuanceException;
import io.hotcert.acme.IssuanceStep;

/**
 * What a failure says about when to come back, beyond the plain count of failures: what it cost
 * the CA, whether the CA was rate-limiting, and the time it named in Retry-After, if any.
 */
public record RetryAdvice(Harm harm, boolean rateLimited, Optional<Instant> retryAfter) {

    /** What a failed attempt cost the CA, which decides how soon the next one may come. */
    public enum Harm {
        /** No request reached the CA: its name did not resolve, the connection or the TLS handshake failed. */
        NOTHING_SENT,
        /** The CA saw requests: it answered with an error, or what it sent failed here. */
        CA_SAW,
        /** The CA tried to validate a name and failed, which Let's Encrypt limits to 5 per name per hour. */
        FAILED_VALIDATION
    }

    /**
     * A failure that says nothing about when to come back: a broken chain, a full disk, a crash.
     * It may have come after requests to the CA, so it is counted as one the CA saw.
     */
    public static final RetryAdvice NONE = new RetryAdvice(Harm.CA_SAW, false, Optional.empty());

    public static RetryAdvice of(IssuanceException e) {
        return new RetryAdvice(harm(e), rateLimited(e), e.retryAfter());
    }

    private static Harm harm(IssuanceException e) {
        if (!e.reachedCa()) {
            return Harm.NOTHING_SENT;
        }
        return e.step() == IssuanceStep.VALIDATION ? Harm.FAILED_VALIDATION : Harm.CA_SAW;
    }

    /**
     * IssuanceException does not say "rate-limited" itself yet; acme4j's exception for the
     * rateLimited problem type is the cause it wraps, so that is the one sure sign.
     */
    private static boolean rateLimited(IssuanceException e) {
        return e.getCause() instanceof AcmeRateLimitedException;
    }
}
