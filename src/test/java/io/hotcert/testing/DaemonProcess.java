package io.hotcert.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * {@code hotcert run} as a separate process, as systemd runs it, so that tests can send it real
 * signals; or another command as a process of its own, e.g. under a fake clock. It runs on this
 * JVM's class path; its log goes to a file the test can read.
 */
public final class DaemonProcess implements AutoCloseable {

    private static final String LIBFAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

    private final Process process;
    private final Path log;

    private DaemonProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Started with SIGHUP's default disposition, as systemd starts it, even when the tests run
     * under nohup: a JVM that inherits SIGHUP ignored keeps it ignored, and the signals tests send would do nothing.
     */
    public static DaemonProcess run(Path config, Path log) throws IOException {
        return start(List.of("env", "--default-signal=HUP"), config, log, "run");
    }

    /**
     * {@code hotcert <command>} on a clock that libfaketime moves, e.g. {@code "+70d"}: a board
     * whose clock runs ahead. Pebble and the test keep the real time.
     */
    public static DaemonProcess withFakeTime(String faketime, Path config, Path log, String... command)
            throws IOException {
        return start(List.of("env", "--default-signal=HUP", "LD_PRELOAD=" + LIBFAKETIME, "FAKETIME=" + faketime),
                config, log, command);
    }

    /** Started as {@code nohup} would start it: with SIGHUP ignored. */
    public static DaemonProcess runIgnoringHangup(Path config, Path log) throws IOException {
        return start(List.of("sh", "-c", "trap '' HUP; exec \"$0\" \"$@\""), config, log, "run");
    }

    private static DaemonProcess start(List<String> wrapper, Path config, Path log, String... hotcert)
            throws IOException {
        UnitTier.refuse("hotcert " + String.join(" ", hotcert) + " in a process of its own");
        var command = new ArrayList<>(wrapper);
        command.addAll(javaCommand(config, hotcert));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new DaemonProcess(process, log);
    }

    /**
     * {@code java ... io.hotcert.cli.Main --config CONFIG COMMAND} on this JVM's class path, with a
     * board's small heap and C1 only, on the TLS engine of this test pass ({@link TlsPass}).
     */
    public static List<String> javaCommand(Path config, String... hotcert) {
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = new ArrayList<String>();
        command.add(java);
        command.addAll(List.of("-XX:+UseSerialGC", "-Xmx96m", "-XX:TieredStopAtLevel=1"));
        command.addAll(TlsPass.childJvmOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.hotcert.cli.Main",
                "--config", config.toString()));
        command.addAll(List.of(hotcert));
        return command;
    }

    /** Sends a signal by name, e.g. "HUP" or "TERM". */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    public String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Waits until the log contains {@code text}; fails with the log when it does not in time. */
    public void awaitLog(String text, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!log().contains(text)) {
            if (Instant.now().isAfter(deadline) || !process.isAlive()) {
                throw new AssertionError("no \"" + text + "\" in the daemon's log within " + timeout.toSeconds()
                        + " s" + (process.isAlive() ? "" : " (it exited)") + ":\n" + log());
            }
            Thread.sleep(20);
        }
    }

    /** The exit code, or empty when it is still running after {@code timeout}. */
    public OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                ? OptionalInt.of(process.exitValue()) : OptionalInt.empty();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
