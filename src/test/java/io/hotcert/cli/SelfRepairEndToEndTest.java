package io.hotcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.app.Wiring;
import io.hotcert.config.SettingsLoader;
import io.hotcert.crypto.Pem;
import io.hotcert.daemon.Daemon;
import io.hotcert.renewal.RenewalResult;
import io.hotcert.testing.EndToEnd;
import io.hotcert.testing.FreePort;
import io.hotcert.testing.PebbleExtension;
import io.hotcert.testing.ServesHttps;
import io.hotcert.testing.TestTls;

/**
 * A daemon restarted over a {@code live} link that was broken by hand serves a CA-issued
 * certificate again without a person: the newest archived set that passes the checks, or a new
 * one ordered from Pebble when there is none. A private key made readable by others is set back
 * to 0600, and {@code status} says so.
 */
@EndToEnd
@ServesHttps
class SelfRepairEndToEndTest {

    @RegisterExtension
    static final PebbleExtension CA = new PebbleExtension();

    @TempDir
    Path work;

    private final int httpsPort = FreePort.pick();
    private final int metricsPort = FreePort.pick();

    @Test
    void aDanglingLiveWithNothingArchivedLeadsToANewCertificateFromTheCa() throws Exception {
        Path config = config("repair1.example.test");
        RenewalResult.Renewed first = firstStart(config);
        deleteTree(first.stored().directory());

        Daemon restarted = daemon(config);
        try {
            var renewed = (RenewalResult.Renewed) restarted.start().get(60, TimeUnit.SECONDS);

            assertThat(renewed.certificate().serial()).isNotEqualTo(first.certificate().serial());
            assertThat(TestTls.servedSerial(httpsPort)).isEqualTo(serial(renewed));
            assertThat(Pem.readCertificates(work.resolve("storage/live/fullchain.pem")).get(1)
                    .getSubjectX500Principal().getName()).contains("Pebble");
        } finally {
            restarted.stop();
        }
    }

    @Test
    void aDanglingLiveFallsBackToTheNewestArchivedSetWithoutOrdering() throws Exception {
        Path config = config("repair2.example.test");
        RenewalResult.Renewed older = firstStart(config);
        RenewalResult.Renewed removed = renewForced(config);
        deleteTree(removed.stored().directory());

        assertARestartFallsBackTo(config, older);
    }

    @Test
    void aLiveSetWithAForeignKeyFallsBackToTheValidOlderSet() throws Exception {
        Path config = config("repair3.example.test");
        RenewalResult.Renewed older = firstStart(config);
        RenewalResult.Renewed broken = renewForced(config);
        Path otherKey = older.stored().privateKeyFile();
        Files.write(broken.stored().privateKeyFile(), Files.readAllBytes(otherKey));

        assertARestartFallsBackTo(config, older);
        assertThat(broken.stored().directory()).isDirectory();
    }

    @Test
    void aReloadOverABrokenLiveSetRefusesItThenServesTheValidOlderSet() throws Exception {
        Daemon daemon = daemon(config("repair7.example.test"));
        try {
            var older = (RenewalResult.Renewed) daemon.start().get(60, TimeUnit.SECONDS);
            var broken = (RenewalResult.Renewed) daemon.renewInBackground(true).get(60, TimeUnit.SECONDS);
            assertThat(TestTls.servedSerial(httpsPort)).isEqualTo(serial(broken));
            Files.write(broken.stored().privateKeyFile(), Files.readAllBytes(older.stored().privateKeyFile()));

            daemon.reload();

            assertThat(TestTls.servedSerial(httpsPort)).isEqualTo(serial(older));
            assertThat(Files.readSymbolicLink(work.resolve("storage/live")).getFileName().toString())
                    .isEqualTo(older.stored().id());
        } finally {
            daemon.stop();
        }
    }

    /** A restarted daemon serves {@code older}, orders nothing, and counts the fallback. */
    private void assertARestartFallsBackTo(Path config, RenewalResult.Renewed older) throws Exception {
        Daemon restarted = daemon(config);
        try {
            assertThat(restarted.start().get(60, TimeUnit.SECONDS)).isInstanceOf(RenewalResult.NotDue.class);

            assertThat(TestTls.servedSerial(httpsPort)).isEqualTo(serial(older));
            assertThat(Files.readSymbolicLink(work.resolve("storage/live")).getFileName().toString())
                    .isEqualTo(older.stored().id());
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).containsPattern("(?m)^hotcert_live_fallbacks_total 1$");
        } finally {
            restarted.stop();
        }
    }

    @Test
    void renewAndRenewForcedOverADanglingLiveOrderANewCertificate() throws Exception {
        Path config = config("repair4.example.test");
        deleteTree(firstStart(config).stored().directory());

        var renew = Cli.run("--config", config.toString(), "renew");

        assertThat(renew.exitCode()).as(renew.toString()).isZero();
        assertThat(renew.out()).contains("renewed (no certificate yet)");

        deleteTree(work.resolve("storage/live").toRealPath());
        var forced = Cli.run("--config", config.toString(), "renew", "--force");

        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(forced.out()).contains("renewed (no certificate yet)");
    }

    @Test
    void aKeyMadeReadableByOthersIsSetBackTo0600OnReloadAndStatusShowsIt() throws Exception {
        Path config = config("repair5.example.test");
        Daemon daemon = daemon(config);
        try {
            daemon.start().get(60, TimeUnit.SECONDS);
            Path key = work.resolve("storage/live/privkey.pem");
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

            daemon.reload();

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
            assertThat(warnings(config)).singleElement().asString().contains("mode 0644", "set it back to 0600");
            var text = Cli.run("--config", config.toString(), "status");
            assertThat(text.out()).as(text.toString()).containsPattern("WARNING: .*mode 0644.*set it back to 0600");
        } finally {
            daemon.stop();
        }
    }

    @Test
    void statusFromTheFilesWarnsOfAKeyOthersMayReadAndOnlyReads() throws Exception {
        Path config = config("repair6.example.test");
        firstStart(config);
        Path key = work.resolve("storage/live/privkey.pem");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));

        assertThat(warnings(config)).singleElement().asString().contains("group may access it (mode 0640)");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-r-----");
    }

    private static List<?> warnings(Path config) throws Exception {
        var status = Cli.run("--config", config.toString(), "status", "--json");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        return (List<?>) JsonUtil.parseJson(status.out()).get("warnings");
    }

    private RenewalResult.Renewed firstStart(Path config) throws Exception {
        Daemon daemon = daemon(config);
        try {
            return (RenewalResult.Renewed) daemon.start().get(60, TimeUnit.SECONDS);
        } finally {
            daemon.stop();
        }
    }

    private RenewalResult.Renewed renewForced(Path config) throws Exception {
        return (RenewalResult.Renewed) new Wiring(new SettingsLoader(Map.of()).load(config), Clock.systemUTC())
                .oneShotRenewal().renew(true);
    }

    private Daemon daemon(Path config) throws Exception {
        return new Wiring(new SettingsLoader(Map.of()).load(config), Clock.systemUTC()).daemon();
    }

    private Path config(String domain) throws Exception {
        Path site = Files.createDirectories(work.resolve("site"));
        return Files.writeString(work.resolve("hotcert.properties"),
                CA.pebble().configFor(domain, work.resolve("storage")) + String.join("\n",
                        "https.address=127.0.0.1",
                        "https.port=" + httpsPort,
                        "https.static-dir=" + site,
                        "metrics.address=127.0.0.1",
                        "metrics.port=" + metricsPort,
                        "server.drain-timeout=1s"));
    }

    private static BigInteger serial(RenewalResult.Renewed renewed) {
        return new BigInteger(renewed.certificate().serial(), 16);
    }

    private static void deleteTree(Path directory) throws Exception {
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }
}
