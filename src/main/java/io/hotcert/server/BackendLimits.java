package io.hotcert.server;

import java.time.Duration;

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
     * a connection forever; but it waits at most 5 s for a backend connection, with at most 128
     * others, and is told 503 beyond that rather than queueing towards the minute.
     *
     * <p>An IO thread keeps up to 128 backend connections, more than the
     * {@value ListenerOptions#MAX_HTTP2_STREAMS} streams one HTTP/2 client may open, so that one
     * client's full set of requests never waits for a connection, as it does not with Caddy or
     * nginx, which open as many as they need. It costs 0.6 MB of peak RSS under the bench's 64 KiB
     * HTTP/2 load. With 32, 200 streams at once (two such clients) left 168 requests to wait, more
     * than the 128 allowed; h2load, asking again at once, got 355,000 503s and 20 answers in 5 s,
     * where nginx answered every request.
     */
    public static final BackendLimits DAEMON = new BackendLimits(Duration.ofSeconds(60), Duration.ofSeconds(5), 128,
            128);

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
