package io.hotcert.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a program of the system (systemd-analyze, dpkg, the install script) to its end, bounded in time. */
final class Commands {

    /** What the program printed on stdout and stderr together, and its exit code. */
    record Result(int exitCode, String output) {
    }

    static final Path CHECKOUT = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private Commands() {
    }

    static Result run(String... command) throws IOException, InterruptedException {
        return run(Map.of(), command);
    }

    /** Runs {@code command} from the checkout with {@code environment} added to this process's. */
    static Result run(Map<String, String> environment, String... command) throws IOException, InterruptedException {
        // A file, not a pipe: a chatty program can never block on a full pipe nobody reads yet.
        Path output = Files.createTempFile("hotcert-command", ".log");
        try {
            var builder = new ProcessBuilder(List.of(command)).directory(CHECKOUT.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + TIMEOUT.toSeconds()
                        + " s:\n" + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.delete(output);
        }
    }
}
