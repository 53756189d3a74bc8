package io.hotcert.logging;

import java.io.PrintStream;

import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;

/**
 * Reports Logback's own warnings and errors (a console it cannot write to, say) on a stream, one
 * line each, and drops its start-up chatter. Being there also keeps Logback from loading its
 * status printer at start, whose date formatter loads the whole time zone database: about 0.5 MB
 * of heap that an idle board would keep for nothing.
 */
final class LogbackProblems implements StatusListener {

    private final PrintStream out;

    LogbackProblems(PrintStream out) {
        this.out = out;
    }

    @Override
    public void addStatusEvent(Status status) {
        if (status.getEffectiveLevel() < Status.WARN) {
            return;
        }
        String level = status.getEffectiveLevel() == Status.ERROR ? "error" : "warning";
        Throwable cause = status.getThrowable();
        out.println("logback " + level + ": " + status.getMessage() + (cause == null ? "" : ": " + cause));
    }
}
