package io.hotcert.control;

import java.io.Closeable;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One end of a control connection: UTF-8 lines ending in {@code \n}, each read or written within a
 * deadline. A Unix {@link SocketChannel} has no read timeout (its {@code socket()} adaptor, which
 * would have {@code SO_TIMEOUT}, is not supported for Unix sockets), so the channel is kept
 * non-blocking and waits on a selector of its own with the time that is left.
 *
 * <p>Deadlines are {@link System#nanoTime()} values, not wall-clock instants: a board without a
 * real-time clock jumps by years when NTP first answers, and a timeout must not jump with it.
 */
final class LineChannel implements Closeable {

    private static final byte NEWLINE = '\n';

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final int maxLineBytes;
    private final ByteBuffer chunk = ByteBuffer.allocate(4096);
    private byte[] pending = new byte[512];
    private int pendingLength;
    private boolean endOfStream;

    /** @param maxLineBytes longer lines are refused, so a peer cannot make this side buffer without bound */
    LineChannel(SocketChannel channel, int maxLineBytes) throws IOException {
        this.channel = channel;
        this.maxLineBytes = maxLineBytes;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        try {
            this.key = channel.register(selector, 0);
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
    }

    /**
     * The next line without its newline, or empty at the end of the stream. A last line the peer
     * ended by closing instead of with a newline still counts, which is kind to {@code nc -N}.
     *
     * Only the thread that owns the connection reads.
     *
     * @throws SocketTimeoutException when no complete line arrives within {@code timeout}
     * @throws ProtocolException      when the line is longer than allowed
     */
    Optional<String> readLine(Duration timeout) throws IOException {
        long deadline = deadlineIn(timeout);
        while (true) {
            int newline = indexOfNewline();
            if (newline > maxLineBytes || (newline < 0 && pendingLength > maxLineBytes)) {
                throw new ProtocolException("line longer than " + maxLineBytes + " bytes");
            }
            if (newline >= 0) {
                return Optional.of(take(newline, newline + 1));
            }
            if (endOfStream) {
                return pendingLength == 0 ? Optional.empty() : Optional.of(take(pendingLength, pendingLength));
            }
            fill(deadline, timeout);
        }
    }

    /**
     * Writes {@code line} and a newline; {@code line} must not contain one (JSON never does). Any
     * thread may write (progress comes from the renewal's), one line at a time, never while the
     * owner reads.
     */
    synchronized void writeLine(String line, Duration timeout) throws IOException {
        long deadline = deadlineIn(timeout);
        ByteBuffer out = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                await(SelectionKey.OP_WRITE, deadline, "the peer read nothing for " + seconds(timeout));
            }
        }
    }

    /** Safe from any thread: a read or write blocked in another one fails at once. */
    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            selector.close(); // wakes a thread waiting in select
        }
    }

    private void fill(long deadline, Duration timeout) throws IOException {
        chunk.clear();
        int read = channel.read(chunk);
        if (read < 0) {
            endOfStream = true;
        } else if (read == 0) {
            await(SelectionKey.OP_READ, deadline, "no complete line within " + seconds(timeout));
        } else {
            if (pendingLength + read > pending.length) {
                pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + read));
            }
            System.arraycopy(chunk.array(), 0, pending, pendingLength, read);
            pendingLength += read;
        }
    }

    private void await(int operation, long deadline, String timeoutMessage) throws IOException {
        long left = deadline - System.nanoTime();
        // select(0) would wait forever: anything under a millisecond counts as expired.
        long millis = TimeUnit.NANOSECONDS.toMillis(left);
        if (millis <= 0) {
            throw new SocketTimeoutException(timeoutMessage);
        }
        try {
            key.interestOps(operation);
            selector.select(millis);
            selector.selectedKeys().clear();
        } catch (ClosedSelectorException | CancelledKeyException e) {
            throw new AsynchronousCloseException();
        }
    }

    private int indexOfNewline() {
        for (int i = 0; i < pendingLength; i++) {
            if (pending[i] == NEWLINE) {
                return i;
            }
        }
        return -1;
    }

    private String take(int lineLength, int consumed) {
        String line = new String(pending, 0, lineLength, StandardCharsets.UTF_8);
        System.arraycopy(pending, consumed, pending, 0, pendingLength - consumed);
        pendingLength -= consumed;
        return line;
    }

    private static long deadlineIn(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    static String seconds(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }
}
