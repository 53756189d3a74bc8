package io.hotcert.server;

import java.util.function.LongSupplier;

/**
 * At most so many log lines in each second (by the monotonic clock), counting the ones turned
 * away so that the first line of the next second can say how many there were.
 */
final class LineRate {

    private static final long SECOND_NANOS = 1_000_000_000L;

    /** @param dropped lines turned away in the second before this one, to be reported once; else 0 */
    record Admission(boolean admitted, long dropped) {
    }

    /** The answers of every call but the first of a second after drops: no allocation per request. */
    private static final Admission ADMITTED = new Admission(true, 0);
    private static final Admission REFUSED = new Admission(false, 0);

    private final int perSecond;
    private final LongSupplier nanoTime;
    private long secondStart;
    private int admitted;
    private long dropped;

    LineRate(int perSecond, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
        this.secondStart = nanoTime.getAsLong();
    }

    synchronized Admission next() {
        long now = nanoTime.getAsLong();
        long droppedBefore = 0;
        if (now - secondStart >= SECOND_NANOS) {
            droppedBefore = dropped;
            secondStart = now;
            admitted = 0;
            dropped = 0;
        }
        if (admitted < perSecond) {
            admitted++;
            return droppedBefore == 0 ? ADMITTED : new Admission(true, droppedBefore);
        }
        dropped++;
        return droppedBefore == 0 ? REFUSED : new Admission(false, droppedBefore);
    }
}
