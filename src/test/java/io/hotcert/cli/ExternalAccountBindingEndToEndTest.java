package io.hotcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.testing.CapturedLogs;
import io.hotcert.testing.EndToEnd;
import io.hotcert.testing.FreePort;
import io.hotcert.testing.PebbleExtension;

/** A CA that requires External Account Binding (Pebble configured so), and the secret staying out of every log. */
@EndToEnd
class ExternalAccountBindingEndToEndTest {

    private static final String KID = "board-fleet-1";
    private static final String HMAC = "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W";

    @RegisterExtension
    static final PebbleExtension CA = new PebbleExtension(Map.of("PEBBLE_EAB_KID", KID, "PEBBLE_EAB_HMAC", HMAC));

    @TempDir
    Path work;

    @Test
    void registersWithTheBindingAndNeverLogsTheKey() throws Exception {
        Cli.Result result;
        String logs;
        try (var captured = new CapturedLogs()) {
            result = Cli.run("--config", config("acme.eab.kid=" + KID + "\nacme.eab.hmac-key=" + HMAC).toString(), "renew");
            logs = captured.text();
        }

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(work.resolve("storage/live/fullchain.pem")).exists();
        assertThat(logs).contains("account registered").doesNotContain(HMAC);
        assertThat(result.out() + result.err()).doesNotContain(HMAC);
    }

    @Test
    void withoutTheBindingTheCasRefusalIsReported() throws Exception {
        var result = Cli.run("--config", config("").toString(), "renew");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("account failed").contains("externalAccountRequired");
        assertThat(work.resolve("storage/live")).doesNotExist();
    }

    @Test
    void aWrongKeyIsRefusedAndNotEchoed() throws Exception {
        String wrong = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        Cli.Result result;
        String logs;
        try (var captured = new CapturedLogs()) {
            result = Cli.run("--config", config("acme.eab.kid=" + KID + "\nacme.eab.hmac-key=" + wrong).toString(),
                    "renew");
            logs = captured.text();
        }

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err() + logs).doesNotContain(wrong);
    }

    private Path config(String eabLines) throws IOException {
        Path file = work.resolve("hotcert.properties");
        Files.writeString(file, CA.pebble().configFor("eab.example.test", work.resolve("storage"))
                + "https.port=0\n" + eabLines + "\n");
        return file;
    }
}
