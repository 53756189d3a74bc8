package io.hotcert.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.acme.CertificateIds;
import io.hotcert.acme.RenewalInfoSource;
import io.hotcert.acme.SuggestedWindow;
import io.hotcert.crypto.KeyType;
import io.hotcert.crypto.KeyPairFactory;
import io.hotcert.crypto.SelfSignedCertificates;
import io.hotcert.storage.AtomicFiles;
import io.hotcert.testing.CapturedLogs;
import io.hotcert.testing.MutableClock;
import io.hotcert.testing.TestCa;
import io.hotcert.state.RenewalInfoFile;

/**
 * The plan kept from the CA's renewal information, with a stand-in for the CA's renewalInfo
 * resource (the real request is shown against Pebble behind a front in RenewalInfoEndToEndTest).
 * Every planner is made anew from storage.dir, as a restarted daemon would.
 */
class RenewalPlannerTest {

    private static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");
    private static final List<String> DOMAINS = List.of("board1.example.test");

    @TempDir
    Path storage;

    private final MutableClock clock = new MutableClock(T0);
    private final TestCa ca = TestCa.root("Planner Root");
    private final KeyPairFactory keys = new KeyPairFactory();
    private final X509Certificate leaf = leaf();

    /** The CA's renewalInfo resource: answers {@link #answer}, or fails with {@link #failure}; counts the requests. */
    private final class StandInCa implements RenewalInfoSource {
        Optional<SuggestedWindow> answer = Optional.empty();
        Optional<IOException> failure = Optional.empty();
        int fetches;

        @Override
        public Optional<SuggestedWindow> fetch(X509Certificate certificate) throws IOException {
            fetches++;
            if (failure.isPresent()) {
                throw failure.get();
            }
            return answer;
        }
    }

    private final StandInCa renewalInfo = new StandInCa();

    private X509Certificate leaf() {
        return ca.leaf(keys.generate(KeyType.EC_P256).getPublic(), DOMAINS, T0.minus(Duration.ofDays(1)),
                T0.plus(Duration.ofDays(89)));
    }

    private RenewalInfoFile file() {
        return new RenewalInfoFile(storage, new AtomicFiles());
    }

    private RenewalPlanner planner(long seed) {
        return new RenewalPlanner(renewalInfo, file(), clock, new SplittableRandom(seed));
    }

    private static SuggestedWindow window(Duration fromT0, Duration toT0, Optional<Instant> retryAfter) {
        return new SuggestedWindow(T0.plus(fromT0), T0.plus(toT0), retryAfter, Optional.empty());
    }

    private RenewalPlan plan() {
        return file().load().flatMap(RenewalInfoAnswer::plan)
                .orElseThrow(() -> new AssertionError("no plan in " + file().file()));
    }

    @Test
    void aMomentIsPickedInTheWindowAndKeptWhileTheWindowStaysTheSame() {
        renewalInfo.answer = Optional.of(window(Duration.ofDays(10), Duration.ofDays(12), Optional.empty()));

        planner(1).refresh(leaf);
        RenewalPlan first = plan();
        clock.advance(Duration.ofDays(1));
        planner(2).refresh(leaf);

        assertThat(renewalInfo.fetches).isEqualTo(2);
        assertThat(first.renewAt()).isBetween(T0.plus(Duration.ofDays(10)), T0.plus(Duration.ofDays(12)));
        assertThat(first.certificateId()).isEqualTo(CertificateIds.of(leaf).orElseThrow());
        assertThat(first.serial()).isEqualTo(leaf.getSerialNumber().toString(16));
        assertThat(plan().renewAt()).isEqualTo(first.renewAt());
        assertThat(plan().nextCheck()).isEqualTo(clock.instant().plus(RenewalPlanner.DEFAULT_RECHECK));
    }

    @Test
    void theMomentsAreSpreadOverTheWindow() throws IOException {
        renewalInfo.answer = Optional.of(window(Duration.ofDays(10), Duration.ofDays(12), Optional.empty()));
        var moments = new TreeSet<Instant>();
        for (long seed = 0; seed < 20; seed++) {
            Files.deleteIfExists(file().file());
            planner(seed).refresh(leaf);
            moments.add(plan().renewAt());
        }

        assertThat(moments).hasSize(20);
        assertThat(moments.first()).isBefore(T0.plus(Duration.ofDays(11)));
        assertThat(moments.last()).isAfter(T0.plus(Duration.ofDays(11)));
    }

    @Test
    void aChangedWindowGetsANewMomentInIt() {
        renewalInfo.answer = Optional.of(window(Duration.ofDays(60), Duration.ofDays(62), Optional.empty()));
        planner(1).refresh(leaf);
        renewalInfo.answer = Optional.of(window(Duration.ofHours(10), Duration.ofHours(20), Optional.empty()));
        clock.advance(Duration.ofHours(7));

        planner(1).refresh(leaf);

        assertThat(plan().windowStart()).isEqualTo(T0.plus(Duration.ofHours(10)));
        assertThat(plan().renewAt()).isBetween(T0.plus(Duration.ofHours(10)), T0.plus(Duration.ofHours(20)));
    }

    @Test
    void theCaIsAskedAgainOnlyAfterItsRetryAfter() {
        Instant retryAfter = T0.plus(Duration.ofHours(3));
        renewalInfo.answer = Optional.of(window(Duration.ofDays(10), Duration.ofDays(12), Optional.of(retryAfter)));

        planner(1).refresh(leaf);
        clock.set(retryAfter.minusSeconds(1));
        planner(1).refresh(leaf);
        assertThat(renewalInfo.fetches).isEqualTo(1);

        clock.set(retryAfter);
        planner(1).refresh(leaf);
        assertThat(renewalInfo.fetches).isEqualTo(2);
    }

    @Test
    void retryAfterIsHeldBetweenAnHourAndADay() {
        renewalInfo.answer = Optional.of(window(Duration.ofDays(10), Duration.ofDays(12),
                Optional.of(T0.plusSeconds(5))));
        planner(1).refresh(leaf);
        assertThat(plan().nextCheck()).isEqualTo(T0.plus(Duration.ofHours(1)));

        clock.advance(Duration.ofHours(1));
        renewalInfo.answer = Optional.of(window(Duration.ofDays(10), Duration.ofDays(12),
                Optional.of(T0.plus(Duration.ofDays(30)))));
        planner(1).refresh(leaf);
        assertThat(plan().nextCheck()).isEqualTo(clock.instant().plus(Duration.ofDays(1)));
    }

    @Test
    void aNewCertificateIsAskedAboutAtOnce() {
        renewalInfo.answer = Optional.of(window(Duration.ofDays(10), Duration.ofDays(12), Optional.empty()));
        planner(1).refresh(leaf);
        X509Certificate renewed = leaf();

        planner(1).refresh(renewed);

        assertThat(renewalInfo.fetches).isEqualTo(2);
        assertThat(plan().serial()).isEqualTo(renewed.getSerialNumber().toString(16));
    }

    @Test
    void aWindowThatHasPassedPlansNow() {
        renewalInfo.answer = Optional.of(window(Duration.ofDays(-3), Duration.ofDays(-1), Optional.empty()));

        planner(1).refresh(leaf);

        assertThat(plan().renewAt()).isEqualTo(T0);
    }

    @Test
    void aCaThatStopsOfferingRenewalInformationLeavesNoPlan() {
        renewalInfo.answer = Optional.of(window(Duration.ofDays(10), Duration.ofDays(12), Optional.empty()));
        planner(1).refresh(leaf);
        renewalInfo.answer = Optional.empty();
        clock.advance(Duration.ofDays(1));

        planner(1).refresh(leaf);

        assertThat(file().planFor(leaf.getSerialNumber().toString(16))).isEmpty();
        assertThat(file().load()).containsInstanceOf(RenewalInfoAnswer.NoWindow.class);
    }

    @Test
    void aCaWithoutRenewalInformationIsAskedAgainOnlyAfterSixHoursEvenAcrossRestarts() {
        planner(1).refresh(leaf);
        clock.advance(RenewalPlanner.DEFAULT_RECHECK.minusSeconds(1));
        planner(2).refresh(leaf);
        planner(3).refresh(leaf);
        assertThat(renewalInfo.fetches).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        renewalInfo.answer = Optional.of(window(Duration.ofDays(10), Duration.ofDays(12), Optional.empty()));
        planner(4).refresh(leaf);

        assertThat(renewalInfo.fetches).isEqualTo(2);
        assertThat(plan().windowStart()).isEqualTo(T0.plus(Duration.ofDays(10)));
    }

    @Test
    void aNewCertificateIsAskedAboutAtOnceEvenWhenTheCaHadNoRenewalInformation() {
        planner(1).refresh(leaf);

        planner(1).refresh(leaf());

        assertThat(renewalInfo.fetches).isEqualTo(2);
    }

    @Test
    void aFailedFetchKeepsThePlanAndWarnsOnce() {
        renewalInfo.answer = Optional.of(window(Duration.ofDays(10), Duration.ofDays(12), Optional.empty()));
        planner(1).refresh(leaf);
        RenewalPlan kept = plan();
        renewalInfo.failure = Optional.of(new IOException("https://ca.example.test/renewal-info/x: HTTP 500"));
        var planner = planner(1);

        try (var logs = new CapturedLogs()) {
            for (int check = 0; check < 3; check++) {
                clock.advance(Duration.ofDays(1));
                planner.refresh(leaf);
            }
            assertThat(logs.text().split("cannot get the CA's renewal information", -1)).hasSize(2);
            assertThat(logs.text()).contains("keeping the plan from " + kept.windowStart());
        }
        assertThat(renewalInfo.fetches).isEqualTo(4);
        assertThat(plan()).isEqualTo(kept);
    }

    @Test
    void aCertificateWithoutAuthorityKeyIdentifierIsNeverAskedAbout() {
        var selfSigned = new SelfSignedCertificates(clock)
                .create(keys.generate(KeyType.EC_P256), DOMAINS, Duration.ofDays(30)).leaf();

        planner(1).refresh(selfSigned);

        assertThat(renewalInfo.fetches).isZero();
    }
}
