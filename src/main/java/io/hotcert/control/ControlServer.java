package io.hotcert.control;

import java.io.IOException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <p>One thread accepts, and hands each connection to the {@link RequestReader}, which reads
 * every request line on a single selector: a client that connects and stays silent holds no
 * thread, only a slot of {@link ControlLimits#maxConnections()}, and for at most the request
 * timeout. Requests then run on two small pools: renewals (and dry runs), which may take minutes
 * while the CA validates, on one; status and refusals, which take milliseconds, on the other, so a
 * status is answered at once whatever else is going on. A connection beyond the limit is told
 * "busy" (exit 75) and closed, rather than left to time out in the kernel's queue.
 */
public final class ControlServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    private static final Set<PosixFilePermission> SOCKET_MODE = PosixFilePermissions.fromString("rw-rw----");
    /** Renewals run one after the other anyway; a second thread lets a dry run proceed beside one. */
    private static final int RENEWAL_THREADS = 2;
    private static final int QUICK_THREADS = 2;
    /** The contract's exit codes this class gives itself; the handler supplies all others. */
    private static final int FAILURE = 1;
    private static final int USAGE = 2;
    private static final int TEMPORARY = 75;

    private final Path socket;
    private final ServerSocketChannel channel;
    private final Object fileKey;
    private final ControlHandler handler;
    private final ControlLimits limits;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptor = new Thread(this::accept, "hotcert-control-accept");
    private final RequestReader reader;
    private final ExecutorService renewals = pool("hotcert-control-renew", RENEWAL_THREADS);
    private final ExecutorService quick = pool("hotcert-control", QUICK_THREADS);

    private ControlServer(Path socket, SocketFiles.Bound bound, ControlHandler handler, ControlLimits limits)
            throws IOException {
        this.socket = socket;
        this.channel = bound.channel();
        this.fileKey = bound.fileKey();
        this.handler = handler;
        this.limits = limits;
        this.reader = new RequestReader(limits, new Outcomes());
        acceptor.setDaemon(true);
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
            bound = SocketFiles.bindPrivately(path, SOCKET_MODE, limits.maxConnections());
        } catch (FileAlreadyExistsException e) {
            throw alreadyRunning(path);
        } catch (IOException e) {
            throw new IOException("control socket " + path + ": cannot bind: " + e, e);
        }
        ControlServer server;
        try {
            server = new ControlServer(path, bound, handler, limits);
        } catch (IOException e) {
            closeQuietly(bound.channel(), "the listening socket");
            throw new IOException("control socket " + path + ": cannot start reading requests: " + e, e);
        }
        server.acceptor.start();
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
        closeQuietly(reader, "the request reader");
        // No interrupt: a renewal in flight is the daemon's to finish or abandon, not this socket's.
        renewals.shutdown();
        quick.shutdown();
        connections.forEach(connection -> closeQuietly(connection, "a connection"));
        deleteOwnSocketFile();
        try {
            acceptor.join(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    private static ExecutorService pool(String name, int threads) {
        var number = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, runnable -> {
            var thread = new Thread(runnable, name + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    private void accept() {
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
            if (connections.size() >= limits.maxConnections()) {
                turnAway(accepted);
            } else {
                connections.add(accepted);
                reader.read(accepted);
            }
        }
    }

    /** A fresh connection's socket buffer is empty, so this short line goes out without blocking. */
    private void turnAway(SocketChannel accepted) {
        LOG.debug("control socket {}: {} connections are open; turning one away", socket, limits.maxConnections());
        try (accepted) {
            accepted.write(ByteBuffer.wrap((Reply.of(TEMPORARY, "the daemon is busy: " + limits.maxConnections()
                    + " control connections are open; try again in a moment").toJson() + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            LOG.debug("control socket {}: telling a connection that the daemon is busy failed: {}", socket, e.toString());
        }
    }

    /** Where each request line goes once read: a renewal to its pool, anything else to the quick one. */
    private final class Outcomes implements RequestReader.Outcome {

        @Override
        public void line(SocketChannel connection, String line) {
            Request request;
            try {
                request = Request.fromJson(line);
            } catch (ProtocolException e) {
                refused(connection, e);
                return;
            }
            ExecutorService pool = request.command().equals(Request.RENEW) ? renewals : quick;
            submit(pool, connection, lines -> respond(lines, request));
        }

        @Override
        public void refused(SocketChannel connection, IOException problem) {
            if (!(problem instanceof SocketTimeoutException) && !(problem instanceof ProtocolException)) {
                // The client's loss (it went away); the daemon carries on.
                LOG.debug("control socket {}: connection ended: {}", socket, problem.toString());
                release(connection);
                return;
            }
            LOG.debug("control socket {}: refused a request: {}", socket, problem.getMessage());
            submit(quick, connection, lines -> lines.writeLine(
                    Reply.of(USAGE, "bad request: " + problem.getMessage()).toJson(), limits.writeTimeout()));
        }

        @Override
        public void hungUp(SocketChannel connection) {
            release(connection);
        }
    }

    @FunctionalInterface
    private interface Answer {
        void writeTo(LineChannel connection) throws IOException;
    }

    private void submit(ExecutorService pool, SocketChannel connection, Answer answer) {
        try {
            pool.execute(() -> answer(connection, answer));
        } catch (RejectedExecutionException e) {
            release(connection); // closing
        }
    }

    private void answer(SocketChannel accepted, Answer answer) {
        try (var connection = new LineChannel(accepted, limits.maxRequestBytes())) {
            if (open.get()) {
                answer.writeTo(connection);
            }
        } catch (IOException e) {
            // The client's loss (it went away, or stopped reading); the daemon carries on.
            LOG.debug("control socket {}: connection ended: {}", socket, e.toString());
        } finally {
            release(accepted);
        }
    }

    private void release(SocketChannel connection) {
        connections.remove(connection);
        closeQuietly(connection, "a connection");
    }

    private void respond(LineChannel connection, Request request) throws IOException {
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
            return Reply.of(FAILURE, "the daemon failed to " + request.command() + " because of an internal error"
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")") + "; its log has the details");
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
