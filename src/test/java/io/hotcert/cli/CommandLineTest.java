package io.hotcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void checkConfigAcceptsAGoodFile() throws Exception {
        Path config = dir.resolve("hotcert.properties");
        Files.writeString(config, "domains=board1.example.test\nstorage.dir=state\nhttps.backend=http://127.0.0.1:8080\n");

        var result = Cli.run("--config", config.toString(), "check-config");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("OK");
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
    void helpWorksOnTheProgramAndEveryCommand() {
        for (String[] args : new String[][] {{"--help"}, {"renew", "--help"}, {"status", "--help"},
                {"check-config", "--help"}, {"run", "--help"}}) {
            var result = Cli.run(args);
            assertThat(result.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(result.out()).contains("Usage: hotcert");
        }
    }
}
