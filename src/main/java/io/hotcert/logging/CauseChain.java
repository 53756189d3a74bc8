package io.hotcert.logging;

import java.util.Locale;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;

/**
 * {@code %causeChain}: an event's exception on the same line as the message, as what went wrong
 * in it and in each cause ({@code ; caused by ...}), in words rather than class names (see
 * {@link Reasons}), so one event stays one journal entry that an operator can read. Only when the
 * event's logger is at DEBUG is the full stack trace, class names and all, written on the lines
 * after.
 */
public final class CauseChain extends ThrowableHandlingConverter {

    /** A cycle in the cause chain must not loop; real chains are far shorter. */
    private static final int MAX_CAUSES = 10;

    @Override
    public String convert(ILoggingEvent event) {
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown == null) {
            return "";
        }
        if (debugEnabled(event)) {
            return CoreConstants.LINE_SEPARATOR + ThrowableProxyUtil.asString(thrown);
        }
        var line = new StringBuilder(": ");
        String previous = null;
        for (int depth = 0; thrown != null && depth < MAX_CAUSES; depth++, thrown = thrown.getCause()) {
            String reason = Reasons.of(thrown.getClassName(), thrown.getMessage());
            // Wrappers often repeat their cause's message; saying it twice adds nothing.
            if (previous != null && previous.toLowerCase(Locale.ROOT).contains(reason.toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (depth > 0) {
                line.append("; caused by ");
            }
            line.append(OneLine.of(reason));
            previous = reason;
        }
        return line.toString();
    }

    private boolean debugEnabled(ILoggingEvent event) {
        return getContext() instanceof LoggerContext loggers && loggers.getLogger(event.getLoggerName()).isDebugEnabled();
    }
}
