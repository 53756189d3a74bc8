package io.hotcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.crypto.Pem;
import io.hotcert.testing.CapturedLogs;
import io.hotcert.testing.EndToEnd;
import io.hotcert.testing.FreshValidation;
import io.hotcert.testing.PebbleExtension;

/**
 * A CA may hand a new order an authorization that an earlier order proved, as Let's Encrypt does
 * for a while after each validation. Pebble here always does: the forced renewal then places no
 * challenge, says why, and still renews.
 */
@EndToEnd
class AuthorizationReuseEndToEndTest {

    @RegisterExtension
    static final PebbleExtension CA = new PebbleExtension(Map.of("PEBBLE_AUTHZREUSE", "100"));

    @TempDir
    Path work;

    @Test
    void aRenewalWhoseAuthorizationTheCaReusesAnswersNoChallengeAndSaysSo() throws Exception {
        Path storage = work.resolve("storage");
        Path config = Files.writeString(work.resolve("hotcert.properties"),
                CA.pebble().configFor("reuse.example.test", storage) + "https.port=0\n");

        try (var logs = new CapturedLogs()) {
            var first = Cli.run("--config", config.toString(), "renew");
            assertThat(first.exitCode()).as(first.toString()).isZero();
            BigInteger firstSerial = liveSerial(storage);
            assertThat(logs.text()).contains("reuse.example.test: validated (http-01)").doesNotContain(FreshValidation.REUSED);

            var forced = Cli.run("--config", config.toString(), "renew", "--force");

            assertThat(forced.exitCode()).as(forced.toString()).isZero();
            assertThat(liveSerial(storage)).isNotEqualTo(firstSerial);
            assertThat(logs.text().lines()).filteredOn(line -> line.contains("validated (")).hasSize(1);
            assertThat(logs.text()).contains("reuse.example.test: " + FreshValidation.REUSED + ", no challenge needed");
        }
    }

    private static BigInteger liveSerial(Path storage) throws Exception {
        return Pem.readCertificates(storage.resolve("live/cert.pem")).get(0).getSerialNumber();
    }
}
