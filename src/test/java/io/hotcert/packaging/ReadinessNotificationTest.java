package io.hotcert.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.daemon.ReadinessNotifier;
import io.hotcert.testing.CapturedLogs;
import io.hotcert.testing.DaemonProcess;
import io.hotcert.testing.EndToEnd;
import io.hotcert.testing.FreePort;

/**
 * {@code Type=notify} in hotcert.service: the daemon, started with NOTIFY_SOCKET as systemd starts
 * it, sends READY=1 through the real systemd-notify once its port and control socket are open. A
 * small Python program stands in for systemd's end of the socket (Java 17 cannot receive Unix
 * datagrams); it closes the file descriptor systemd-notify passes with its barrier, as systemd does.
 */
class ReadinessNotificationTest {

    private static final Duration STARTUP = Duration.ofSeconds(60);

    /** argv: socket path, output file. Appends each message; closes passed descriptors; ends after 60 s of silence. */
    private static final String RECEIVER = String.join("\n",
            "import array, os, socket, sys",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
            "s.bind(sys.argv[1])",
            "s.settimeout(60)",
            "with open(sys.argv[2], 'a') as out:",
            "    while True:",
            "        data, ancillary, _, _ = s.recvmsg(4096, socket.CMSG_SPACE(64))",
            "        for level, kind, payload in ancillary:",
            "            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:",
            "                fds = array.array('i')",
            "                fds.frombytes(payload[:len(payload) - len(payload) % fds.itemsize])",
            "                for fd in fds:",
            "                    os.close(fd)",
            "        out.write(data.decode() + '\\n')",
            "        out.flush()");

    @TempDir
    Path work;

    @Test
    @EndToEnd
    void daemonTellsSystemdItIsReadyOnceItsPortAndControlSocketAreOpen() throws Exception {
        Path notifySocket = work.resolve("notify.sock");
        Path received = Files.createFile(work.resolve("received.txt"));
        Process receiver = new ProcessBuilder("python3", "-c", RECEIVER, notifySocket.toString(), received.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("receiver.log").toFile()).start();
        int httpPort = FreePort.pick();
        Path controlSocket = work.resolve("control.sock");
        Path config = Files.writeString(work.resolve("hotcert.properties"), String.join("\n",
                "domains=ready.example.test",
                // Nothing listens there: the first renewal check fails in the background, the daemon serves on.
                "acme.directory=https://127.0.0.1:" + FreePort.pick() + "/dir",
                "acme.terms-agreed=true",
                "storage.dir=" + work.resolve("storage"),
                "http.address=127.0.0.1",
                "http.port=" + httpPort,
                "https.port=0",
                "control.socket=" + controlSocket));
        Process daemon = null;
        try {
            awaitTrue(() -> Files.exists(notifySocket), "the receiver's socket " + notifySocket, receiver);
            var builder = new ProcessBuilder(DaemonProcess.javaCommand(config, "run")).redirectErrorStream(true)
                    .redirectOutput(work.resolve("daemon.log").toFile());
            builder.environment().put("NOTIFY_SOCKET", notifySocket.toString());
            daemon = builder.start();

            awaitTrue(() -> read(received).contains("READY=1"), "READY=1 from the daemon", daemon);

            try (var connection = new Socket(InetAddress.getLoopbackAddress(), httpPort)) {
                assertThat(connection.isConnected()).isTrue();
            }
            assertThat(controlSocket).exists();
            // The daemon logs this once systemd-notify has returned, which is after the receiver got READY=1.
            awaitTrue(() -> read(work.resolve("daemon.log")).contains("told systemd that hotcert is ready"),
                    "log line saying systemd was told", daemon);
            daemon.destroy();
            assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(daemon.exitValue()).isZero();
        } finally {
            if (daemon != null) {
                daemon.destroyForcibly();
            }
            receiver.destroyForcibly();
        }
    }

    @Test
    void withoutNotifySocketNothingIsRun() {
        Path marker = work.resolve("ran");
        List<String> touch = List.of("touch", marker.toString());

        new ReadinessNotifier(Map.of(), touch).ready();
        assertThat(marker).doesNotExist();

        new ReadinessNotifier(Map.of("NOTIFY_SOCKET", "/run/systemd/notify"), touch).ready();
        assertThat(marker).exists();
    }

    @Test
    void aMissingSystemdNotifyIsLoggedNotThrown() {
        try (var logs = new CapturedLogs()) {
            new ReadinessNotifier(Map.of("NOTIFY_SOCKET", "/run/systemd/notify"),
                    List.of(work.resolve("no-such-systemd-notify").toString(), "--ready")).ready();

            assertThat(logs.text()).contains("systemd was not told that hotcert is ready", "Type=exec");
        }
    }

    private String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    /** Polls every 20 ms until {@code condition} holds; fails with both logs once {@code process} died or time ran out. */
    private void awaitTrue(BooleanSupplier condition, String what, Process process) throws Exception {
        Instant deadline = Instant.now().plus(STARTUP);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline) || !process.isAlive()) {
                throw new AssertionError("no " + what + " within " + STARTUP.toSeconds() + " s"
                        + (process.isAlive() ? "" : " (its process exited)") + "\ndaemon: "
                        + readIfThere(work.resolve("daemon.log")) + "\nreceiver: " + readIfThere(work.resolve("receiver.log")));
            }
            Thread.sleep(20);
        }
    }

    private String readIfThere(Path file) {
        return Files.exists(file) ? read(file) : "(not started)";
    }
}
