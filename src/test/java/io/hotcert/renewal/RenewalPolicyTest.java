package io.hotcert.renewal;

import io.hotcert.storage.AtomicFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.hotcert.crypto.KeyType;
import io.hotcert.config.RenewBefore;
import io.hotcert.crypto.CertificateSummary;
import io.hotcert.state.ClockAheadFile;

class RenewalPolicyTest {

    private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<String> DOMAINS = List.of("board1.example.test", "www.board1.example.test");

    private static CertificateSummary cert(Duration lifetime, List<String> names, KeyType type) {
        return new CertificateSummary(names, "1a2b", "CN=Test CA", ISSUED, ISSUED.plus(lifetime), Optional.of(type));
    }

    @TempDir
    static Path storage;

    private static RenewalPolicy policyAt(Instant now, String renewBefore) {
        return new RenewalPolicy(Clock.fixed(now, ZoneOffset.UTC), RenewBefore.parse(renewBefore), DOMAINS,
                KeyType.EC_P256, RenewalPlans.NONE, RenewalJitter.NONE, trustedClock());
    }

    /** No build time to be before, no record of the clock running ahead. */
    private static ClockSanity trustedClock() {
        return new ClockSanity(Instant.EPOCH, new ClockAheadFile(storage, new AtomicFiles()));
    }

    /** With 33%, renewal starts when two thirds of the lifetime have passed, whatever the lifetime. */
    @ParameterizedTest(name = "{0}-day certificate renews from {1} h after issuance")
    @CsvSource({"90, 1447.2", "45, 723.6", "6, 96.48"})
    void shareOfLifetimeRenewsAtTwoThirds(int days, double renewAfterHours) {
        var cert = cert(Duration.ofDays(days), DOMAINS, KeyType.EC_P256);
        Instant renewAt = ISSUED.plusMillis((long) (renewAfterHours * 3_600_000));

        RenewalDecision before = policyAt(renewAt.minusSeconds(1), "33%").decide(Optional.of(cert));
        RenewalDecision at = policyAt(renewAt, "33%").decide(Optional.of(cert));

        assertThat(before.due()).isFalse();
        assertThat(before.renewAt()).contains(renewAt);
        assertThat(at.due()).as(at.reason()).isTrue();
        assertThat(at.reason()).contains("less than 33% of the lifetime left");
    }

    @Test
    void fixedDurationBeforeExpiry() {
        var cert = cert(Duration.ofDays(90), DOMAINS, KeyType.EC_P256);
        Instant expiry = ISSUED.plus(Duration.ofDays(90));

        assertThat(policyAt(expiry.minus(Duration.ofDays(30)).minusSeconds(1), "30d").decide(Optional.of(cert)).due())
                .isFalse();
        RenewalDecision due = policyAt(expiry.minus(Duration.ofDays(30)), "30d").decide(Optional.of(cert));
        assertThat(due.due()).isTrue();
        assertThat(due.reason()).contains("less than 30d left");
    }

    @Test
    void anExpiredCertificateIsDue() {
        var cert = cert(Duration.ofDays(90), DOMAINS, KeyType.EC_P256);

        assertThat(policyAt(ISSUED.plus(Duration.ofDays(100)), "33%").decide(Optional.of(cert)).due()).isTrue();
    }

    @Test
    void noCertificateIsDue() {
        RenewalDecision decision = policyAt(ISSUED, "33%").decide(Optional.empty());

        assertThat(decision.due()).isTrue();
        assertThat(decision.reason()).isEqualTo("no certificate yet");
    }

    @Test
    void otherNamesAreDueEvenWhenFresh() {
        var cert = cert(Duration.ofDays(90), List.of("board1.example.test"), KeyType.EC_P256);

        RenewalDecision decision = policyAt(ISSUED.plusSeconds(60), "33%").decide(Optional.of(cert));

        assertThat(decision.due()).isTrue();
        assertThat(decision.reason()).contains("covers [board1.example.test]").contains("www.board1.example.test");
    }

    @Test
    void sameNamesInAnotherOrderAreNotDue() {
        var cert = cert(Duration.ofDays(90), List.of("www.board1.example.test", "board1.example.test"), KeyType.EC_P256);

        assertThat(policyAt(ISSUED.plusSeconds(60), "33%").decide(Optional.of(cert)).due()).isFalse();
    }

    @Test
    void anotherKeyTypeIsDue() {
        var cert = cert(Duration.ofDays(90), DOMAINS, KeyType.RSA_2048);

        RenewalDecision decision = policyAt(ISSUED.plusSeconds(60), "33%").decide(Optional.of(cert));

        assertThat(decision.due()).isTrue();
        assertThat(decision.reason()).contains("rsa-2048").contains("ec-p256");
    }

    private static RenewalPolicy policyAt(Instant now, RenewalPlan plan) {
        return new RenewalPolicy(Clock.fixed(now, ZoneOffset.UTC), RenewBefore.parse("33%"), DOMAINS,
                KeyType.EC_P256, serial -> Optional.of(plan).filter(p -> p.serial().equals(serial)), RenewalJitter.NONE,
                trustedClock());
    }

    /** A plan for the "1a2b" certificate of {@link #cert}, renewing at {@code renewAt} in the window. */
    private static RenewalPlan plan(Instant windowStart, Instant windowEnd, Instant renewAt) {
        return new RenewalPlan("aki.GivE", "1a2b", windowStart, windowEnd, renewAt, windowStart, Optional.empty());
    }

    @Test
    void aWindowBeforeTheLifetimeRuleRenewsEarlier() {
        var cert = cert(Duration.ofDays(90), DOMAINS, KeyType.EC_P256);
        // Two thirds of 90 days is day 60; the CA wants it gone by day 12 (say, a key compromise).
        Instant renewAt = ISSUED.plus(Duration.ofDays(11));
        var ari = plan(ISSUED.plus(Duration.ofDays(10)), ISSUED.plus(Duration.ofDays(12)), renewAt);

        RenewalDecision before = policyAt(renewAt.minusSeconds(1), ari).decide(Optional.of(cert));
        RenewalDecision at = policyAt(renewAt, ari).decide(Optional.of(cert));

        assertThat(before.due()).isFalse();
        assertThat(before.renewAt()).contains(renewAt);
        assertThat(at.due()).isTrue();
        assertThat(at.reason()).contains("the CA suggests renewing between " + ISSUED.plus(Duration.ofDays(10)));
    }

    @Test
    void aWindowAfterTheLifetimeRuleRenewsLater() {
        var cert = cert(Duration.ofDays(90), DOMAINS, KeyType.EC_P256);
        Instant lifetimeRule = ISSUED.plus(Duration.ofDays(60));
        Instant renewAt = ISSUED.plus(Duration.ofDays(70));
        var ari = plan(ISSUED.plus(Duration.ofDays(65)), ISSUED.plus(Duration.ofDays(75)), renewAt);

        RenewalDecision atLifetimeRule = policyAt(lifetimeRule.plus(Duration.ofDays(1)), ari).decide(Optional.of(cert));

        assertThat(atLifetimeRule.due()).as(atLifetimeRule.reason()).isFalse();
        assertThat(atLifetimeRule.renewAt()).contains(renewAt);
        assertThat(atLifetimeRule.reason()).contains("renewal planned at " + renewAt);
        assertThat(policyAt(renewAt, ari).decide(Optional.of(cert)).due()).isTrue();
    }

    @Test
    void aWindowThatHasPassedIsDue() {
        var cert = cert(Duration.ofDays(90), DOMAINS, KeyType.EC_P256);
        Instant end = ISSUED.plus(Duration.ofDays(75));
        var ari = plan(ISSUED.plus(Duration.ofDays(65)), end, end.minusSeconds(1));

        assertThat(policyAt(end.plusSeconds(1), ari).decide(Optional.of(cert)).due()).isTrue();
    }

    @Test
    void aMomentAfterExpiryIsIgnoredForTheLifetimeRule() {
        var cert = cert(Duration.ofDays(90), DOMAINS, KeyType.EC_P256);
        var ari = plan(ISSUED.plus(Duration.ofDays(95)), ISSUED.plus(Duration.ofDays(99)),
                ISSUED.plus(Duration.ofDays(96)));

        assertThat(policyAt(ISSUED.plus(Duration.ofDays(61)), ari).decide(Optional.of(cert)).due()).isTrue();
    }

    @Test
    void aPlanForAnotherCertificateIsIgnored() {
        var cert = cert(Duration.ofDays(90), DOMAINS, KeyType.EC_P256);
        var otherCertificates = new RenewalPlan("aki.OTHER", "ffff", ISSUED, ISSUED.plusSeconds(60), ISSUED,
                ISSUED, Optional.empty());

        RenewalDecision decision = policyAt(ISSUED.plus(Duration.ofDays(1)), otherCertificates)
                .decide(Optional.of(cert));

        assertThat(decision.due()).isFalse();
        assertThat(decision.renewAt()).contains(ISSUED.plusMillis((long) (1447.2 * 3_600_000)));
    }

    @Test
    void wrongNamesAreDueWhateverTheWindowSays() {
        var cert = cert(Duration.ofDays(90), List.of("board1.example.test"), KeyType.EC_P256);
        var ari = plan(ISSUED.plus(Duration.ofDays(65)), ISSUED.plus(Duration.ofDays(75)),
                ISSUED.plus(Duration.ofDays(70)));

        assertThat(policyAt(ISSUED.plusSeconds(60), ari).decide(Optional.of(cert)).due()).isTrue();
    }

    @Test
    void humanDurationReadsAtAGlance() {
        assertThat(RenewalPolicy.humanDuration(Duration.ofDays(12).plusHours(3).plusMinutes(9))).isEqualTo("12d 3h");
        assertThat(RenewalPolicy.humanDuration(Duration.ofHours(5).plusMinutes(20))).isEqualTo("5h 20m");
        assertThat(RenewalPolicy.humanDuration(Duration.ofDays(-2).minusHours(1))).isEqualTo("-2d 1h");
    }
}
