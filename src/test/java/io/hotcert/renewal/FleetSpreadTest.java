package io.hotcert.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.hotcert.crypto.KeyType;
import io.hotcert.config.RenewBefore;
import io.hotcert.crypto.CertificateSummary;
import io.hotcert.storage.AtomicFiles;
import io.hotcert.state.ClockAheadFile;

/**
 * A fleet flashed from one image whose certificates were all issued in the same minute, by a CA
 * without renewal information: where the lifetime rule puts each board's renewal.
 */
class FleetSpreadTest {

    private static final int BOARDS = 10_000;
    private static final Instant ISSUED = Instant.parse("2026-12-01T00:00:00Z");
    private static final List<String> DOMAINS = List.of("board.example.test");

    @TempDir
    static Path storage;

    private static RenewalPolicy policy(RenewalJitter jitter) {
        return new RenewalPolicy(Clock.fixed(ISSUED, ZoneOffset.UTC), RenewBefore.parse("33%"), DOMAINS,
                KeyType.EC_P256, RenewalPlans.NONE, jitter,
                new ClockSanity(Instant.EPOCH, new ClockAheadFile(storage, new AtomicFiles())));
    }

    private static CertificateSummary certificate(String serial, Instant notBefore, Duration lifetime) {
        return new CertificateSummary(DOMAINS, serial, "CN=Test CA", notBefore, notBefore.plus(lifetime),
                Optional.of(KeyType.EC_P256));
    }

    /** Each board's seed as {@code CheckSchedule} picks it at its first start; each serial as a CA gives it. */
    private static List<Instant> renewalMoments(Duration lifetime, boolean jittered) {
        var fleet = new SplittableRandom(15);
        var moments = new ArrayList<Instant>();
        for (int board = 0; board < BOARDS; board++) {
            RenewalJitter jitter = jittered ? RenewalJitter.of(fleet.nextLong()) : RenewalJitter.NONE;
            var cert = certificate(Long.toHexString(fleet.nextLong()), ISSUED.plusMillis(fleet.nextLong(60_000)),
                    lifetime);
            moments.add(policy(jitter).decide(Optional.of(cert)).renewAt().orElseThrow());
        }
        return moments;
    }

    private static long busiest(List<Instant> moments, ChronoUnit unit) {
        Map<Instant, Long> counts = moments.stream()
                .collect(Collectors.groupingBy(at -> at.truncatedTo(unit), Collectors.counting()));
        return Collections.max(counts.values());
    }

    private static Duration span(List<Instant> moments) {
        return Duration.between(Collections.min(moments), Collections.max(moments));
    }

    @ParameterizedTest(name = "{0}-day certificates spread over at least {1} hours")
    @CsvSource({"90, 24", "6, 6"})
    void tenThousandBoardsWithCertificatesFromTheSameMinuteRenewSpreadOver(int days, int atLeastHours) {
        Duration lifetime = Duration.ofDays(days);

        List<Instant> before = renewalMoments(lifetime, false);
        List<Instant> after = renewalMoments(lifetime, true);

        System.out.printf("%d boards, %d-day certificates issued within one minute: without jitter %s span, busiest"
                + " minute %d; with jitter %s span (%s to %s), busiest minute %d, busiest hour %d%n", BOARDS, days,
                span(before), busiest(before, ChronoUnit.MINUTES), span(after), Collections.min(after),
                Collections.max(after), busiest(after, ChronoUnit.MINUTES), busiest(after, ChronoUnit.HOURS));
        assertThat(span(before)).isLessThan(Duration.ofMinutes(1));
        assertThat(span(after)).isGreaterThanOrEqualTo(Duration.ofHours(atLeastHours));
        assertThat(busiest(after, ChronoUnit.MINUTES)).as("renewals in the busiest minute").isLessThan(BOARDS / 100);
        Instant earliest = ISSUED.plus(lifetime.multipliedBy(67).dividedBy(100));
        Instant latest = ISSUED.plus(Duration.ofMinutes(1))
                .plus(lifetime.multipliedBy(100 - 33 * 3 / 4).dividedBy(100));
        assertThat(after).allSatisfy(at -> assertThat(at).isBetween(earliest, latest));
    }

    @Test
    void aBoardKeepsItsMomentForOneCertificateAndDrawsAnotherForTheNext() {
        var jitter = RenewalJitter.of(42);
        Function<String, Instant> moment = serial -> policy(jitter)
                .decide(Optional.of(certificate(serial, ISSUED, Duration.ofDays(90)))).renewAt().orElseThrow();

        assertThat(moment.apply("1a2b")).isEqualTo(moment.apply("1a2b"));
        assertThat(moment.apply("1a2c")).isNotEqualTo(moment.apply("1a2b"));
    }
}
