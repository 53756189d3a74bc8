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
            long seconds = duration.toSeconds();
            if (seconds % 86_400 == 0) {
                return seconds / 86_400 + "d";
            }
            if (seconds % 3_600 == 0) {
                return seconds / 3_600 + "h";
            }
            return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
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
        // Nine digits at most keep every unit, even days, far from overflowing a Duration.
        var matcher = Pattern.compile("(\\d{1,9})([%dhms])").matcher(text);
        String expected = "expected a share of the lifetime from 1% to 99% (e.g. 33%)"
                + " or a positive duration in d, h, m or s (e.g. 30d, 12h)";
        if (!matcher.matches()) {
            throw new IllegalArgumentException('"' + text + "\" is not a renewal margin; " + expected);
        }
        int amount = Integer.parseInt(matcher.group(1));
        String unit = matcher.group(2);
        if (unit.equals("%") ? amount < 1 || amount > 99 : amount == 0) {
            throw new IllegalArgumentException('"' + text + "\" is out of range; " + expected);
        }
        return switch (unit) {
            case "%" -> new Share(amount);
            case "d" -> new Fixed(Duration.ofDays(amount));
            case "h" -> new Fixed(Duration.ofHours(amount));
            case "m" -> new Fixed(Duration.ofMinutes(amount));
            default -> new Fixed(Duration.ofSeconds(amount));
        };
    }
}
