package io.hotcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Logs go to stdout, where journald reads them, except while a command's stdout is its result:
 * {@code status --json} must stay parseable even when something is logged during it.
 */
class StatusJsonBesideLogsTest {

    @TempDir
    Path work;

    @Test
    void statusJsonKeepsStdoutForTheJsonAndLogsGoToStderr() throws Exception {
        Path storage = work.resolve("storage");
        // A corrupt attempt history is read (and warned about) while status runs.
        Files.createDirectories(storage.resolve("state"));
        Files.writeString(storage.resolve("state/renewal.json"), "{not json");
        Path config = Files.writeString(work.resolve("hotcert.properties"), String.join("\n",
                "domains=status.example.test", "storage.dir=" + storage, "https.port=0",
                "control.socket=" + work.resolve("control.sock"), ""));
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        int exit;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            exit = Main.commandLine(new CliContext(Map.of(), Clock.systemUTC()))
                    .execute("--config", config.toString(), "status", "--json");
            LoggerFactory.getLogger(StatusJsonBesideLogsTest.class).warn("after the command");
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
        }
        String stdout = out.toString(StandardCharsets.UTF_8);
        String stderr = err.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(stderr).isZero();
        assertThat(stderr).contains("<4>WARN  AttemptHistory: ").contains("renewal attempt history");
        String json = stdout.substring(0, stdout.indexOf('\n'));
        assertThat(JsonUtil.parseJson(json)).containsEntry("renewalDue", true).containsKey("domains");
        // Once the command is done, logs are back on stdout.
        assertThat(stdout.substring(json.length() + 1))
                .isEqualTo("<4>WARN  StatusJsonBesideLogsTest: after the command\n");
    }
}
