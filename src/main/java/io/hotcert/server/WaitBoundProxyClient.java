package io.hotcert.server;

import java.util.concurrent.TimeUnit;

import org.xnio.XnioExecutor;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyClient;
import io.undertow.server.handlers.proxy.ProxyConnection;
import io.undertow.util.AttachmentKey;
import io.undertow.util.WorkerUtils;

/**
 * Bounds the wait for a backend connection. Undertow's pool queues a request whose IO thread has
 * all its backend connections busy, and opens a connection without a timeout of its own; either
 * wait ended only at the request's overall bound (then 504). Here a request waits at most
 * {@link BackendLimits#connectionWait()}, and only while fewer than
 * {@link BackendLimits#maxWaiting()} others do; otherwise it ends with 503 and is marked
 * {@link #TURNED_AWAY} so that {@link BackendFailures} can say "busy" rather than "down".
 */
final class WaitBoundProxyClient implements ProxyClient {

    static final AttachmentKey<Boolean> TURNED_AWAY = AttachmentKey.create(Boolean.class);

    private final ProxyClient pool;
    private final BackendLimits limits;
    private final BackendWaits waits;

    WaitBoundProxyClient(ProxyClient pool, BackendLimits limits, BackendWaits waits) {
        this.pool = pool;
        this.limits = limits;
        this.waits = waits;
    }

    @Override
    public ProxyTarget findTarget(HttpServerExchange exchange) {
        return pool.findTarget(exchange);
    }

    @Override
    public void getConnection(ProxyTarget target, HttpServerExchange exchange, ProxyCallback<ProxyConnection> callback,
            long timeout, TimeUnit timeUnit) {
        if (!waits.tryStartWaiting(limits.maxWaiting())) {
            turnAway(exchange, callback);
            return;
        }
        var wait = new Wait(callback);
        wait.deadline = WorkerUtils.executeAfter(exchange.getIoThread(), () -> wait.expire(exchange),
                limits.connectionWait().toNanos(), TimeUnit.NANOSECONDS);
        wait.askingPool = true;
        try {
            pool.getConnection(target, exchange, wait, timeout, timeUnit);
        } finally {
            wait.askingPool = false;
        }
    }

    private static void turnAway(HttpServerExchange exchange, ProxyCallback<ProxyConnection> callback) {
        exchange.putAttachment(TURNED_AWAY, true);
        // Not failed(): the proxy would retry, and queue once more.
        callback.couldNotResolveBackend(exchange);
    }

    /**
     * One request's wait. The pool and the deadline both call back on the exchange's IO thread;
     * whichever comes first ends the wait, and the other finds it over. A connection the pool
     * hands over after the deadline goes back to it by itself: the pool returns connections when
     * the exchange completes, or at once when it has completed already.
     *
     * <p>A connection that comes later than the request for it, from another exchange finishing
     * (the pool hands a returned connection to the first waiter from within that exchange's
     * completion) or from a new connection, starts its request in a task of its own. Started
     * from within the completion, proxied requests stalled: with 10 HTTP/2 connections of 10
     * streams for 64 KiB each on a pool of 32, the IO thread's task queue grew to thousands of
     * tasks, timers fired up to 1.5 s late, backend answers sat unread as long, and p99 was 165
     * to 410 ms (11 ms with the task, the same requests a second).
     */
    private final class Wait implements ProxyCallback<ProxyConnection> {

        private final ProxyCallback<ProxyConnection> callback;
        private final long started = System.nanoTime();
        private XnioExecutor.Key deadline;
        private boolean over;
        /** Whether the pool is still inside the call that asked it: then its answer is not a late one. */
        private boolean askingPool;

        Wait(ProxyCallback<ProxyConnection> callback) {
            this.callback = callback;
        }

        void expire(HttpServerExchange exchange) {
            if (!over) {
                over = true;
                waits.gaveUp(System.nanoTime() - started);
                turnAway(exchange, callback);
            }
        }

        /** @return whether this call ends the wait; false when the deadline did already */
        private boolean end() {
            if (over) {
                return false;
            }
            over = true;
            deadline.remove();
            waits.stopWaiting(System.nanoTime() - started);
            return true;
        }

        @Override
        public void completed(HttpServerExchange exchange, ProxyConnection connection) {
            if (end()) {
                long connected = System.nanoTime();
                exchange.addExchangeCompleteListener((done, nextListener) -> {
                    waits.answered(System.nanoTime() - connected);
                    nextListener.proceed();
                });
                if (askingPool) {
                    callback.completed(exchange, connection);
                } else {
                    exchange.getIoThread().execute(() -> startLater(exchange, connection));
                }
            }
        }

        /** A client that went away meanwhile completed its exchange, and so gave the connection back. */
        private void startLater(HttpServerExchange exchange, ProxyConnection connection) {
            if (!exchange.isComplete()) {
                callback.completed(exchange, connection);
            }
        }

        @Override
        public void failed(HttpServerExchange exchange) {
            if (end()) {
                callback.failed(exchange);
            }
        }

        @Override
        public void couldNotResolveBackend(HttpServerExchange exchange) {
            if (end()) {
                callback.couldNotResolveBackend(exchange);
            }
        }

        @Override
        public void queuedRequestFailed(HttpServerExchange exchange) {
            if (end()) {
                callback.queuedRequestFailed(exchange);
            }
        }
    }
}
