package io.hotcert.status;

import io.hotcert.storage.AtomicFiles;
import io.hotcert.renewal.RenewalJitter;
import io.hotcert.state.ClockAheadFile;
import io.hotcert.renewal.ClockSanity;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.Test;

import io.hotcert.crypto.KeyType;
import io.hotcert.config.RenewBefore;
import io.hotcert.renewal.Attempt;
import io.hotcert.renewal.RenewalPlans;
import io.hotcert.renewal.RenewalPolicy;
import io.hotcert.storage.AccountRecord;
import io.hotcert.testing.MutableClock;
import io.hotcert.tls.TlsEngine;

/** The text and the JSON of {@code hotcert status} carry the same attempt history, schedule and warnings. */
@SuppressWarnings("unchecked") // JSON objects and arrays as jose4j parses them
class StatusReportTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final Instant FAILED_AT = Instant.parse("2026-11-21T11:00:00Z");
    private static final Instant RETRY_AT = Instant.parse("2026-11-21T13:00:00Z");
    private static final Instant NEXT_CHECK = Instant.parse("2026-11-21T17:48:25Z");
    private static final Path CONFIG = Path.of("/etc/hotcert/hotcert.properties");
    private static final Instant CONFIG_LOADED_AT = Instant.parse("2026-09-02T10:15:30.123456789Z");

    @TempDir
    static Path storage;

    private final RenewalPolicy policy = new RenewalPolicy(new MutableClock(NOW), new RenewBefore.Share(33),
            List.of("board.example.test"), KeyType.EC_P256, RenewalPlans.NONE, RenewalJitter.NONE,
            new ClockSanity(Instant.EPOCH, new ClockAheadFile(storage, new AtomicFiles())));

    private static final Instant SUCCEEDED_AT = Instant.parse("2026-09-01T05:00:00Z");

    private StatusReport afterAFailure() throws Exception {
        var failed = new Attempt(FAILED_AT, Attempt.Outcome.FAILED, Optional.of("order"),
                Optional.of("order failed: the CA cannot be reached"), Optional.of(RETRY_AT), 2, 2, List.of());
        return withAttempts(failed, succeeded(SUCCEEDED_AT, "dns-01"));
    }

    private static Attempt succeeded(Instant at, String... challenges) {
        return new Attempt(at, Attempt.Outcome.SUCCEEDED, Optional.empty(), Optional.empty(), Optional.empty(), 0, 0,
                List.of(challenges));
    }

    /** @param attempts newest first */
    private StatusReport withAttempts(Attempt... attempts) throws Exception {
        var account = new AccountRecord(URI.create("https://ca.example.test/dir"),
                URI.create("https://ca.example.test/acct/7").toURL(), Optional.of(URI.create("https://ca.example.test/tos-1")),
                Optional.of(URI.create("https://ca.example.test/tos-2")));
        return new StatusReport(Optional.empty(), List.of("board.example.test"), Path.of("/var/lib/hotcert/live"),
                Optional.empty(), Optional.empty(), policy.decide(Optional.empty()), Optional.of(NEXT_CHECK),
                "by renew.schedule \"25 48 5,17 * * ?\" once the daemon runs; it is not running now", Optional.of(RETRY_AT),
                List.of(attempts), false, Optional.of(account), true, Optional.empty(), CONFIG, Optional.empty(),
                List.of("the CA's terms of service changed"));
    }

    @Test
    void theTextShowsTheScheduleTheBackoffAndEachAttemptNewestFirst() throws Exception {
        String text = afterAFailure().text();

        assertThat(text).startsWith("answered:    from the files; the daemon is not running")
                .contains("renew at:    due now; after failures, not before " + RETRY_AT,
                        "next check:  " + NEXT_CHECK + " (by renew.schedule \"25 48 5,17 * * ?\" once the daemon runs;",
                        "account:     https://ca.example.test/acct/7 at https://ca.example.test/dir",
                        "terms:       https://ca.example.test/tos-1 (agreed)",
                        "attempts:    newest first\n  " + FAILED_AT + " failed at order; order failed: the CA cannot be"
                                + " reached; next attempt not before " + RETRY_AT + "\n  2026-09-01T05:00:00Z succeeded",
                        "WARNING:     the CA's terms of service changed");
    }

    @Test
    void theChallengeShownIsTheOneTheLastSuccessfulRenewalWasValidatedBy() throws Exception {
        StatusReport report = afterAFailure();

        assertThat(report.text()).contains("challenge:   dns-01 (last renewal, " + SUCCEEDED_AT + ")");
        assertThat(report.json()).containsEntry("lastChallenge", "dns-01");
    }

    @Test
    void aRenewalOnAuthorizationsStillValidLeavesTheChallengeThatValidatedThemShown() throws Exception {
        Instant reused = SUCCEEDED_AT.plus(Duration.ofDays(30));
        StatusReport report = withAttempts(succeeded(reused), succeeded(SUCCEEDED_AT, "dns-01", "http-01"));

        assertThat(report.text()).contains("challenge:   dns-01, http-01 (renewal at " + SUCCEEDED_AT
                + "; later ones reused its authorizations)");
        assertThat(report.json()).containsEntry("lastChallenge", "dns-01,http-01");
    }

    @Test
    void withoutARecordedChallengeThereIsNoLineAndTheJsonSaysNull() throws Exception {
        StatusReport report = withAttempts(succeeded(SUCCEEDED_AT));

        assertThat(report.text()).doesNotContain("challenge:");
        assertThat(report.json()).containsEntry("lastChallenge", null);
    }

    @Test
    void anAttemptTheDaemonIsStillRunningIsShownAsRunningNotInterrupted() throws Exception {
        var started = new Attempt(NOW, Attempt.Outcome.INTERRUPTED, Optional.empty(),
                Optional.of("hotcert stopped before the attempt finished"), Optional.of(RETRY_AT), 1, 1, List.of());
        var report = new StatusReport(Optional.of(4242L), List.of("board.example.test"), Path.of("/var/lib/hotcert/live"),
                Optional.empty(), Optional.empty(), policy.decide(Optional.empty()), Optional.empty(), "none planned",
                Optional.empty(), List.of(started), true, Optional.empty(), true, Optional.of(TlsEngine.OPENSSL), CONFIG,
                Optional.of(CONFIG_LOADED_AT), List.of());

        assertThat(report.text()).contains("answered:    from the daemon (pid 4242)", "  " + NOW + " running",
                        "TLS engine:  openssl", "config:      " + CONFIG + " (loaded 2026-09-02T10:15:30Z)")
                .doesNotContain("interrupted", "hotcert stopped");
        assertThat(report.json()).containsEntry("tlsEngine", "openssl").containsEntry("configFile", CONFIG.toString())
                .containsEntry("configLoadedAt", CONFIG_LOADED_AT.toString());
        assertThat((List<Map<String, Object>>) report.json().get("attempts")).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("outcome", "running").containsEntry("error", null)
                        .containsEntry("nextAttemptAt", null));
    }

    @Test
    void theJsonCarriesTheSameAndParses() throws Exception {
        Map<String, Object> json = JsonUtil.parseJson(JsonUtil.toJson(afterAFailure().json()));

        assertThat(json).containsEntry("answeredBy", "files").containsEntry("daemonPid", null)
                .containsEntry("renewalDue", true).containsEntry("nextCheck", NEXT_CHECK.toString())
                .containsEntry("nextAttemptNotBefore", RETRY_AT.toString()).containsEntry("certificate", null)
                .containsEntry("tlsEngine", null);
        List<Map<String, Object>> attempts = (List<Map<String, Object>>) json.get("attempts");
        assertThat(attempts.get(0)).containsEntry("at", FAILED_AT.toString()).containsEntry("outcome", "failed")
                .containsEntry("step", "order").containsEntry("error", "order failed: the CA cannot be reached")
                .containsEntry("nextAttemptAt", RETRY_AT.toString()).containsEntry("consecutiveFailures", 2L);
        assertThat(attempts.get(1)).containsEntry("outcome", "succeeded").containsEntry("step", null);
        assertThat((Map<String, Object>) json.get("account")).containsEntry("url", "https://ca.example.test/acct/7")
                .containsEntry("termsOfServiceSeen", "https://ca.example.test/tos-2");
        assertThat((List<String>) json.get("warnings")).containsExactly("the CA's terms of service changed");
    }

    @Test
    void theTextGivesTimesToTheSecondAndTheJsonInFull() throws Exception {
        Instant at = Instant.parse("2026-12-06T22:55:55.123456789Z");
        Instant next = Instant.parse("2026-12-07T03:17:09.5Z");
        var failed = new Attempt(at, Attempt.Outcome.FAILED, Optional.of("order"), Optional.of("the CA said no"),
                Optional.of(next), 1, 1, List.of());
        var report = new StatusReport(Optional.empty(), List.of("board.example.test"), Path.of("/var/lib/hotcert/live"),
                Optional.empty(), Optional.empty(), policy.decide(Optional.empty()), Optional.of(next), "planned",
                Optional.of(next), List.of(failed), false, Optional.empty(), true, Optional.empty(), CONFIG,
                Optional.empty(), List.of("renewal planned at 2026-12-08T01:02:03.456Z"));

        assertThat(report.text()).contains("after failures, not before 2026-12-07T03:17:09Z",
                        "WARNING:     renewal planned at 2026-12-08T01:02:03Z",
                        "next check:  2026-12-07T03:17:09Z (planned)",
                        "  2026-12-06T22:55:55Z failed at order; the CA said no; next attempt not before 2026-12-07T03:17:09Z")
                .doesNotContain(".123", ".5Z");
        assertThat(report.json()).containsEntry("nextCheck", "2026-12-07T03:17:09.500Z");
        assertThat((List<Map<String, Object>>) report.json().get("attempts")).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("at", "2026-12-06T22:55:55.123456789Z"));
    }

    @Test
    void anAccountRecordThatCannotBeReadIsNotShownAsNoneRegistered() {
        var report = new StatusReport(Optional.empty(), List.of("board.example.test"), Path.of("/var/lib/hotcert/live"),
                Optional.empty(), Optional.empty(), policy.decide(Optional.empty()), Optional.empty(), "none planned",
                Optional.empty(), List.of(), false, Optional.empty(), false, Optional.empty(), CONFIG, Optional.empty(),
                List.of("account record unreadable: cannot read /var/lib/hotcert/account/account.properties: denied"));

        assertThat(report.text()).contains("account:     unknown: the record cannot be read (see the warning)",
                "WARNING:     account record unreadable: cannot read /var/lib/hotcert/account/account.properties")
                .doesNotContain("none registered");
    }
}
