package io.hotcert.server;

import java.util.concurrent.atomic.LongAdder;

import io.undertow.server.HttpHandler;

/**
 * Counts the responses of a listener by status class (1xx to 5xx), and how long each took from its
 * request head to its last byte handed to the connection, for the metrics. A request is counted
 * when its exchange completes, whatever answered it: the content, an error page, or a client that
 * went away.
 */
public final class RequestCounter {

    private final LongAdder[] byClass = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(),
            new LongAdder()};
    private final DurationHistogram durations = new DurationHistogram();

    /** {@code next}, with every exchange it handles counted here. */
    public HttpHandler counting(HttpHandler next) {
        return exchange -> {
            long started = System.nanoTime();
            exchange.addExchangeCompleteListener((done, nextListener) -> {
                durations.observe(System.nanoTime() - started);
                count(done.getStatusCode());
                nextListener.proceed();
            });
            next.handleRequest(exchange);
        };
    }

    /** @param statusClass 1 to 5, as in 2xx */
    public long completed(int statusClass) {
        return byClass[statusClass - 1].sum();
    }

    public DurationHistogram.Snapshot durations() {
        return durations.snapshot();
    }

    private void count(int status) {
        int statusClass = status / 100;
        if (statusClass >= 1 && statusClass <= byClass.length) {
            byClass[statusClass - 1].increment();
        }
    }
}
