package io.hotcert.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd that the daemon is ready ({@code Type=notify}), when systemd asked for it by
 * setting {@code NOTIFY_SOCKET}. The message is a datagram on a Unix socket, which Java 17
 * cannot send, so {@code systemd-notify --ready} sends it; the unit needs {@code NotifyAccess=all}
 * for a child's message to count. systemd-notify waits until systemd has read it, so it is not
 * lost when the child exits first.
 */
public final class ReadinessNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(ReadinessNotifier.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_OUTPUT = 1000;

    private final Map<String, String> environment;
    private final List<String> command;

    /** @param command run with this process's environment when {@code environment} has NOTIFY_SOCKET */
    public ReadinessNotifier(Map<String, String> environment, List<String> command) {
        this.environment = Map.copyOf(environment);
        this.command = List.copyOf(command);
    }

    /** Notifies through {@code systemd-notify} on the PATH, if this process's environment names a socket. */
    public static ReadinessNotifier fromEnvironment() {
        return new ReadinessNotifier(System.getenv(), List.of("systemd-notify", "--ready"));
    }

    /**
     * Sends READY=1 once. A failure is logged, not thrown: the daemon serves either way, and
     * systemd ends a start that never reports ready after its own timeout.
     */
    public void ready() {
        String socket = environment.get("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return;
        }
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            // Read after the exit: its few lines of output fit the pipe, and a hung child cannot block the read.
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.getInputStream().close();
                LOG.warn("systemd was not told that hotcert is ready: {} did not finish within {} s",
                        command.get(0), TIMEOUT.toSeconds());
                return;
            }
            String output = readBounded(process.getInputStream());
            if (process.exitValue() != 0) {
                LOG.warn("systemd was not told that hotcert is ready: {} exited {}: {}",
                        command.get(0), process.exitValue(), output.strip());
            } else {
                LOG.info("told systemd that hotcert is ready (NOTIFY_SOCKET {})", socket);
            }
        } catch (IOException e) {
            LOG.warn("systemd was not told that hotcert is ready: cannot run {} ({}); "
                    + "install it, or use Type=exec in the unit", command.get(0), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String readBounded(InputStream in) throws IOException {
        try (in) {
            return new String(in.readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8);
        }
    }
}
