package io.hotcert.renewal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether the system clock can be trusted to judge a certificate's expiry. Boards without a
 * battery-backed clock boot in 1970 or at the image's build date until NTP answers; judged by
 * such a clock, a valid certificate looks not yet valid or years from expiry, and a renewal
 * would be pointless or wrong.
 *
 * <p>Two lower bounds are known without any network: this program cannot run before it was
 * built, and the stored certificate cannot have been issued after now. A clock before either is
 * wrong, give or take {@link #TOLERANCE}: a build machine's and a CA's clocks are not exactly
 * the board's.
 */
public final class ClockSanity {

    public static final Duration TOLERANCE = Duration.ofHours(1);

    private final Instant buildTime;

    /** @param buildTime when this program was built, e.g. {@link BuildInfo#buildTime()} */
    public ClockSanity(Instant buildTime) {
        this.buildTime = buildTime;
    }

    /** @param certificateNotBefore the stored certificate's notBefore, if there is one */
    public ClockVerdict check(Clock clock, Optional<Instant> certificateNotBefore) {
        Instant now = clock.instant();
        if (now.isBefore(buildTime.minus(TOLERANCE))) {
            return implausible(now, "before this build (" + buildTime + ")");
        }
        if (certificateNotBefore.isPresent() && now.isBefore(certificateNotBefore.get().minus(TOLERANCE))) {
            return implausible(now, "before the stored certificate's notBefore (" + certificateNotBefore.get() + ")");
        }
        return new ClockVerdict(now, Optional.empty());
    }

    private static ClockVerdict implausible(Instant now, String bound) {
        return new ClockVerdict(now, Optional.of("clock says " + now + ", " + bound));
    }
}
