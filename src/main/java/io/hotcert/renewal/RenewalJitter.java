package io.hotcert.renewal;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * Where in the lifetime rule's window this installation renews a certificate: a point drawn from
 * the installation's seed and the certificate's serial. So it is random across a fleet (each
 * board picks its seed at its first start), fixed for one certificate across restarts without a
 * file per certificate, and new for the next certificate.
 *
 * @param seed the installation's seed; without one (nothing picked yet) the window's start is used
 */
public record RenewalJitter(OptionalLong seed) {

    /** The earliest moment of every window: where nothing is picked yet, and for tests of the rule itself. */
    public static final RenewalJitter NONE = new RenewalJitter(OptionalLong.empty());

    public static RenewalJitter of(long seed) {
        return new RenewalJitter(OptionalLong.of(seed));
    }

    /** A moment in [start, end), the same every time for the same seed and serial. */
    public Instant pick(Instant start, Instant end, String serial) {
        long width = Duration.between(start, end).toMillis();
        if (seed.isEmpty() || width <= 0) {
            return start;
        }
        // SplittableRandom mixes its seed thoroughly, so neighbouring serials land far apart.
        return start.plusMillis(new SplittableRandom(seed.getAsLong() ^ serial.hashCode()).nextLong(width));
    }
}
