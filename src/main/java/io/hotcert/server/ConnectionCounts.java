package io.hotcert.server;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The connections the web server's listeners hold open now, and those its limits ended early, for
 * the metrics. Plain-HTTP listeners (the HTTP-01 port and the metrics port) count together; the
 * HTTPS listener on its own.
 */
public final class ConnectionCounts {

    /** How a listener is reached, the {@code listener} label. */
    public enum Scheme { HTTP, HTTPS }

    /** Each limit that ends a connection before it is served, or while it costs more than it may. */
    public enum Limit {
        /** One client address already holds its share of the listener. */
        PER_ADDRESS,
        /** The TLS handshake did not finish in time. */
        HANDSHAKE_DEADLINE,
        /** An HTTP/2 client sent more frames that ask for nothing than a second allows. */
        HTTP2_FRAME_BUDGET,
        /** An HTTP/2 client opened more streams at once than the listener advertises. */
        HTTP2_STREAMS
    }

    private final Map<Scheme, Listener> listeners = new EnumMap<>(Scheme.class);

    public ConnectionCounts() {
        for (Scheme scheme : Scheme.values()) {
            listeners.put(scheme, new Listener());
        }
    }

    public int open(Scheme scheme) {
        return listeners.get(scheme).open.get();
    }

    public long refused(Scheme scheme, Limit limit) {
        return listeners.get(scheme).refused.get(limit).sum();
    }

    Listener of(Scheme scheme) {
        return listeners.get(scheme);
    }

    /** One scheme's counts, which the guards of its listeners update. */
    static final class Listener {

        private final AtomicInteger open = new AtomicInteger();
        private final Map<Limit, LongAdder> refused = new EnumMap<>(Limit.class);

        private Listener() {
            for (Limit limit : Limit.values()) {
                refused.put(limit, new LongAdder());
            }
        }

        void opened() {
            open.incrementAndGet();
        }

        void closed() {
            open.decrementAndGet();
        }

        void refused(Limit limit) {
            refused.get(limit).increment();
        }
    }
}
