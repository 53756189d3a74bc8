package io.hotcert.server;

import java.time.Duration;

import io.hotcert.config.ServerLimits;

/**
 * Bounds on the reverse proxy, so that neither a failing backend nor a crowd of clients can hold
 * requests without end.
 *
 * @param requestTime            longest a request may take at the backend, connecting included;
 *                               past it the client gets 504, or its connection is closed when the
 *                               answer has started
 * @param connectionWait         longest a request may wait for a backend connection (the pool is
 *                               full, or the backend is slow to accept); past it the client gets 503
 * @param connectionsPerIoThread backend connections each IO thread keeps at most
 * @param maxWaiting             requests that may wait for a backend connection at once; more get
 *                               503 at once instead of queueing
 */
public record BackendLimits(Duration requestTime, Duration connectionWait, int connectionsPerIoThread,
        int maxWaiting) {

    /**
     * The daemon's: a proxied request may take a minute at the backend, so a hung one cannot hold
     * a connection forever; but it waits at most 5 s for a backend connection, with at most 1,023
     * others, and is told 503 beyond that rather than queueing towards the minute.
     *
     * <p>An IO thread keeps up to 32 backend connections. 128, more than one HTTP/2 client's
     * {@value ListenerOptions#MAX_HTTP2_STREAMS} streams, was tried: since a request that waited
     * starts in a task of its own ({@link WaitBoundProxyClient}), waiting costs no more than its
     * length, and 128 raised the bench's peak RSS from 88.1 to 92.0 MB without serving faster
     * (10 HTTP/2 connections of 10 streams for 64 KiB each: 12,000 requests a second with 32 and
     * p99 11 ms, 11,500 with 128 and p99 17 ms).
     *
     * <p>The waiting bound is as many as the listener's connections: a wait costs little beside the
     * request itself, and the 5 s bound keeps it short. A bound near the pool's size turned a load
     * that nginx serves into a collapse: with 32 connections and 128 allowed to wait, 200 streams
     * at once (two such clients) left 168 requests to wait, and h2load, asking again at once, got
     * about 70,000 503s a second and 20 answers in 5 s, where nginx answered every request. With
     * 1,024: 0 errors up to 500 streams at once, p99 59 ms (nginx 45 ms).
     */
    public static final BackendLimits DAEMON = new BackendLimits(Duration.ofSeconds(60), Duration.ofSeconds(5), 32,
            ServerLimits.CONNECTIONS_PER_LISTENER);

    public BackendLimits {
        if (requestTime.isNegative() || requestTime.isZero() || connectionWait.isNegative() || connectionWait.isZero()) {
            throw new IllegalArgumentException("proxy time limits must be positive: request " + requestTime
                    + ", connection wait " + connectionWait);
        }
        if (connectionsPerIoThread < 1 || maxWaiting < 1) {
            throw new IllegalArgumentException("backend connections per IO thread and waiting requests must be"
                    + " positive: " + connectionsPerIoThread + ", " + maxWaiting);
        }
    }
}
