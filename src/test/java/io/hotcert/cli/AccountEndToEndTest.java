package io.hotcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jose4j.json.JsonUtil;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.storage.AccountRecord;
import io.hotcert.storage.AccountStore;
import io.hotcert.storage.AtomicFiles;
import io.hotcert.testing.CapturedLogs;
import io.hotcert.testing.EndToEnd;
import io.hotcert.testing.FreePort;
import io.hotcert.testing.RestartablePebble;

/**
 * The ACME account against a real Pebble: registered again when the CA has forgotten it (Pebble
 * forgets every account when it restarts), and a change of the CA's terms of service reported.
 */
@SuppressWarnings("unchecked") // JSON objects and arrays as jose4j parses them
@EndToEnd
class AccountEndToEndTest {

    @TempDir
    Path work;

    private RestartablePebble ca;
    private Path config;

    @BeforeEach
    void startPebble() throws IOException {
        ca = RestartablePebble.start(work.resolve("pebble"), FreePort.pick());
        config = Files.writeString(work.resolve("hotcert.properties"),
                ca.pebble().configFor("account.example.test", work.resolve("storage")) + "https.port=0\n");
    }

    @AfterEach
    void stopPebble() {
        ca.close();
    }

    private AccountStore accounts() {
        return new AccountStore(work.resolve("storage"), new AtomicFiles());
    }

    @Test
    void anAccountTheCaForgotIsRegisteredAgainAndTheRenewalGoesOn() throws Exception {
        var first = Cli.run("--config", config.toString(), "renew");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        AccountRecord before = accounts().readAccount().orElseThrow();

        ca.restart();
        Cli.Result forced;
        String log;
        try (var logs = new CapturedLogs()) {
            forced = Cli.run("--config", config.toString(), "renew", "--force");
            log = logs.text();
        }

        assertThat(forced.exitCode()).as(forced + "\n--- log\n" + log).isZero();
        assertThat(forced.out()).contains("renewed (forced)");
        assertThat(log).contains("account " + before.location() + " is unknown to " + ca.pebble().directory(),
                "registered again as ");
        AccountRecord after = accounts().readAccount().orElseThrow();
        assertThat(after.directory()).isEqualTo(before.directory());
        assertThat(after.location()).isNotEqualTo(before.location());
        assertThat(log).contains("registered again as " + after.location());
    }

    @Test
    void termsOfServiceChangedSinceTheAccountAgreedAreWarnedAboutAndShownByStatus() throws Exception {
        assertThat(Cli.run("--config", config.toString(), "renew").exitCode()).isZero();
        AccountRecord registered = accounts().readAccount().orElseThrow();
        URI current = registered.termsOfService().orElseThrow();
        URI older = URI.create("https://ca.example.test/terms-2019");
        // An account registered under older terms than Pebble shows now.
        accounts().writeAccount(AccountRecord.registered(registered.directory(), registered.location(),
                Optional.of(older)));

        Cli.Result forced;
        String log;
        try (var logs = new CapturedLogs()) {
            forced = Cli.run("--config", config.toString(), "renew", "--force");
            log = logs.text();
        }
        var text = Cli.run("--config", config.toString(), "status");
        var json = Cli.run("--config", config.toString(), "status", "--json");

        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(log).contains("the CA's terms of service changed: account " + registered.location() + " agreed to "
                + older + ", " + ca.pebble().directory() + " now shows " + current + "; read the new terms");
        assertThat(accounts().readAccount().orElseThrow().termsOfServiceSeen()).contains(current);
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).contains("answered:    from the files; the daemon is not running",
                "terms:       " + older + " (agreed)",
                "WARNING:     the CA's terms of service changed: account " + registered.location());
        assertThat(json.exitCode()).as(json.toString()).isZero();
        Map<String, Object> status = JsonUtil.parseJson(json.out());
        assertThat(status).containsEntry("answeredBy", "files");
        assertThat((Map<String, Object>) status.get("account")).containsEntry("termsOfService", older.toString())
                .containsEntry("termsOfServiceSeen", current.toString());
        assertThat((List<String>) status.get("warnings")).singleElement().asString().contains(older.toString(),
                current.toString());
    }
}
