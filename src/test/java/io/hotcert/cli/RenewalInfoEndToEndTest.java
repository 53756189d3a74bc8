package io.hotcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.acme.CertificateIds;
import io.hotcert.app.Wiring;
import io.hotcert.config.SettingsLoader;
import io.hotcert.crypto.Pem;
import io.hotcert.daemon.Daemon;
import io.hotcert.renewal.RenewalResult;
import io.hotcert.testing.AcmeFront;
import io.hotcert.testing.AcmeFront.NewOrder;
import io.hotcert.testing.EndToEnd;
import io.hotcert.testing.PebbleExtension;

/**
 * ACME Renewal Information through the whole of {@code hotcert renew} and {@code status}: real
 * HTTPS, real orders and HTTP-01 validation at Pebble. Pebble 2.4 has no renewalInfo resource, so
 * {@link AcmeFront} in front of it serves one (the windows are the front's, the certificates and
 * their IDs Pebble's) and looks at each new order's {@code replaces} on its way to Pebble.
 */
@EndToEnd
class RenewalInfoEndToEndTest {

    @RegisterExtension
    static final PebbleExtension CA = new PebbleExtension();

    @TempDir
    Path work;

    private AcmeFront front;

    @BeforeEach
    void startFront() throws IOException {
        front = AcmeFront.start(CA.pebble(), work);
    }

    @AfterEach
    void stopFront() {
        front.close();
    }

    private Path config(String domain) throws IOException {
        return Files.writeString(work.resolve("hotcert.properties"),
                front.configFor(CA.pebble(), domain, work.resolve("storage")) + "https.port=0\nrenew.before-expiry=33%\n");
    }

    /** The first certificate, then a window that says "now": it ended a moment ago. */
    private X509Certificate firstCertificateThenAWindowThatHasCome(Path config) throws IOException {
        X509Certificate first = firstCertificate(config);
        front.offerRenewalInfo(Instant.now().minus(Duration.ofDays(1)), Instant.now().minusSeconds(1),
                Duration.ofHours(6));
        return first;
    }

    private Cli.Result renew(Path config) {
        return Cli.run("--config", config.toString(), "renew");
    }

    private X509Certificate live() throws IOException {
        return Pem.readCertificates(work.resolve("storage/live/cert.pem")).get(0);
    }

    private X509Certificate firstCertificate(Path config) throws IOException {
        var first = renew(config);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        return live();
    }

    @Test
    void aWindowThatHasComeRenewsAndTheOrderNamesTheCertificateItReplaces() throws Exception {
        Path config = config("ari1.example.test");
        X509Certificate first = firstCertificateThenAWindowThatHasCome(config);
        String firstId = CertificateIds.of(first).orElseThrow();

        var result = renew(config);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("renewed (the CA suggests renewing between");
        assertThat(live().getSerialNumber()).isNotEqualTo(first.getSerialNumber());
        assertThat(front.renewalInfoRequests()).containsExactly(firstId);
        assertThat(front.orders()).containsExactly(new NewOrder(Optional.empty(), true),
                new NewOrder(Optional.of(firstId), true));
    }

    @Test
    void whenTheCaRefusesReplacesTheOrderIsSentOnceMoreWithout() throws Exception {
        Path config = config("ari2.example.test");
        X509Certificate first = firstCertificateThenAWindowThatHasCome(config);
        String firstId = CertificateIds.of(first).orElseThrow();
        front.answerOrders(AcmeFront.Orders.REJECT_REPLACES);

        var result = renew(config);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(live().getSerialNumber()).isNotEqualTo(first.getSerialNumber());
        assertThat(front.orders()).containsExactly(new NewOrder(Optional.empty(), true),
                new NewOrder(Optional.of(firstId), false), new NewOrder(Optional.empty(), true));
    }

    @Test
    void theDaemonRenewsAtTheMomentPlannedInAShortWindowWithoutWaitingForItsSchedule() throws Exception {
        Path config = config("ari4.example.test");
        Daemon daemon = new Wiring(new SettingsLoader(Map.of()).load(config), Clock.systemUTC()).daemon();
        daemon.start().get(60, TimeUnit.SECONDS);
        try {
            X509Certificate first = live();
            Instant start = Instant.now().plusSeconds(2);
            Instant end = start.plusSeconds(2);
            front.offerRenewalInfo(start, end, Duration.ofHours(6));

            var check = (RenewalResult.NotDue) daemon.renewInBackground(false).get(60, TimeUnit.SECONDS);
            assertThat(check.decision().renewAt()).hasValueSatisfying(at -> assertThat(at).isBetween(start, end));

            Instant deadline = Instant.now().plusSeconds(60);
            while (live().equals(first) && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertThat(live()).as("renewed by the daemon on its own").isNotEqualTo(first);
            assertThat(front.orders()).last().isEqualTo(new NewOrder(CertificateIds.of(first), true));
        } finally {
            daemon.stop();
        }
    }

    @Test
    void aWindowLaterThanTheLifetimeRuleHoldsRenewalOffAndStatusShowsTheMomentInIt() throws Exception {
        Path config = config("ari3.example.test");
        X509Certificate first = firstCertificate(config);
        // More than Pebble's 5-year lifetime: the lifetime rule alone says "due".
        Files.writeString(config, Files.readString(config).replace("renew.before-expiry=33%",
                "renew.before-expiry=3650d"));
        assertThat(Cli.run("--config", config.toString(), "status").out()).as("the lifetime rule alone")
                .contains("renewal:     due now: ");
        Instant start = Instant.now().plus(Duration.ofDays(10)).truncatedTo(ChronoUnit.SECONDS);
        Instant end = start.plus(Duration.ofDays(2));
        front.offerRenewalInfo(start, end, Duration.ofHours(6));

        var result = renew(config);
        var again = renew(config);
        var status = Cli.run("--config", config.toString(), "status", "--json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("not due: the CA suggests renewing between " + start + " and " + end);
        assertThat(again.out()).isEqualTo(result.out());
        assertThat(live()).isEqualTo(first);
        assertThat(front.orders()).hasSize(1);
        assertThat(front.renewalInfoRequests()).as("asked once; the second check is before Retry-After").hasSize(1);
        Map<String, Object> json = JsonUtil.parseJson(status.out());
        assertThat(json.get("renewalDue")).isEqualTo(false);
        assertThat(Instant.parse((String) json.get("renewAt"))).isBetween(start, end);
    }
}
