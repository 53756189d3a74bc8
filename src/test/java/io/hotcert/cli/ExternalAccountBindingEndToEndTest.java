package io.hotcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.testing.CapturedLogs;
import io.hotcert.testing.FreePort;
import io.hotcert.testing.Pebble;

/** A CA that requires External Account Binding (Pebble configured so), and the secret staying out of every log. */
class ExternalAccountBindingEndToEndTest {

    private static final String KID = "board-fleet-1";
    private static final String HMAC = "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W";

    private static Pebble pebble;

    @TempDir
    Path work;

    @BeforeAll
    static void startPebble(@TempDir Path dir) {
        pebble = Pebble.start(dir, FreePort.pick(), Map.of("PEBBLE_EAB_KID", KID, "PEBBLE_EAB_HMAC", HMAC));
    }

    @AfterAll
    static void stopPebble() {
        if (pebble != null) {
            pebble.close();
        }
    }

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
        Files.writeString(file, String.join("\n",
                "domains=eab.example.test",
                "acme.directory=" + pebble.directory(),
                "acme.trust-store=" + pebble.trustStore(),
                "acme.terms-agreed=true",
                "storage.dir=" + work.resolve("storage"),
                "http.address=127.0.0.1",
                "http.port=" + pebble.validationPort(),
                "https.port=0",
                eabLines,
                ""));
        return file;
    }
}
