package io.hotcert.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;

/**
 * The line config/logback.xml's pattern {@code %priority%-5level %logger{0}: %oneLineMsg%causeChain%n}
 * writes, put together directly: the pattern machinery costs a board a few hundred classes at
 * every start for one fixed format.
 */
public final class JournaldLayout extends LayoutBase<ILoggingEvent> {

    private final SyslogPriority priority = new SyslogPriority();
    private final OneLineMessage message = new OneLineMessage();
    private final CauseChain causeChain = new CauseChain();

    @Override
    public void start() {
        causeChain.setContext(getContext());
        causeChain.start();
        super.start();
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        String level = event.getLevel().toString();
        String logger = event.getLoggerName();
        return priority.convert(event) + level + " ".repeat(Math.max(0, 5 - level.length()) + 1)
                + logger.substring(logger.lastIndexOf('.') + 1) + ": " + message.convert(event)
                + causeChain.convert(event) + CoreConstants.LINE_SEPARATOR;
    }
}
