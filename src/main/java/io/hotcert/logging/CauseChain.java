package io.hotcert.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;

/**
 * {@code %causeChain}: an event's exception on the same line as the message, as the type and
 * message of it and of each cause ({@code ; caused by ...}), so one event stays one journal
 * entry. Only when the event's logger is at DEBUG is the full stack trace written, on the lines
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
        String previousMessage = null;
        for (int depth = 0; thrown != null && depth < MAX_CAUSES; depth++, thrown = thrown.getCause()) {
            String message = thrown.getMessage();
            // Wrappers often repeat their cause's message; saying it twice adds nothing.
            if (previousMessage != null && message != null && previousMessage.contains(message)) {
                continue;
            }
            if (depth > 0) {
                line.append("; caused by ");
            }
            line.append(simpleName(thrown.getClassName()));
            if (message != null) {
                line.append(": ").append(OneLine.of(message));
            }
            previousMessage = message;
        }
        return line.toString();
    }

    private boolean debugEnabled(ILoggingEvent event) {
        return getContext() instanceof LoggerContext loggers && loggers.getLogger(event.getLoggerName()).isDebugEnabled();
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
