package io.hotcert.control;

import java.util.function.Consumer;

/**
 * What the daemon does for a control request. Implementations map their own results and failures
 * to a {@link Reply} with the contract's exit code; an exception that escapes is a bug, which the
 * server reports to the client as exit 1 and logs with its stack trace.
 *
 * <p>Calls come from several threads at once: up to two renewals or dry runs, and up to two
 * statuses beside them; a second renewal should wait for, or join, the one in flight.
 */
public interface ControlHandler {

    /**
     * Renews if due (always with {@code force}) and swaps the result into the listener.
     *
     * @param progress one line per step, shown by {@code hotcert renew} as it happens; may be called
     *                 from any thread until this method returns, and never blocks for long: a client
     *                 that has gone away is dropped, and the renewal carries on.
     */
    Reply renew(boolean force, Consumer<String> progress);

    /**
     * A full trial order against the staging CA into a scratch directory, through the daemon's own
     * HTTP-01 responder: nothing is swapped, stored or hooked. Progress as for {@link #renew}.
     */
    Reply dryRun(Consumer<String> progress);

    /** The managed certificate and the schedule, as {@code hotcert status} shows them. */
    Reply status();
}
