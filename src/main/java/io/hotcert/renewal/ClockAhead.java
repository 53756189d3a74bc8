package io.hotcert.renewal;

import java.time.Duration;
import java.time.Instant;

/**
 * What the CA's newest certificate said about this board's clock: the CA issued it at
 * {@code caTime} by its own clock (the notBefore), and it arrived here at {@code seenAt} by this
 * one. The difference is how far this clock runs ahead.
 *
 * @param serial the certificate's serial in lower-case hexadecimal, for the operator to look it up
 */
public record ClockAhead(Instant seenAt, Instant caTime, String serial) {

    public Duration by() {
        return Duration.between(caTime, seenAt);
    }

    /** "the clock runs ahead by about 70 days": rounded, since the CA may backdate by an hour or so. */
    public String summary() {
        long hours = by().toHours();
        return "the clock runs ahead by about " + (hours >= 36 ? (hours + 12) / 24 + " days" : hours + " hours");
    }

    /** The summary and how it is known, for the log and status. */
    public String describe() {
        return summary() + " (it said " + seenAt + " when certificate serial " + serial + " arrived, issued at "
                + caTime + " by the CA's clock)";
    }
}
