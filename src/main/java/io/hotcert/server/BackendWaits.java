package io.hotcert.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the proxy's requests spent waiting for a backend connection, for the metrics: how many
 * wait now, how long all waits took together, and how many requests were turned away with 503
 * because too many waited or one waited too long; then how long each took from the connection in
 * hand to the backend's answer relayed.
 */
public final class BackendWaits {

    private final AtomicInteger waiting = new AtomicInteger();
    private final LongAdder waits = new LongAdder();
    private final LongAdder waitedNanos = new LongAdder();
    private final LongAdder turnedAway = new LongAdder();
    private final DurationHistogram backendTimes = new DurationHistogram();

    /** @return whether the request may wait: fewer than {@code limit} do now */
    boolean tryStartWaiting(int limit) {
        if (waiting.incrementAndGet() > limit) {
            waiting.decrementAndGet();
            turnedAway.increment();
            return false;
        }
        return true;
    }

    /** A wait ended with a connection, or with the backend failing to give one. */
    void stopWaiting(long nanos) {
        waiting.decrementAndGet();
        waits.increment();
        waitedNanos.add(nanos);
    }

    /** A wait ended because it took too long. */
    void gaveUp(long nanos) {
        stopWaiting(nanos);
        turnedAway.increment();
    }

    /** A request that had its connection is done with the backend after {@code nanos}. */
    void answered(long nanos) {
        backendTimes.observe(nanos);
    }

    public DurationHistogram.Snapshot backendTimes() {
        return backendTimes.snapshot();
    }

    public int waiting() {
        return waiting.get();
    }

    public long waits() {
        return waits.sum();
    }

    public double waitedSeconds() {
        return waitedNanos.sum() / 1e9;
    }

    public long turnedAway() {
        return turnedAway.sum();
    }
}
