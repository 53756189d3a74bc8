package io.hotcert.server;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * How long something took, counted into fixed buckets from 1 ms to 10 s: the range in which a
 * board answers a request, and where a slow one shows. Recording is an addition on a
 * {@link LongAdder}, so many IO threads record at once without a lock.
 */
public final class DurationHistogram {

    /** Upper bounds in seconds, as Prometheus's {@code le} labels; a duration equal to a bound counts in its bucket. */
    static final List<Double> UPPER_BOUNDS = List.of(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0,
            2.5, 5.0, 10.0);

    private final long[] boundNanos = UPPER_BOUNDS.stream().mapToLong(seconds -> Math.round(seconds * 1e9)).toArray();
    /** One more than the bounds: the last bucket holds what took longer than 10 s. */
    private final LongAdder[] buckets = new LongAdder[UPPER_BOUNDS.size() + 1];
    private final LongAdder sumNanos = new LongAdder();

    public DurationHistogram() {
        Arrays.setAll(buckets, i -> new LongAdder());
    }

    /**
     * The counts as Prometheus wants them: per upper bound, how many took at most that long.
     *
     * @param cumulativeCounts one per bound and a last one for {@code +Inf}, which is the count of all
     */
    public record Snapshot(List<Double> upperBounds, List<Long> cumulativeCounts, double sumSeconds) {

        public long count() {
            return cumulativeCounts.get(cumulativeCounts.size() - 1);
        }
    }

    /** @param nanos a difference of {@link System#nanoTime()} readings */
    public void observe(long nanos) {
        int index = Arrays.binarySearch(boundNanos, nanos);
        buckets[index >= 0 ? index : -index - 1].increment();
        sumNanos.add(nanos);
    }

    public Snapshot snapshot() {
        var cumulative = new Long[buckets.length];
        long running = 0;
        for (int i = 0; i < buckets.length; i++) {
            running += buckets[i].sum();
            cumulative[i] = running;
        }
        return new Snapshot(UPPER_BOUNDS, List.of(cumulative), sumNanos.sum() / 1e9);
    }
}
