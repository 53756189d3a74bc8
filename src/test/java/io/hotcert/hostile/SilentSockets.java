package io.hotcert.hostile;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An attacker's sockets: connections from one loopback address that send nothing (or only the
 * first bytes of a TLS record) and never read. With refill on, each one the server closes is
 * replaced, at up to {@link #REFILLS_PER_SECOND}, so the flood keeps coming back for as long as
 * it runs.
 *
 * <p>Records how long the server let each socket live. Bounded: it stops after {@code maxOpens}
 * sockets or when closed, whichever comes first.
 */
final class SilentSockets implements AutoCloseable {

    private static final byte[] TLS_RECORD_START = {0x16, 0x03, 0x01};
    static final int REFILLS_PER_SECOND = 1_000;

    private final InetSocketAddress server;
    private final String from;
    private final byte[] firstBytes;
    private final boolean refill;
    private final int maxOpens;
    private final Selector selector;
    private final Thread watcher;
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closedByServer = new AtomicInteger();
    private final AtomicLong longestLifeNanos = new AtomicLong();
    private volatile boolean running = true;
    private int refillsDue;
    private long lastRefillNanos = System.nanoTime();

    private SilentSockets(InetSocketAddress server, String from, byte[] firstBytes, boolean refill, int maxOpens)
            throws IOException {
        this.server = server;
        this.from = from;
        this.firstBytes = firstBytes;
        this.refill = refill;
        this.maxOpens = maxOpens;
        this.selector = Selector.open();
        this.watcher = new Thread(this::watch, "silent-sockets");
    }

    /** Opens {@code count} sockets that send nothing; with {@code refill}, replaces every one closed. */
    static SilentSockets silent(int port, String from, int count, boolean refill, int maxOpens) throws IOException {
        return open(port, from, count, new byte[0], refill, maxOpens);
    }

    /** As {@link #silent}, but each socket sends the first three bytes of a TLS handshake record. */
    static SilentSockets tlsStart(int port, String from, int count, boolean refill, int maxOpens) throws IOException {
        return open(port, from, count, TLS_RECORD_START, refill, maxOpens);
    }

    private static SilentSockets open(int port, String from, int count, byte[] firstBytes, boolean refill,
            int maxOpens) throws IOException {
        var sockets = new SilentSockets(new InetSocketAddress("127.0.0.1", port), from, firstBytes, refill, maxOpens);
        for (int i = 0; i < count; i++) {
            sockets.openOne();
        }
        sockets.watcher.start();
        return sockets;
    }

    private void openOne() throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.bind(new InetSocketAddress(from, 0));
        channel.connect(server);
        channel.write(ByteBuffer.wrap(firstBytes));
        channel.configureBlocking(false);
        channel.register(selector, SelectionKey.OP_READ, System.nanoTime());
        opened.incrementAndGet();
    }

    private void watch() {
        ByteBuffer sink = ByteBuffer.allocate(4096);
        try {
            while (running) {
                selector.select(refillsDue > 0 ? 5 : 100);
                for (SelectionKey key : selector.selectedKeys()) {
                    sink.clear();
                    if (readsEnd((SocketChannel) key.channel(), sink)) {
                        serverClosed(key);
                    }
                }
                selector.selectedKeys().clear();
                refill();
            }
        } catch (IOException e) {
            throw new IllegalStateException("the attacker's selector failed", e);
        }
    }

    private static boolean readsEnd(SocketChannel channel, ByteBuffer sink) {
        try {
            return channel.read(sink) < 0;
        } catch (IOException reset) {
            return true;
        }
    }

    private void serverClosed(SelectionKey key) throws IOException {
        long life = System.nanoTime() - (long) key.attachment();
        longestLifeNanos.accumulateAndGet(life, Math::max);
        closedByServer.incrementAndGet();
        key.cancel();
        key.channel().close();
        if (refill) {
            refillsDue++;
        }
    }

    private void refill() throws IOException {
        long now = System.nanoTime();
        long allowed = (now - lastRefillNanos) * REFILLS_PER_SECOND / 1_000_000_000L;
        if (allowed == 0) {
            return;
        }
        lastRefillNanos = now;
        for (long i = 0; i < allowed && refillsDue > 0 && running && opened.get() < maxOpens; i++) {
            refillsDue--;
            openOne();
        }
    }

    int opened() {
        return opened.get();
    }

    int closedByServer() {
        return closedByServer.get();
    }

    /** Sockets the server has not closed yet. */
    int stillOpen() {
        return opened.get() - closedByServer.get();
    }

    /** The longest time the server let one of the closed sockets live. */
    Duration longestLife() {
        return Duration.ofNanos(longestLifeNanos.get());
    }

    @Override
    public void close() throws Exception {
        running = false;
        selector.wakeup();
        watcher.join(5_000);
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
    }
}
