package io.hotcert.logging;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;

/**
 * While open, console appenders that write to stdout write to stderr instead. hotcert logs to
 * stdout (journald reads it), but a command whose stdout is its result, such as
 * {@code status --json}, must print nothing else there. Works on whatever configuration is
 * loaded, the operator's own included.
 */
public final class LogsOffStdout implements AutoCloseable {

    private static final String STDOUT = "System.out";
    private static final String STDERR = "System.err";

    private final List<ConsoleAppender<ILoggingEvent>> moved;

    private LogsOffStdout(List<ConsoleAppender<ILoggingEvent>> moved) {
        this.moved = moved;
    }

    public static LogsOffStdout open() {
        var moved = new ArrayList<ConsoleAppender<ILoggingEvent>>();
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            for (Logger logger : context.getLoggerList()) {
                for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                    if (it.next() instanceof ConsoleAppender<ILoggingEvent> console && STDOUT.equals(console.getTarget())
                            && !moved.contains(console)) {
                        retarget(console, STDERR);
                        moved.add(console);
                    }
                }
            }
        }
        return new LogsOffStdout(moved);
    }

    /** Back to stdout, for the rest of a process that runs more than one command (tests). */
    @Override
    public void close() {
        moved.forEach(console -> retarget(console, STDOUT));
    }

    /** The target is read when the appender starts, so it is stopped and started around the change. */
    private static void retarget(ConsoleAppender<ILoggingEvent> console, String target) {
        console.stop();
        console.setTarget(target);
        console.start();
    }
}
