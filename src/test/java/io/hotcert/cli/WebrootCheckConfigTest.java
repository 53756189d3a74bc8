package io.hotcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A webroot hotcert cannot write in stops check-config (and so a start) with 78, naming the directory. */
class WebrootCheckConfigTest {

    @TempDir
    Path work;

    @Test
    void aMissingWebrootIsAConfigurationError() throws Exception {
        Path config = work.resolve("hotcert.properties");
        Files.writeString(config, String.join("\n",
                "domains=board1.example.test",
                "acme.terms-agreed=true",
                "challenge.webroot=" + work.resolve("no-such-www"),
                "https.port=0",
                ""));

        var result = Cli.run("--config", config.toString(), "check-config");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(78);
        assertThat(result.err()).contains("challenge.webroot: \"" + work.resolve("no-such-www") + "\" does not exist");
    }
}
