package io.hotcert.config;

import java.time.Duration;
import java.util.regex.Pattern;

/** Durations as written in the configuration: a whole number followed by d, h, m or s. */
final class Durations {

    // Nine digits at most keep every unit, even days, far from overflowing a Duration.
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([dhms])");

    private Durations() {
    }

    /** Whether {@code text} has the shape of a duration, whatever its amount. */
    static boolean looksLikeDuration(String text) {
        return DURATION.matcher(text).matches();
    }

    /**
     * Parses {@code 30d}, {@code 12h}, {@code 90m} or {@code 45s}.
     *
     * @param expected what the key accepts, appended to the error message
     * @throws IllegalArgumentException naming the text and what is expected
     */
    static Duration parse(String text, String expected) {
        var matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException('"' + text + "\" is not a duration; " + expected);
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "d" -> Duration.ofDays(amount);
            case "h" -> Duration.ofHours(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    /** The shortest way to write {@code duration} in the configuration's own units. */
    static String format(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds != 0 && seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds != 0 && seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        return seconds != 0 && seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
