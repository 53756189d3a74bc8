package io.hotcert.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.crypto.KeyType;
import io.hotcert.crypto.CertificateSummary;
import io.hotcert.storage.AtomicFiles;
import io.hotcert.testing.CapturedLogs;
import io.hotcert.testing.MutableClock;
import io.hotcert.state.ClockAheadFile;
import io.hotcert.storage.StorageLayout;

class ClockSanityTest {

    private static final Instant BUILT = Instant.parse("2026-11-01T08:30:00Z");
    private static final Instant NOT_BEFORE = Instant.parse("2026-11-20T00:00:00Z");

    @TempDir
    Path storage;

    private ClockSanity sanity;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));

    @BeforeEach
    void sanity() {
        sanity = new ClockSanity(BUILT, new ClockAheadFile(storage, new AtomicFiles()));
    }

    private static CertificateSummary issued(Instant notBefore, Duration lifetime) {
        return new CertificateSummary(List.of("board1.example.test"), "5e7a1", "CN=Test CA", notBefore,
                notBefore.plus(lifetime), Optional.of(KeyType.EC_P256));
    }

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

    @Test
    void aCertificateThatArrivesSeventyDaysAfterItWasIssuedShowsAClockRunningAhead() {
        Instant caNow = Instant.parse("2026-11-21T12:00:00Z");
        clock.set(caNow.plus(Duration.ofDays(70)));

        try (var logs = new CapturedLogs()) {
            sanity.observeIssued(clock.instant(), issued(caNow, Duration.ofDays(90)), true, "board1.example.test");

            assertThat(logs.text()).contains("board1.example.test: the clock runs ahead by about 70 days");
        }
        ClockVerdict verdict = sanity.check(clock, Optional.of(caNow));
        assertThat(verdict.plausible()).isTrue();
        assertThat(verdict.judgedAt()).isEqualTo(caNow);
        assertThat(verdict.warning()).hasValueSatisfying(warning -> assertThat(warning)
                .startsWith("the clock runs ahead by about 70 days").contains("serial 5e7a1"));

        clock.set(clock.instant().plus(Duration.ofDays(3)));
        assertThat(sanity.check(clock, Optional.of(caNow)).judgedAt()).isEqualTo(caNow.plus(Duration.ofDays(3)));
    }

    @Test
    void aCertificateFromMinutesAgoOrBackdatedByAnHourShowsNothing() {
        Instant notBefore = clock.instant().minus(Duration.ofMinutes(59));

        sanity.observeIssued(clock.instant(), issued(notBefore, Duration.ofDays(6)), false, "board1.example.test");

        ClockVerdict verdict = sanity.check(clock, Optional.of(notBefore));
        assertThat(verdict.ahead()).isEmpty();
        assertThat(verdict.warning()).isEmpty();
        assertThat(verdict.judgedAt()).isEqualTo(clock.instant());
    }

    /** Fast enough to matter for a 6-day certificate, and less than a day: the share of the lifetime tells. */
    @Test
    void aSixDayCertificateThatIsAlreadyDueShowsAFewHoursAhead() {
        Instant notBefore = clock.instant().minus(Duration.ofHours(5));

        sanity.observeIssued(clock.instant(), issued(notBefore, Duration.ofDays(6)), true, "board1.example.test");

        assertThat(sanity.check(clock, Optional.of(notBefore)).warning()).hasValueSatisfying(
                warning -> assertThat(warning).startsWith("the clock runs ahead by about 5 hours"));
    }

    @Test
    void aClockSetBackIsBelievedAgainAndTheRecordIsForgotten() throws Exception {
        Instant caNow = clock.instant();
        Instant fast = caNow.plus(Duration.ofDays(70));
        sanity.observeIssued(fast, issued(caNow, Duration.ofDays(90)), true, "board1.example.test");
        clock.set(caNow.plus(Duration.ofHours(2)));

        assertThat(sanity.check(clock, Optional.of(caNow)).ahead()).isEmpty();
        sanity.forgetIfSetBack(clock.instant(), "board1.example.test");

        // Months later by the corrected clock, past the moment the record was made: it no longer holds.
        clock.set(fast.plus(Duration.ofDays(1)));
        assertThat(sanity.check(clock, Optional.of(caNow)).ahead()).isEmpty();
        assertThat(new StorageLayout(storage).clockAhead()).doesNotExist();
    }

    @Test
    void aCertificateThatAgreesAgainEndsTheRecord() {
        Instant caNow = clock.instant();
        sanity.observeIssued(caNow.plus(Duration.ofDays(70)), issued(caNow, Duration.ofDays(90)), true, "b");
        clock.set(caNow.plus(Duration.ofDays(75)));

        sanity.observeIssued(clock.instant(), issued(clock.instant(), Duration.ofDays(90)), false, "b");

        assertThat(sanity.check(clock, Optional.empty()).ahead()).isEmpty();
    }
}
