package io.hotcert.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.hotcert.testing.MutableClock;

class ClockSanityTest {

    private static final Instant BUILT = Instant.parse("2026-11-01T08:30:00Z");
    private static final Instant NOT_BEFORE = Instant.parse("2026-11-20T00:00:00Z");

    private final ClockSanity sanity = new ClockSanity(BUILT);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));

    @Test
    void aBoardThatBootedIn1970IsNotBelieved() {
        clock.set(Instant.EPOCH.plusSeconds(5));

        ClockVerdict verdict = sanity.check(clock, Optional.of(NOT_BEFORE));

        assertThat(verdict.plausible()).isFalse();
        assertThat(verdict.now()).isEqualTo(Instant.EPOCH.plusSeconds(5));
        assertThat(verdict.problem()).contains("clock says 1970-01-01T00:00:05Z, before this build (2026-11-01T08:30:00Z)");
    }

    @Test
    void aClockBeforeTheBuildIsNotBelievedEvenWithoutACertificate() {
        clock.set(BUILT.minus(Duration.ofDays(2)));

        assertThat(sanity.check(clock, Optional.empty()).problem()).hasValueSatisfying(
                problem -> assertThat(problem).contains("before this build"));
    }

    @Test
    void aClockBeforeTheStoredCertificateWasValidIsNotBelieved() {
        // The image's build date: after this program's build, before the certificate was issued.
        clock.set(Instant.parse("2026-11-10T00:00:00Z"));

        ClockVerdict verdict = sanity.check(clock, Optional.of(NOT_BEFORE));

        assertThat(verdict.plausible()).isFalse();
        assertThat(verdict.problem()).contains(
                "clock says 2026-11-10T00:00:00Z, before the stored certificate's notBefore (2026-11-20T00:00:00Z)");
    }

    @Test
    void aClockAfterBothBoundsIsPlausible() {
        ClockVerdict verdict = sanity.check(clock, Optional.of(NOT_BEFORE));

        assertThat(verdict.plausible()).isTrue();
        assertThat(verdict.problem()).isEmpty();
        assertThat(verdict.now()).isEqualTo(clock.instant());
        assertThat(sanity.check(clock, Optional.empty()).plausible()).isTrue();
    }

    @Test
    void aClockALittleBehindTheBuildMachineOrTheCaIsPlausible() {
        clock.set(BUILT.minus(ClockSanity.TOLERANCE));
        assertThat(sanity.check(clock, Optional.empty()).plausible()).isTrue();

        clock.set(NOT_BEFORE.minus(ClockSanity.TOLERANCE));
        assertThat(sanity.check(clock, Optional.of(NOT_BEFORE)).plausible()).isTrue();

        clock.set(NOT_BEFORE.minus(ClockSanity.TOLERANCE).minusSeconds(1));
        assertThat(sanity.check(clock, Optional.of(NOT_BEFORE)).plausible()).isFalse();
    }
}
