package io.hotcert.hostile;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.opentest4j.AssertionFailedError;

/** Waiting for a condition rather than for a fixed time, bounded. */
final class Waits {

    private Waits() {
    }

    static void until(BooleanSupplier condition, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionFailedError("condition not met within " + atMost);
            }
            Thread.sleep(20);
        }
    }
}
