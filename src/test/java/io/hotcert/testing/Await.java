package io.hotcert.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition instead of a fixed time: on a busy machine any fixed pause can be too
 * short, and where it is long enough it wastes the difference on every run.
 */
public final class Await {

    private static final long POLL_MILLIS = 10;

    private Await() {
    }

    /**
     * Returns as soon as {@code condition} holds; fails naming {@code what} when it does not
     * within {@code timeout}, a bound for a broken run, not a guess at how long a good one takes.
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
