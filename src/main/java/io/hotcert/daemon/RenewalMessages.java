package io.hotcert.daemon;

import io.hotcert.control.ExitCodes;
import io.hotcert.control.Reply;
import io.hotcert.renewal.RenewalResult;

/** The one-line outcome of a renewal and its exit code, the same whether it ran here or in the daemon. */
public final class RenewalMessages {

    private RenewalMessages() {
    }

    public static Reply reply(RenewalResult result) {
        return Reply.of(exitCode(result), describe(result));
    }

    private static String describe(RenewalResult result) {
        if (result instanceof RenewalResult.Renewed renewed) {
            return String.format("renewed (%s): serial %s, valid until %s, live set %s (%d ms)", renewed.reason(),
                    renewed.certificate().serial(), renewed.certificate().notAfter(), renewed.stored().id(),
                    renewed.took().toMillis());
        }
        if (result instanceof RenewalResult.NotDue notDue) {
            return "not due: " + notDue.decision().reason();
        }
        var postponed = (RenewalResult.Postponed) result;
        // Only the backoff sets a moment; a person who fixed the cause should not have to wait it out.
        return "not attempted: " + postponed.reason()
                + postponed.until().map(until -> "; hotcert renew --force skips the wait").orElse("");
    }

    /** A renewal that had to wait is worth retrying later: the contract's 75. */
    private static int exitCode(RenewalResult result) {
        return result instanceof RenewalResult.Postponed ? ExitCodes.TEMPORARY : ExitCodes.OK;
    }
}
