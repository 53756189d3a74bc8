package io.hotcert.testing;

import java.util.concurrent.Callable;

/**
 * Repeats a renewal that the CA let skip its challenge, for tests that must watch one answered.
 *
 * <p>Pebble hands a new order the account's valid authorization for a name about 1 % of the time
 * even with {@code PEBBLE_AUTHZREUSE=0}: it creates a fresh one only when
 * {@code rand.Intn(100) > percent}, and a draw of 0 is not greater than 0. Such a renewal is
 * correct (hotcert logs it and needs no challenge) but proves nothing about the responder, so a
 * test that counts answered challenges tries once more, a bounded number of times.
 */
public final class FreshValidation {

    /** What hotcert logs for each name whose authorization the CA reused. */
    public static final String REUSED = "already authorized (the CA reused a valid authorization)";

    private static final int ATTEMPTS = 3;

    private FreshValidation() {
    }

    /** Runs {@code renewal} until a run logs no reused authorization, at most three times; returns the last result. */
    public static <T> T retryWhileReused(CapturedLogs logs, Callable<T> renewal) throws Exception {
        for (int attempt = 1;; attempt++) {
            long reusedBefore = reused(logs);
            T result = renewal.call();
            if (reused(logs) == reusedBefore || attempt == ATTEMPTS) {
                return result;
            }
        }
    }

    private static long reused(CapturedLogs logs) {
        return logs.text().lines().filter(line -> line.contains(REUSED)).count();
    }
}
