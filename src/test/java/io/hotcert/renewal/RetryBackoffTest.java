package io.hotcert.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.toolbox.JSON;

import io.hotcert.acme.IssuanceException;
import io.hotcert.acme.IssuanceStep;

class RetryBackoffTest {

    private static final Instant FAILED_AT = Instant.parse("2026-11-21T12:00:00Z");

    private final RetryBackoff backoff = new RetryBackoff(new SplittableRandom(42));

    @Test
    void theCeilingDoublesFromOneMinuteUpToFourHours() {
        long[] minutes = new long[12];
        for (int n = 1; n <= 12; n++) {
            minutes[n - 1] = backoff.ceiling(n).toMinutes();
        }

        assertThat(minutes).containsExactly(1, 2, 4, 8, 16, 32, 64, 128, 240, 240, 240, 240);
        assertThat(backoff.ceiling(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void eachDelayOfTheSequenceIsWithinHalfTheCeilingAndTheCeiling() {
        for (int n = 1; n <= 12; n++) {
            Instant next = backoff.nextAttempt(FAILED_AT, n, RetryAdvice.NONE);

            assertThat(Duration.between(FAILED_AT, next)).as("delay after %d failures", n)
                    .isBetween(backoff.ceiling(n).dividedBy(2), backoff.ceiling(n));
        }
    }

    @ParameterizedTest(name = "after {0} failures")
    @ValueSource(ints = {1, 4, 9, 12})
    void overManySeedsTheDelaysSpanTheJitterRangeAndStayInsideIt(int failures) {
        Duration floor = backoff.floor(failures);
        Duration ceiling = backoff.ceiling(failures);
        Duration min = ceiling;
        Duration max = Duration.ZERO;
        for (long seed = 0; seed < 2000; seed++) {
            Duration delay = new RetryBackoff(new SplittableRandom(seed)).delay(failures);
            min = delay.compareTo(min) < 0 ? delay : min;
            max = delay.compareTo(max) > 0 ? delay : max;
        }

        assertThat(min).isGreaterThanOrEqualTo(floor).isLessThan(floor.plus(ceiling.minus(floor).dividedBy(50)));
        assertThat(max).isLessThanOrEqualTo(ceiling).isGreaterThan(ceiling.minus(ceiling.minus(floor).dividedBy(50)));
    }

    @Test
    void theSameSeedGivesTheSameDelays() {
        var a = new RetryBackoff(new SplittableRandom(7));
        var b = new RetryBackoff(new SplittableRandom(7));

        for (int n = 1; n <= 12; n++) {
            assertThat(a.delay(n)).isEqualTo(b.delay(n));
        }
    }

    /** A rate limit's own minimum gives way to the CA's word: it knows when its limit lifts. */
    @ParameterizedTest(name = "rate-limited: {0}, Retry-After in {1} minutes")
    @CsvSource({"false, 360", "true, 360", "true, 10"})
    void aRetryAfterLaterThanTheBackoffIsWhenTheNextAttemptIs(boolean rateLimited, long minutes) {
        Instant retryAfter = FAILED_AT.plus(Duration.ofMinutes(minutes));

        Instant next = backoff.nextAttempt(FAILED_AT, 1, new RetryAdvice(rateLimited, Optional.of(retryAfter)));

        assertThat(next).isEqualTo(retryAfter);
    }

    @Test
    void aRetryAfterEarlierThanTheBackoffDoesNotShortenIt() {
        Instant retryAfter = FAILED_AT.plusSeconds(5);

        Instant next = backoff.nextAttempt(FAILED_AT, 8, new RetryAdvice(true, Optional.of(retryAfter)));

        assertThat(Duration.between(FAILED_AT, next)).isGreaterThanOrEqualTo(backoff.floor(8));
    }

    @Test
    void aRateLimitWithoutRetryAfterWaitsAtLeastAnHour() {
        Instant next = backoff.nextAttempt(FAILED_AT, 1, new RetryAdvice(true, Optional.empty()));

        assertThat(next).isEqualTo(FAILED_AT.plus(RetryBackoff.RATE_LIMIT_MINIMUM));
        assertThat(backoff.nextAttempt(FAILED_AT, 12, new RetryAdvice(true, Optional.empty())))
                .isAfterOrEqualTo(FAILED_AT.plus(backoff.floor(12)));
    }

    @Test
    void aPermanentFailureBacksOffLikeATemporaryOne() {
        var permanent = new IssuanceException(IssuanceStep.ORDER, "rejectedIdentifier", false, null, null);

        RetryAdvice advice = RetryAdvice.of(permanent);

        assertThat(advice).isEqualTo(RetryAdvice.NONE);
        assertThat(Duration.between(FAILED_AT, backoff.nextAttempt(FAILED_AT, 3, advice)))
                .isBetween(backoff.floor(3), backoff.ceiling(3));
    }

    @Test
    void adviceFromTheCaCarriesTheRateLimitAndItsRetryAfter() throws Exception {
        Instant retryAfter = FAILED_AT.plus(Duration.ofHours(3));
        var problem = new Problem(JSON.parse("{\"type\":\"urn:ietf:params:acme:error:rateLimited\","
                + "\"detail\":\"too many certificates\"}"), URI.create("https://ca.example.test/acme/order").toURL());
        var limited = new IssuanceException(IssuanceStep.ORDER, "rate-limited", true, retryAfter,
                new AcmeRateLimitedException(problem, retryAfter, null));
        var unreachable = new IssuanceException(IssuanceStep.ORDER, "unreachable", true, null, null);

        assertThat(RetryAdvice.of(limited)).isEqualTo(new RetryAdvice(true, Optional.of(retryAfter)));
        assertThat(RetryAdvice.of(unreachable)).isEqualTo(RetryAdvice.NONE);
    }
}
