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
