package io.hotcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.control.ExitCodes;
import io.hotcert.testing.AcmeFront;
import io.hotcert.testing.DaemonProcess;
import io.hotcert.testing.EndToEnd;
import io.hotcert.testing.PebbleExtension;

/**
 * Boards whose clock is wrong, against a real Pebble issuing 90-day certificates: a clock 70 days
 * ahead (libfaketime on the hotcert processes; Pebble and the test keep the real time) and one in
 * 1970 (an injected clock: a JVM under libfaketime at an absolute 1970 date sometimes hangs at exit).
 */
@EndToEnd
class ClockEndToEndTest {

    @RegisterExtension
    static final PebbleExtension CA = new PebbleExtension(Map.of("PEBBLE_CERT_VALIDITY",
            Long.toString(Duration.ofDays(90).toSeconds())));

    private static final String AHEAD = "+70d";
    /** JVM start, directory, account, order and validation, on a loaded machine. */
    private static final Duration COMMAND = Duration.ofSeconds(120);
    private static final String FIRST_CHECK_DONE = "board.example.test: not due: ";

    @TempDir
    Path work;

    /**
     * Each certificate a fast clock gets already has less than a third of its lifetime left by
     * that clock; without the CA's time to judge by, every run would order another one.
     */
    @Test
    void aClockSeventyDaysAheadOrdersOnceAcrossThreeRenewalsAndTwoDaemonStarts() throws Exception {
        try (var front = AcmeFront.start(CA.pebble(), work)) {
            Path config = Files.writeString(work.resolve("hotcert.properties"),
                    front.configFor(CA.pebble(), "board.example.test", work.resolve("storage")) + "https.port=0\n");

            for (int run = 0; run < 3; run++) {
                Path log = work.resolve("renew-" + run + ".log");
                try (var renew = DaemonProcess.withFakeTime(AHEAD, config, log, "renew")) {
                    assertThat(renew.awaitExit(COMMAND)).as(Files.readString(log)).isEqualTo(OptionalInt.of(0));
                }
            }
            assertThat(Files.readString(work.resolve("renew-0.log")))
                    .contains("the clock runs ahead by about 70 days");
            assertThat(Files.readString(work.resolve("renew-2.log"))).startsWith("not due: ")
                    .contains("the clock runs ahead by about 70 days");
            for (int start = 0; start < 2; start++) {
                try (var daemon = DaemonProcess.withFakeTime(AHEAD, config, work.resolve("daemon-" + start + ".log"),
                        "run")) {
                    daemon.awaitLog(FIRST_CHECK_DONE, COMMAND);
                    if (start == 1) {
                        assertThat(warnings(statusJson(config))).as("status from the daemon")
                                .anySatisfy(warning -> assertThat(warning)
                                        .startsWith("the clock runs ahead by about 70 days"));
                        // A renewal moment in the CA's time, waited for on the fast clock, would come round at once.
                        assertThat(daemon.log().split(FIRST_CHECK_DONE, -1)).as("checks while status ran").hasSize(2);
                    }
                }
            }

            assertThat(front.orders()).as("new orders").hasSize(1);
        }
    }

    @Test
    void aBoardIn1970SaysInStatusThatTheClockHoldsRenewalBack() throws Exception {
        Path config = Files.writeString(work.resolve("hotcert.properties"),
                CA.pebble().configFor("board.example.test", work.resolve("storage")) + "https.port=0\n");
        var renewed = Cli.run("--config", config.toString(), "renew");
        assertThat(renewed.exitCode()).as(renewed.toString()).isZero();
        Clock in1970 = Clock.fixed(Instant.parse("1970-01-01T00:00:42Z"), ZoneOffset.UTC);

        var json = Cli.run(in1970, "--config", config.toString(), "status", "--json");
        var text = Cli.run(in1970, "--config", config.toString(), "status");

        assertThat(json.exitCode()).as(json.toString()).isZero();
        Map<String, Object> status = JsonUtil.parseJson(json.out());
        assertThat(warnings(status)).anySatisfy(warning -> assertThat(warning)
                .startsWith("clock says 1970-01-01T00:00:42Z, before this build").endsWith(
                        ": not judging expiry until the clock is plausible"));
        assertThat(status.get("renewalDue")).isEqualTo(false);
        assertThat(((Map<?, ?>) status.get("certificate")).get("secondsLeft")).isNull();
        assertThat(text.out()).contains("time left:   unknown while the clock is implausible",
                "renew at:    unknown", "WARNING:     clock says 1970-01-01T00:00:42Z");
    }

    /** The CA's HTTPS certificate looks expired at 2045: the clock is what is wrong, not the CA. */
    @Test
    void at2045TheLogNamesTheClockNotAnUnreachableCa() throws Exception {
        Path config = Files.writeString(work.resolve("hotcert.properties"),
                CA.pebble().configFor("board.example.test", work.resolve("storage")) + "https.port=0\n");
        Path log = work.resolve("renew-2045.log");

        try (var renew = DaemonProcess.withFakeTime("@2045-01-01 00:00:00", config, log, "renew")) {
            assertThat(renew.awaitExit(COMMAND)).as(Files.readString(log))
                    .isEqualTo(OptionalInt.of(ExitCodes.TEMPORARY));
        }

        assertThat(Files.readString(log)).contains("the clock looks wrong: by this clock the CA's HTTPS certificate")
                .contains("has expired").doesNotContain("cannot be reached");
    }

    /** {@code status --json} on the same fast clock, answered by the running daemon. */
    private Map<String, Object> statusJson(Path config) throws Exception {
        Path log = work.resolve("status.log");
        try (var status = DaemonProcess.withFakeTime(AHEAD, config, log, "status", "--json")) {
            assertThat(status.awaitExit(COMMAND)).as(Files.readString(log)).isEqualTo(OptionalInt.of(0));
        }
        return JsonUtil.parseJson(Files.readString(log));
    }

    @SuppressWarnings("unchecked")
    private static List<String> warnings(Map<String, Object> status) {
        return (List<String>) status.get("warnings");
    }
}
