package io.hotcert.control;

import java.io.IOException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the request line of every new connection on one thread and one selector, so that a
 * client that connects and stays silent costs a buffer and a timer, not a thread: any number of
 * them (up to {@link ControlLimits#maxConnections()}) cannot delay anyone else's request.
 */
final class RequestReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RequestReader.class);

    /** What came of reading one connection's request. */
    interface Outcome {

        /** @param line the request line, without its newline */
        void line(SocketChannel channel, String line);

        /** The client broke the protocol or stayed silent; {@code problem} says how, for the client. */
        void refused(SocketChannel channel, IOException problem);

        /** Connected and closed without a word: another daemon checking whether this one runs. */
        void hungUp(SocketChannel channel);
    }

    private final Selector selector;
    private final ControlLimits limits;
    private final Outcome outcome;
    private final Queue<SocketChannel> arrivals = new ConcurrentLinkedQueue<>();
    private final Thread thread;

    RequestReader(ControlLimits limits, Outcome outcome) throws IOException {
        this.selector = Selector.open();
        this.limits = limits;
        this.outcome = outcome;
        this.thread = new Thread(this::run, "hotcert-control-requests");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts reading {@code channel}'s request; from any thread. */
    void read(SocketChannel channel) {
        arrivals.add(channel);
        selector.wakeup();
    }

    @Override
    public void close() throws IOException {
        selector.close();
    }

    private void run() {
        try {
            while (selector.isOpen()) {
                registerArrivals();
                selector.select(millisToNearestDeadline());
                for (SelectionKey key : selector.selectedKeys()) {
                    readFrom(key);
                }
                selector.selectedKeys().clear();
                expireOverdue();
            }
        } catch (ClosedSelectorException e) {
            // close(): the server is stopping.
        } catch (IOException | RuntimeException e) {
            LOG.error("control socket: the thread that reads requests failed; requests go unanswered", e);
        }
    }

    private void registerArrivals() {
        long deadline = System.nanoTime() + limits.requestTimeout().toNanos();
        for (SocketChannel channel = arrivals.poll(); channel != null; channel = arrivals.poll()) {
            try {
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ, new Pending(limits.maxRequestBytes(), deadline));
            } catch (IOException e) {
                outcome.refused(channel, e);
            }
        }
    }

    private long millisToNearestDeadline() {
        long nearest = Long.MAX_VALUE;
        for (SelectionKey key : selector.keys()) {
            if (key.isValid()) {
                nearest = Math.min(nearest, ((Pending) key.attachment()).deadline - System.nanoTime());
            }
        }
        // select(0) waits for ever: with nothing pending that is right, with something overdue it is not.
        return nearest == Long.MAX_VALUE ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(nearest) + 1);
    }

    private void readFrom(SelectionKey key) {
        var channel = (SocketChannel) key.channel();
        var pending = (Pending) key.attachment();
        try {
            int read = channel.read(pending.bytes);
            Optional<String> line = pending.line(read < 0);
            if (line.isPresent()) {
                key.cancel();
                outcome.line(channel, line.get());
            } else if (read < 0) {
                key.cancel();
                outcome.hungUp(channel);
            }
        } catch (ProtocolException e) {
            key.cancel();
            discardWaiting(channel);
            outcome.refused(channel, e);
        } catch (IOException e) {
            key.cancel();
            outcome.refused(channel, e);
        }
    }

    /**
     * Reads away what the client has sent already, up to a bound: a Unix socket closed with unread
     * data resets the connection, and the client would never see why it was refused.
     */
    private static void discardWaiting(SocketChannel channel) {
        ByteBuffer sink = ByteBuffer.allocate(4096);
        try {
            for (int i = 0; i < 16 && channel.read(sink.clear()) > 0; i++) {
                continue;
            }
        } catch (IOException e) {
            LOG.debug("control socket: reading away a refused request failed: {}", e.toString());
        }
    }

    private void expireOverdue() {
        long now = System.nanoTime();
        for (SelectionKey key : selector.keys()) {
            if (key.isValid() && now - ((Pending) key.attachment()).deadline >= 0) {
                key.cancel();
                outcome.refused((SocketChannel) key.channel(), new SocketTimeoutException(
                        "no complete line within " + LineChannel.seconds(limits.requestTimeout())));
            }
        }
    }

    /** The bytes of one request so far: at most the longest line allowed and its newline. */
    private static final class Pending {

        final ByteBuffer bytes;
        final long deadline;
        private final int maxLineBytes;

        Pending(int maxLineBytes, long deadline) {
            this.bytes = ByteBuffer.allocate(maxLineBytes + 1);
            this.maxLineBytes = maxLineBytes;
            this.deadline = deadline;
        }

        /**
         * The line once its newline is in, or once the client closed after some bytes (kind to
         * {@code nc -N}); empty while more may come.
         *
         * @throws ProtocolException when the line is longer than allowed
         */
        Optional<String> line(boolean endOfStream) throws ProtocolException {
            for (int i = 0; i < bytes.position(); i++) {
                if (bytes.get(i) == '\n') {
                    return Optional.of(text(i));
                }
            }
            if (!bytes.hasRemaining()) {
                throw new ProtocolException("line longer than " + maxLineBytes + " bytes");
            }
            return endOfStream && bytes.position() > 0 ? Optional.of(text(bytes.position())) : Optional.empty();
        }

        private String text(int length) {
            return new String(bytes.array(), 0, length, StandardCharsets.UTF_8);
        }
    }
}
