package io.hotcert.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.cli.Cli;
import io.hotcert.testing.DaemonProcess;
import io.hotcert.testing.EndToEnd;
import io.hotcert.testing.FreePort;
import io.hotcert.testing.PebbleExtension;
import io.hotcert.testing.ServesHttps;
import io.hotcert.testing.TestTls;
import io.hotcert.testing.TlsPass;

/**
 * {@code hotcert status} and {@code renew --dry-run} against a running daemon in its own process
 * (which holds the HTTP-01 port), and {@code status} from the files once it has stopped.
 */
@SuppressWarnings("unchecked") // JSON objects and arrays as jose4j parses them
@EndToEnd
@ServesHttps
class DaemonControlEndToEndTest {

    @RegisterExtension
    static final PebbleExtension CA = new PebbleExtension();

    private static final String DOMAIN = "control.example.test";
    private static final Duration STARTUP = Duration.ofSeconds(60);

    @TempDir
    Path work;

    private final int httpsPort = FreePort.pick();
    private Path config;

    private DaemonProcess start() throws Exception {
        Path site = Files.createDirectories(work.resolve("site"));
        Files.writeString(site.resolve("index.html"), "hello");
        Path marker = work.resolve("hook-ran");
        config = Files.writeString(work.resolve("hotcert.properties"),
                CA.pebble().configFor(DOMAIN, work.resolve("storage")) + String.join("\n",
                "https.address=127.0.0.1",
                "https.port=" + httpsPort,
                "https.static-dir=" + site,
                "hooks.deploy=sh -c 'echo \"$HOTCERT_SERIAL\" >> " + marker + "'",
                ""));
        var daemon = DaemonProcess.run(config, work.resolve("daemon.log"));
        daemon.awaitLog("HTTPS serves renewed live set", STARTUP);
        daemon.awaitLog("deploy hook sh finished", Duration.ofSeconds(20));
        return daemon;
    }

    private Cli.Result hotcert(String... args) {
        var all = new java.util.ArrayList<>(List.of("--config", config.toString()));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void statusComesFromTheDaemonWithItsNextCheckAndHistoryThenFromTheFilesOnceItStopped() throws Exception {
        try (var daemon = start()) {
            var forced = hotcert("renew", "--force");
            assertThat(forced.exitCode()).as(forced.toString()).isZero();
            BigInteger served = TestTls.servedSerial(httpsPort);

            var text = hotcert("status");
            var json = hotcert("status", "--json");

            assertThat(text.exitCode()).as(text.toString()).isZero();
            assertThat(text.out()).startsWith("answered:    from the daemon (pid ")
                    .contains("serial:      " + served.toString(16), "next check:  ", "(planned by the running daemon)",
                            "attempts:    newest first", " succeeded", "challenge:   http-01 (")
                    .containsPattern("account: +https://127\\.0\\.0\\.1:\\d+/my-account/");
            assertThat(json.exitCode()).as(json.toString()).isZero();
            Map<String, Object> status = JsonUtil.parseJson(json.out());
            assertThat(status).containsEntry("answeredBy", "daemon").containsEntry("renewalDue", false)
                    .containsEntry("lastChallenge", "http-01")
                    .containsEntry("tlsEngine", TlsPass.expectedEngine().toString());
            assertThat(status.get("daemonPid")).isInstanceOf(Long.class);
            assertThat(status.get("nextCheck")).isNotNull();
            assertThat((Map<String, Object>) status.get("certificate")).containsEntry("serial", served.toString(16));
            List<Map<String, Object>> attempts = (List<Map<String, Object>>) status.get("attempts");
            assertThat(attempts).hasSize(2).allSatisfy(a -> assertThat(a).containsEntry("outcome", "succeeded"));

            daemon.signal("TERM");
            assertThat(daemon.awaitExit(Duration.ofSeconds(20))).hasValue(0);
            var fromFiles = hotcert("status");
            assertThat(fromFiles.exitCode()).as(fromFiles.toString()).isZero();
            assertThat(fromFiles.out()).startsWith("answered:    from the files; the daemon is not running")
                    .contains("serial:      " + served.toString(16), "once the daemon runs; it is not running now",
                            "attempts:    newest first");
        }
    }

    @Test
    void aDryRunGoesThroughTheDaemonAndTouchesNeitherLiveNorTheAccountNorTheHook() throws Exception {
        try (var daemon = start()) {
            Path storage = work.resolve("storage");
            Path liveTarget = Files.readSymbolicLink(storage.resolve("live"));
            byte[] accountKey = Files.readAllBytes(storage.resolve("account/privkey.pem"));
            byte[] accountRecord = Files.readAllBytes(storage.resolve("account/account.properties"));
            byte[] history = Files.readAllBytes(storage.resolve("state/renewal.json"));
            String hookRuns = Files.readString(work.resolve("hook-ran"));
            BigInteger served = TestTls.servedSerial(httpsPort);

            int logBefore = daemon.log().length();

            var result = hotcert("renew", "--dry-run");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).contains("the running daemon (pid ", "dry run against " + CA.pebble().directory()
                    + ": issued serial ", "for " + DOMAIN, "live/, the account and the hook were not touched");
            assertThat(Files.readSymbolicLink(storage.resolve("live"))).isEqualTo(liveTarget);
            assertThat(Files.readAllBytes(storage.resolve("account/privkey.pem"))).isEqualTo(accountKey);
            assertThat(Files.readAllBytes(storage.resolve("account/account.properties"))).isEqualTo(accountRecord);
            assertThat(Files.readAllBytes(storage.resolve("state/renewal.json"))).isEqualTo(history);
            assertThat(Files.readString(work.resolve("hook-ran"))).isEqualTo(hookRuns);
            assertThat(TestTls.servedSerial(httpsPort)).isEqualTo(served);
            assertThat(daemon.log().lines().filter(line -> line.contains("HTTPS serves renewed live set")))
                    .as("swaps").hasSize(1);
            // The journald format: priority, level, logger, then the message. Set IDs are timestamps, so
            // the trial's may equal the real one's: what must not appear is the real storage directory.
            assertThat(daemon.log().substring(logBefore).lines()).as("the dry run's log lines")
                    .anySatisfy(line -> assertThat(line).contains("account registered"))
                    .anySatisfy(line -> assertThat(line).contains("new certificate serial").contains("hotcert-dry-run")
                            .contains("/live is now"))
                    .allSatisfy(line -> assertThat(line).matches("<\\d>\\w+ +\\w+: dry run against "
                            + Pattern.quote(CA.pebble().directory().toString()) + "[: ].*")
                            .doesNotContain(storage.toString()));
        }
    }
}
