package io.hotcert.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    private static final RetryAdvice NOTHING_SENT = new RetryAdvice(RetryAdvice.Harm.NOTHING_SENT, false,
            Optional.empty());
    private static final RetryAdvice FAILED_VALIDATION = new RetryAdvice(RetryAdvice.Harm.FAILED_VALIDATION, false,
            Optional.empty());

    private final RetryBackoff backoff = new RetryBackoff(new SplittableRandom(42));

    /** The delay after {@code failures} in a row, all seen by the CA and saying nothing more. */
    private static Duration delay(RetryBackoff backoff, int failures) {
        return Duration.between(FAILED_AT, backoff.nextAttempt(FAILED_AT, failures, failures, RetryAdvice.NONE));
    }

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
            assertThat(delay(backoff, n)).as("delay after %d failures", n)
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
            Duration delay = delay(new RetryBackoff(new SplittableRandom(seed)), failures);
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
            assertThat(delay(a, n)).isEqualTo(delay(b, n));
        }
    }

    /** A rate limit's own minimum gives way to the CA's word: it knows when its limit lifts. */
    @ParameterizedTest(name = "rate-limited: {0}, Retry-After in {1} minutes")
    @CsvSource({"false, 360", "true, 360", "true, 10"})
    void aRetryAfterLaterThanTheBackoffIsWhenTheNextAttemptIs(boolean rateLimited, long minutes) {
        Instant retryAfter = FAILED_AT.plus(Duration.ofMinutes(minutes));

        Instant next = backoff.nextAttempt(FAILED_AT, 1, 1,
                new RetryAdvice(RetryAdvice.Harm.CA_SAW, rateLimited, Optional.of(retryAfter)));

        assertThat(next).isEqualTo(retryAfter);
    }

    @Test
    void aRetryAfterEarlierThanTheBackoffDoesNotShortenIt() {
        Instant retryAfter = FAILED_AT.plusSeconds(5);

        Instant next = backoff.nextAttempt(FAILED_AT, 8, 8,
                new RetryAdvice(RetryAdvice.Harm.CA_SAW, true, Optional.of(retryAfter)));

        assertThat(Duration.between(FAILED_AT, next)).isGreaterThanOrEqualTo(backoff.floor(8));
    }

    @Test
    void aRateLimitWithoutRetryAfterWaitsAtLeastAnHour() {
        var limited = new RetryAdvice(RetryAdvice.Harm.CA_SAW, true, Optional.empty());
        Instant next = backoff.nextAttempt(FAILED_AT, 1, 1, limited);

        assertThat(next).isEqualTo(FAILED_AT.plus(RetryBackoff.RATE_LIMIT_MINIMUM));
        assertThat(backoff.nextAttempt(FAILED_AT, 12, 12, limited))
                .isAfterOrEqualTo(FAILED_AT.plus(backoff.floor(12)));
    }

    @Test
    void aPermanentFailureBacksOffLikeATemporaryOne() {
        var permanent = new IssuanceException(IssuanceStep.ORDER, "rejectedIdentifier", false, null, null);

        RetryAdvice advice = RetryAdvice.of(permanent);

        assertThat(advice).isEqualTo(RetryAdvice.NONE);
        assertThat(Duration.between(FAILED_AT, backoff.nextAttempt(FAILED_AT, 3, 3, advice)))
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

        assertThat(RetryAdvice.of(limited))
                .isEqualTo(new RetryAdvice(RetryAdvice.Harm.CA_SAW, true, Optional.of(retryAfter)));
        assertThat(RetryAdvice.of(unreachable)).isEqualTo(RetryAdvice.NONE);
    }

    @Test
    void adviceSaysWhatTheFailureCostTheCa() {
        var refused = new IssuanceException(IssuanceStep.ORDER, "connection refused", true, null, null, false);
        var invalid = new IssuanceException(IssuanceStep.VALIDATION, "the CA could not validate", false, null, null);

        assertThat(RetryAdvice.of(refused).harm()).isEqualTo(RetryAdvice.Harm.NOTHING_SENT);
        assertThat(RetryAdvice.of(invalid).harm()).isEqualTo(RetryAdvice.Harm.FAILED_VALIDATION);
    }

    /** No network yet, for hours: once it is there, the next try is minutes away, not hours. */
    @Test
    void failuresThatSentTheCaNothingRetryWithinFiveMinutesHoweverMany() {
        for (int n = 1; n <= 100; n++) {
            Duration delay = Duration.between(FAILED_AT, backoff.nextAttempt(FAILED_AT, n, 0, NOTHING_SENT));

            assertThat(delay).as("delay after %d failures that reached no CA", n)
                    .isBetween(Duration.ofSeconds(30), RetryBackoff.NOTHING_SENT_CAP);
        }
    }

    @Test
    void aFailureTheCaSawAfterManyThatReachedNoCaBacksOffAsTheFirst() {
        Duration delay = Duration.between(FAILED_AT, backoff.nextAttempt(FAILED_AT, 40, 1, RetryAdvice.NONE));

        assertThat(delay).isBetween(backoff.floor(1), backoff.ceiling(1));
    }

    /** Let's Encrypt allows 5 failed validations per name per hour; the backoff's first steps are far shorter. */
    @Test
    void failedValidationsStayWithinFivePerHourWhateverTheJitter() {
        for (long seed = 0; seed < 500; seed++) {
            var jittered = new RetryBackoff(new SplittableRandom(seed));
            var attempts = new ArrayList<Instant>();
            attempts.add(FAILED_AT);
            for (int n = 1; n < 12; n++) {
                attempts.add(jittered.nextAttempt(attempts.get(n - 1), n, n, FAILED_VALIDATION));
            }
            for (Instant start : attempts) {
                long inHour = attempts.stream()
                        .filter(at -> !at.isBefore(start) && at.isBefore(start.plus(Duration.ofHours(1)))).count();
                assertThat(inHour).as("failed validations in the hour from %s, seed %d", start, seed)
                        .isLessThanOrEqualTo(5);
            }
        }
    }
}
