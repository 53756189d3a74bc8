package io.hotcert.control;

import java.io.IOException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's control socket ({@code control.socket}): a Unix domain socket through which
 * {@code hotcert renew} and {@code hotcert status} reach the running daemon. The protocol is one
 * JSON object per line: the client sends one {@link Request}; the daemon answers with zero or
 * more {@code {"progress":"..."}} lines and exactly one final {@link Reply} line, then closes.
 *
 * <p>The socket file has mode 0660 from the moment it can be reached, so root and the daemon's
 * group may use it; it is created by {@link #start} and removed by {@link #close}.
 *
 * <p>Two threads serve connections, each accepting and answering one at a time. One would make
 * {@code status} wait for a renewal in flight, which may take minutes while the CA validates;
 * more would buy nothing, since renewals run one after the other anyway. Connections beyond two
 * wait in the kernel's listen queue. A client can hold a thread only for the limits' timeouts
 * unless it asked for a renewal, which holds it for as long as the renewal takes.
 */
public final class ControlServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    private static final Set<PosixFilePermission> SOCKET_MODE = PosixFilePermissions.fromString("rw-rw----");
    private static final int THREADS = 2;
    /** The contract's exit codes this class gives itself; the handler supplies all others. */
    private static final int FAILURE = 1;
    private static final int USAGE = 2;

    private final Path socket;
    private final ServerSocketChannel channel;
    private final Object fileKey;
    private final ControlHandler handler;
    private final ControlLimits limits;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final Set<LineChannel> connections = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads;

    private ControlServer(Path socket, SocketFiles.Bound bound, ControlHandler handler, ControlLimits limits) {
        this.socket = socket;
        this.channel = bound.channel();
        this.fileKey = bound.fileKey();
        this.handler = handler;
        this.limits = limits;
        this.threads = List.of(thread(1), thread(2));
    }

    public static ControlServer start(Path socket, ControlHandler handler) throws IOException {
        return start(socket, handler, ControlLimits.defaults());
    }

    /**
     * Creates the socket's directory if missing, removes a socket file a crashed daemon left,
     * binds and starts answering.
     *
     * @throws IOException when another daemon answers on {@code socket}, when something other
     *                     than a socket is in the way, or when the path is too long; the message
     *                     names the path
     */
    public static ControlServer start(Path socket, ControlHandler handler, ControlLimits limits) throws IOException {
        Path path = socket.toAbsolutePath();
        SocketFiles.checkLength(path);
        SocketFiles.checkDirectoryLength(path);
        try {
            Files.createDirectories(path.getParent());
        } catch (IOException e) {
            throw new IOException("control socket " + path + ": cannot create its directory: " + e, e);
        }
        removeStale(path);
        SocketFiles.Bound bound;
        try {
            bound = SocketFiles.bindPrivately(path, SOCKET_MODE);
        } catch (FileAlreadyExistsException e) {
            throw alreadyRunning(path);
        } catch (IOException e) {
            throw new IOException("control socket " + path + ": cannot bind: " + e, e);
        }
        var server = new ControlServer(path, bound, handler, limits);
        server.threads.forEach(Thread::start);
        LOG.info("control socket {} (mode 0660) answers renew and status", path);
        return server;
    }

    public Path socket() {
        return socket;
    }

    /**
     * Stops accepting, cuts open connections (a renewal they asked for is the daemon's to finish
     * or abandon; its reply is dropped) and removes the socket file, unless it is no longer ours.
     */
    @Override
    public void close() {
        if (!open.compareAndSet(true, false)) {
            return;
        }
        closeQuietly(channel, "the listening socket");
        connections.forEach(connection -> closeQuietly(connection, "a connection"));
        deleteOwnSocketFile();
        for (Thread thread : threads) {
            try {
                thread.join(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void removeStale(Path socket) throws IOException {
        Optional<SocketChannel> answered;
        try {
            answered = SocketFiles.connect(socket);
        } catch (AccessDeniedException e) {
            throw new IOException("control socket " + socket + " belongs to someone this user may not connect to, so"
                    + " another daemon may be running there: stop it, or give this one another control.socket", e);
        }
        if (answered.isPresent()) {
            answered.get().close();
            throw alreadyRunning(socket);
        }
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!SocketFiles.isSocket(socket)) {
            throw new IOException("control socket " + socket + " exists and is not a socket; hotcert does not delete"
                    + " it: remove it or set control.socket to another path");
        }
        LOG.info("removing {}, left by a daemon that is no longer running", socket);
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            throw new IOException("control socket " + socket + ": cannot remove the one a stopped daemon left: " + e, e);
        }
    }

    private static IOException alreadyRunning(Path socket) {
        return new IOException("another hotcert daemon is already running: it answers on control socket " + socket
                + "; stop it first, or give this one another control.socket");
    }

    private Thread thread(int number) {
        var thread = new Thread(this::serve, "hotcert-control-" + number);
        thread.setDaemon(true);
        return thread;
    }

    private void serve() {
        while (open.get()) {
            SocketChannel accepted;
            try {
                accepted = channel.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!open.get()) {
                    return;
                }
                // E.g. out of file descriptors: pause rather than spin, and keep serving once it passes.
                LOG.warn("control socket {}: accept failed: {}", socket, e.toString());
                pause();
                continue;
            }
            serveConnection(accepted);
        }
    }

    private void serveConnection(SocketChannel accepted) {
        LineChannel connection;
        try {
            connection = new LineChannel(accepted, limits.maxRequestBytes());
        } catch (IOException e) {
            closeQuietly(accepted, "a connection");
            LOG.warn("control socket {}: cannot set up a connection: {}", socket, e.toString());
            return;
        }
        connections.add(connection);
        try (connection) {
            if (open.get()) {
                respond(connection);
            }
        } catch (IOException e) {
            // The client's loss (it went away, or stopped reading); the daemon carries on.
            LOG.debug("control socket {}: connection ended: {}", socket, e.toString());
        } finally {
            connections.remove(connection);
        }
    }

    private void respond(LineChannel connection) throws IOException {
        Request request;
        try {
            Optional<String> line = connection.readLine(limits.requestTimeout());
            if (line.isEmpty()) {
                return; // connected and closed: another daemon checking whether this one runs
            }
            request = Request.fromJson(line.get());
        } catch (SocketTimeoutException | ProtocolException e) {
            LOG.debug("control socket {}: refused a request: {}", socket, e.getMessage());
            connection.writeLine(Reply.of(USAGE, "bad request: " + e.getMessage()).toJson(), limits.writeTimeout());
            return;
        }
        var progress = new ProgressLines(connection);
        Reply reply;
        try {
            reply = dispatch(request, progress);
        } finally {
            progress.stop();
        }
        connection.writeLine(reply.toJson(), limits.writeTimeout());
    }

    private Reply dispatch(Request request, Consumer<String> progress) {
        try {
            Reply reply = switch (request.command()) {
                case Request.RENEW -> request.dryRun() ? handler.dryRun(progress) : handler.renew(request.force(), progress);
                case Request.STATUS -> handler.status();
                default -> Reply.of(USAGE, "unknown command \"" + request.command() + "\"; the daemon answers "
                        + Request.RENEW + " and " + Request.STATUS);
            };
            return Objects.requireNonNull(reply, "the handler's reply");
        } catch (RuntimeException e) {
            LOG.error("control socket {}: {} failed unexpectedly", socket, request.command(), e);
            return Reply.of(FAILURE, "the daemon failed to " + request.command() + ": " + e);
        }
    }

    private void deleteOwnSocketFile() {
        try {
            Object current = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (fileKey.equals(current)) {
                Files.delete(socket);
            } else {
                LOG.warn("control socket {} was replaced by another file since this daemon bound it; leaving it", socket);
            }
        } catch (NoSuchFileException e) {
            LOG.warn("control socket {} was already removed by someone else", socket);
        } catch (IOException e) {
            LOG.warn("control socket {}: cannot remove it at exit: {}", socket, e.toString());
        }
    }

    private static void closeQuietly(AutoCloseable closeable, String what) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("closing {} failed: {}", what, e.toString());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The handler's progress, as lines to the client. A client that has gone away or stopped
     * reading is dropped after the first failed write, and the renewal goes on without it; lines
     * after the handler has returned are dropped, so nothing is written after the final reply.
     */
    private final class ProgressLines implements Consumer<String> {

        private final LineChannel connection;
        private boolean stopped;

        ProgressLines(LineChannel connection) {
            this.connection = connection;
        }

        @Override
        public synchronized void accept(String line) {
            if (stopped) {
                return;
            }
            try {
                connection.writeLine(Json.line(Map.of("progress", String.valueOf(line))), limits.writeTimeout());
            } catch (IOException e) {
                stopped = true;
                LOG.info("control socket {}: the client left before the renewal finished ({}); it goes on",
                        socket, e.toString());
            }
        }

        synchronized void stop() {
            stopped = true;
        }
    }
}
