package io.hotcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.storage.AccountRecord;
import io.hotcert.storage.AccountStore;
import io.hotcert.storage.AtomicFiles;
import io.hotcert.testing.FreePort;

/** Exit codes and messages of the command line that need no CA. */
class CommandLineTest {

    @TempDir
    Path dir;

    @Test
    void checkConfigNamesEveryMistakeOfAFileAtOnce() throws Exception {
        Path config = dir.resolve("hotcert.properties");
        Files.writeString(config, String.join("\n",
                "domains=board1.example.test,*.example.test",
                "key.type=dsa-1024",
                "http.port=eighty",
                "https.port=0",
                ""));

        var result = Cli.run("--config", config.toString(), "check-config");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(78);
        assertThat(result.err()).contains(config.toString()).contains("3 problems")
                .contains("domains:").contains("*.example.test")
                .contains("key.type:").contains("dsa-1024").contains("ec-p256")
                .contains("http.port:").contains("eighty");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void checkConfigRefusesWhatTheOperatorCannotSeeWithExit78() throws Exception {
        Path config = dir.resolve("hotcert.properties");
        Files.writeString(config, "domains=board1.example.test\nstorage.dir=/var/lib/x \nhttps.backend=http://127.0.0.1:8080"
                + "\uFEFF\n", StandardCharsets.UTF_8);

        var result = Cli.run("--config", config.toString(), "check-config");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(78);
        assertThat(result.err()).contains("storage.dir: the value ends with a space (U+0020)")
                .contains("https.backend: the value contains an invisible character, U+FEFF (byte order mark)")
                .doesNotContain("Exception");
    }

    @Test
    void checkConfigNamesTheLineOfAFileThatIsNotUtf8() throws Exception {
        Path config = dir.resolve("hotcert.properties");
        Files.write(config, "# Caf\u00e9\ndomains=board1.example.test\n".getBytes(StandardCharsets.ISO_8859_1));

        var result = Cli.run("--config", config.toString(), "check-config");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(78);
        assertThat(result.err()).contains("the file is not UTF-8: line 1").doesNotContain("Exception");
    }

    /** certbot users put options after the command; both positions mean the same. */
    @Test
    void checkConfigAcceptsAGoodFileWithTheOptionBeforeOrAfterTheCommand() throws Exception {
        Path config = dir.resolve("hotcert.properties");
        Files.writeString(config, "domains=board1.example.test\nstorage.dir=state\nhttps.backend=http://127.0.0.1:8080\n"
                + "acme.terms-agreed=true\n");

        for (var args : List.of(List.of("--config", config.toString(), "check-config"),
                List.of("check-config", "--config", config.toString()))) {
            var result = Cli.run(args.toArray(String[]::new));

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).startsWith(config + ": OK");
        }
    }

    @Test
    void checkConfigWantsTheTermsAgreedWhileNoAccountIsRegistered() throws Exception {
        Path config = dir.resolve("hotcert.properties");
        Files.writeString(config, "domains=board1.example.test\nstorage.dir=state\nhttps.backend=http://127.0.0.1:8080\n"
                + "acme.directory=https://ca.example.test/dir\n");

        var result = Cli.run("--config", config.toString(), "check-config");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(78);
        assertThat(result.err()).contains("acme.terms-agreed: not true, and no account with https://ca.example.test/dir"
                + " is registered in " + dir.resolve("state") + " yet, so the first order would fail",
                "not needed once an account is registered");
        assertThat(result.out()).isEmpty();

        new AccountStore(dir.resolve("state"), new AtomicFiles()).writeAccount(new AccountRecord(
                URI.create("https://ca.example.test/dir"), URI.create("https://ca.example.test/acct/1").toURL(),
                Optional.empty(), Optional.empty()));
        var registered = Cli.run("--config", config.toString(), "check-config");

        assertThat(registered.exitCode()).as(registered.toString()).isZero();
    }

    @Test
    void statusWarnsOfAnAccountRecordItCannotReadInsteadOfCallingItAbsent() throws Exception {
        Path config = dir.resolve("hotcert.properties");
        Files.writeString(config, "domains=board1.example.test\nstorage.dir=state\nhttps.backend=http://127.0.0.1:8080\n");
        Path record = Files.createDirectories(dir.resolve("state/account")).resolve("account.properties");
        // As root every mode lets in; a link to itself cannot be looked at either, as account/ 0700 for another user.
        Files.createSymbolicLink(record, record.getFileName());

        var text = Cli.run("--config", config.toString(), "status");
        var json = Cli.run("--config", config.toString(), "status", "--json");

        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).contains("account:     unknown: the record cannot be read",
                "WARNING:     account record unreadable: cannot read " + record + ": ").doesNotContain("none registered");
        assertThat(json.out()).contains("\"account\":null", "account record unreadable: cannot read " + record);
    }

    @Test
    void aKeyGivenTwiceStopsEveryCommandNotOnlyCheckConfig() throws Exception {
        Path config = dir.resolve("hotcert.properties");
        Files.writeString(config, String.join("\n", "domains=board1.example.test", "storage.dir=state",
                "https.backend=http://127.0.0.1:8080", "acme.terms-agreed=true", "storage.dir=/var/lib/hotcert", ""));

        for (String command : List.of("check-config", "status", "renew", "run")) {
            var result = Cli.run("--config", config.toString(), command);

            assertThat(result.exitCode()).as(command + ": " + result).isEqualTo(78);
            assertThat(result.err()).as(command).contains("storage.dir: given twice, on line 2 and line 5");
        }
    }

    @Test
    void aMissingConfigurationFileIsAConfigurationError() {
        var result = Cli.run("--config", dir.resolve("absent.properties").toString(), "renew");

        assertThat(result.exitCode()).isEqualTo(78);
        assertThat(result.err()).contains("absent.properties");
    }

    @Test
    void termsNotAgreedIsAConfigurationErrorNamingTheKey() throws Exception {
        Path config = dir.resolve("hotcert.properties");
        Files.writeString(config, String.join("\n", "domains=board1.example.test", "storage.dir=state",
                "acme.directory=https://127.0.0.1:1/dir", "http.address=127.0.0.1", "http.port=" +
                FreePort.pick(), "https.port=0", ""));

        var result = Cli.run("--config", config.toString(), "renew");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(78);
        assertThat(result.err()).contains("acme.terms-agreed");
    }

    @Test
    void runNamesAnAddressItCannotListenOnAndExitsOne() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path config = dir.resolve("hotcert.properties");
            Files.writeString(config, String.join("\n", "domains=board1.example.test", "storage.dir=state",
                    "http.address=127.0.0.1", "http.port=" + FreePort.pick(), "https.address=127.0.0.1",
                    "https.port=" + taken.getLocalPort(), "https.backend=http://127.0.0.1:8080", ""));

            var result = Cli.run("--config", config.toString(), "run");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.err()).isEqualTo("hotcert run: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + " for HTTPS: Address already in use\n");
        }
    }

    @Test
    void httpsWithNothingToServeIsAConfigurationError() throws Exception {
        Path config = dir.resolve("hotcert.properties");
        Files.writeString(config, "domains=board1.example.test\n");

        var result = Cli.run("--config", config.toString(), "run");

        assertThat(result.exitCode()).isEqualTo(78);
        assertThat(result.err()).contains("https.backend: missing; HTTPS is on (https.port 443)");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(Cli.run().exitCode()).isEqualTo(2);
        assertThat(Cli.run("renew", "--bogus").exitCode()).isEqualTo(2);
        assertThat(Cli.run("frobnicate").exitCode()).isEqualTo(2);
    }

    @Test
    void theProgramsHelpShowsEachCommandsSummaryWhole() {
        var result = Cli.run("--help");

        // picocli shows the first line of each description; wrapped, it may take several.
        String commands = result.out().substring(result.out().indexOf("Commands:") + "Commands:".length()).replaceAll("\\s+", " ").strip();

        assertThat(commands.split(" (?=(run|renew|status|check-config) )")).as(result.out()).hasSize(4)
                .allSatisfy(summary -> assertThat(summary).endsWith("."));
        assertThat(commands).contains("status Show the certificate, its renewal, the last attempts and the account.");
    }

    @Test
    void helpWorksOnTheProgramAndEveryCommand() {
        for (String[] args : new String[][] {{"--help"}, {"renew", "--help"}, {"status", "--help"},
                {"check-config", "--help"}, {"run", "--help"}}) {
            var result = Cli.run(args);
            assertThat(result.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(result.out()).contains("Usage: hotcert");
        }
    }
}
