package io.hotcert.control;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The command line's side of the control socket: asks the running daemon, or finds that none runs
 * so the command can do the work in-process.
 */
public final class ControlClient {

    /**
     * A renewal reports a line per step, but one step (the CA validating, say) may stay silent
     * for minutes; this bounds only a daemon that hangs.
     */
    private static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);
    /** A status payload is a few hundred bytes; this only keeps a confused peer from filling memory. */
    private static final int MAX_LINE_BYTES = 1 << 20;

    private final Duration idleTimeout;

    public ControlClient() {
        this(DEFAULT_IDLE_TIMEOUT);
    }

    /** @param idleTimeout how long the daemon may stay silent between two lines */
    public ControlClient(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    /**
     * Sends {@code request} and waits for the final reply, passing each progress line on as it
     * arrives.
     *
     * @return empty when no daemon runs: there is no socket file, or nobody listens on it (a file
     *         left by a daemon that crashed); the daemon's reply otherwise, whatever its exit code
     * @throws java.nio.file.AccessDeniedException when the socket exists but this user may not use it
     * @throws IOException when the daemon answers but breaks off or stays silent too long; the
     *                     message names the socket
     */
    public Optional<Reply> send(Path socket, Request request, Consumer<String> progress) throws IOException {
        Optional<SocketChannel> channel = SocketFiles.connect(socket);
        if (channel.isEmpty()) {
            return Optional.empty();
        }
        try (var connection = new LineChannel(channel.get(), MAX_LINE_BYTES)) {
            IOException refused = null;
            try {
                connection.writeLine(request.toJson(), WRITE_TIMEOUT);
            } catch (IOException e) {
                // A busy daemon writes its reply and closes before reading anything, so the request
                // may meet a closed socket ("Broken pipe") while the reply waits to be read.
                refused = e;
            }
            while (true) {
                Optional<String> line = readAfter(connection, refused);
                if (line.isEmpty()) {
                    throw refused != null ? refused
                            : new IOException("the daemon closed the connection before its final reply (did it stop?)");
                }
                Map<String, Object> fields = Json.parseObject(line.get(), "a line from the daemon");
                if (fields.containsKey("exit")) {
                    return Optional.of(Reply.fromFields(fields));
                }
                // Lines of other kinds may come from a newer daemon; they carry nothing this client shows.
                if (fields.get("progress") instanceof String text) {
                    progress.accept(text);
                }
            }
        } catch (IOException e) {
            String reason = e.getMessage() != null ? e.getMessage() : "the connection failed";
            throw new IOException("control socket " + socket + ": " + request.command() + ": " + reason, e);
        }
    }

    /** After a failed write, only what the daemon had already sent is worth waiting for. */
    private Optional<String> readAfter(LineChannel connection, IOException refused) throws IOException {
        if (refused == null) {
            return connection.readLine(idleTimeout);
        }
        try {
            return connection.readLine(WRITE_TIMEOUT);
        } catch (IOException e) {
            refused.addSuppressed(e);
            return Optional.empty();
        }
    }
}
