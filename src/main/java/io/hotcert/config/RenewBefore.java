package io.hotcert.config;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * "Renew when less than this remains" ({@code renew.before-expiry}): either a share of the
 * certificate's lifetime, which adapts when a CA shortens lifetimes, or a fixed duration.
 */
public sealed interface RenewBefore {

    /** Renew when less than {@code percent} of the lifetime remains. */
    record Share(int percent) implements RenewBefore {

        public Share {
            if (percent < 1 || percent > 99) {
                throw new IllegalArgumentException(percent + "% is out of range; expected 1% to 99%");
            }
        }

        @Override
        public Duration before(Instant notBefore, Instant notAfter) {
            if (notAfter.isBefore(notBefore)) {
                throw new IllegalArgumentException("notAfter " + notAfter + " is before notBefore " + notBefore);
            }
            return Duration.between(notBefore, notAfter).multipliedBy(percent).dividedBy(100);
        }

        /** As written in the configuration, for messages an operator compares with it. */
        @Override
        public String toString() {
            return percent + "% of the lifetime";
        }
    }

    /** Renew when less than {@code duration} remains, whatever the lifetime. */
    record Fixed(Duration duration) implements RenewBefore {

        public Fixed {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("the duration must be positive, not " + duration);
            }
        }

        @Override
        public Duration before(Instant notBefore, Instant notAfter) {
            return duration;
        }

        /** As written in the configuration: {@code 30d}, {@code 12h}, {@code 90m}, {@code 45s}. */
        @Override
        public String toString() {
            return Durations.format(duration);
        }
    }

    /**
     * The default: 33% of the lifetime, but half of it for a certificate of under 10 days, such as
     * Let's Encrypt's 160-hour ones (its {@code shortlived} profile, the only one for IP addresses):
     * 33% of 160 hours leaves 53 hours, little to get through a weekend of failures, while half
     * renews with 80 hours left, as Let's Encrypt advises for them.
     */
    record Default() implements RenewBefore {

        static final Duration SHORT_LIVED = Duration.ofDays(10);
        private static final Share LONG_LIVED_SHARE = new Share(33);
        private static final Share SHORT_LIVED_SHARE = new Share(50);

        @Override
        public Duration before(Instant notBefore, Instant notAfter) {
            boolean shortLived = Duration.between(notBefore, notAfter).compareTo(SHORT_LIVED) < 0;
            return (shortLived ? SHORT_LIVED_SHARE : LONG_LIVED_SHARE).before(notBefore, notAfter);
        }

        @Override
        public String toString() {
            return "33% of the lifetime (50% of a lifetime under 10 days)";
        }
    }

    /** How long before notAfter renewal becomes due, for a certificate valid notBefore..notAfter. */
    Duration before(Instant notBefore, Instant notAfter);

    /**
     * Parses {@code N%} (1 to 99) or a positive whole number followed by {@code d}, {@code h},
     * {@code m} or {@code s}.
     *
     * @throws IllegalArgumentException saying what is expected
     */
    static RenewBefore parse(String text) {
        String expected = "expected a share of the lifetime from 1% to 99% (e.g. 33%)"
                + " or a positive duration in d, h, m or s (e.g. 30d, 12h)";
        var share = Pattern.compile("(\\d{1,9})%").matcher(text);
        if (share.matches()) {
            int percent = Integer.parseInt(share.group(1));
            if (percent < 1 || percent > 99) {
                throw new IllegalArgumentException('"' + text + "\" is out of range; " + expected);
            }
            return new Share(percent);
        }
        if (!Durations.looksLikeDuration(text)) {
            throw new IllegalArgumentException('"' + text + "\" is not a renewal margin; " + expected);
        }
        Duration duration = Durations.parse(text, expected);
        if (duration.isZero()) {
            throw new IllegalArgumentException('"' + text + "\" is out of range; " + expected);
        }
        return new Fixed(duration);
    }
}
