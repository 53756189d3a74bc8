package io.hotcert.renewal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.hotcert.crypto.CertificateSummary;

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
 *
 * <p>A clock that runs ahead is only seen against the CA's: a certificate that has just arrived
 * was issued (its notBefore) by the CA's clock moments ago. When this clock is well past that,
 * the difference is kept ({@link ClockAheadStore}) and expiry is judged by the CA's time from then
 * on, so that a fast clock does not order a certificate at every check, each one "already due".
 * A clock set back since (now before the moment the difference was seen) is believed again.
 */
public final class ClockSanity {

    public static final Duration TOLERANCE = Duration.ofHours(1);
    /** Well past: beyond the CA's backdating, and a share of a short lifetime that would matter. */
    static final Duration AHEAD_LIMIT = Duration.ofDays(1);

    private static final Logger LOG = LoggerFactory.getLogger(ClockSanity.class);

    private final Instant buildTime;
    private final ClockAheadStore aheadFile;

    /** @param buildTime when this program was built, e.g. {@link BuildInfo#buildTime()} */
    public ClockSanity(Instant buildTime, ClockAheadStore aheadFile) {
        this.buildTime = buildTime;
        this.aheadFile = aheadFile;
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
        return new ClockVerdict(now, Optional.empty(), aheadFile.load().filter(ahead -> !setBackSince(ahead, now)));
    }

    /**
     * Forgets that the clock ran ahead once it has been set back, so that the record cannot come
     * back into force when the corrected clock passes the moment it was made.
     */
    public void forgetIfSetBack(Instant now, String subject) throws IOException {
        Optional<ClockAhead> ahead = aheadFile.load();
        if (ahead.isPresent() && setBackSince(ahead.get(), now)) {
            aheadFile.delete();
            LOG.info("{}: the clock says {}, before {} when it ran ahead of the CA's: it has been set back, and"
                    + " renewal follows it again", subject, now, ahead.get().seenAt());
        }
    }

    /**
     * Compares the clock with the CA's as a certificate arrives: {@code issued} was just issued,
     * {@code seenAt} by this clock.
     *
     * @param dueAlready the policy calls it due by this clock, which a certificate fresh from the
     *                   CA cannot be unless the clock is wrong
     */
    public void observeIssued(Instant seenAt, CertificateSummary issued, boolean dueAlready, String subject) {
        Duration skew = Duration.between(issued.notBefore(), seenAt);
        Duration lifetime = Duration.between(issued.notBefore(), issued.notAfter());
        Duration limit = TOLERANCE.plus(min(AHEAD_LIMIT, lifetime.dividedBy(8)));
        try {
            if (skew.compareTo(limit) > 0 || dueAlready && skew.compareTo(TOLERANCE) > 0) {
                var ahead = new ClockAhead(seenAt, issued.notBefore(), issued.serial());
                aheadFile.save(ahead);
                LOG.warn("{}: {}; renewal is judged by the CA's time until the clock is right; check time"
                        + " synchronisation (timedatectl status)", subject, ahead.describe());
            } else if (aheadFile.load().isPresent()) {
                aheadFile.delete();
                LOG.info("{}: the clock agrees with the CA's again (certificate serial {} issued at {}, arrived at {})",
                        subject, issued.serial(), issued.notBefore(), seenAt);
            }
        } catch (IOException e) {
            // The certificate is stored and live; what the clock did is advice, and is measured again next time.
            LOG.warn("{}: cannot keep what the new certificate says about the clock: {}", subject, e.getMessage());
        }
    }

    private static boolean setBackSince(ClockAhead ahead, Instant now) {
        return now.isBefore(ahead.seenAt().minus(TOLERANCE));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static ClockVerdict implausible(Instant now, String bound) {
        return new ClockVerdict(now, Optional.of("clock says " + now + ", " + bound), Optional.empty());
    }
}
