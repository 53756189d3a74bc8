package io.hotcert.testing;

import java.util.List;
import java.util.stream.Collectors;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;

/** Every log event of every logger while open, formatted with its stack trace, to search for secrets. */
public final class CapturedLogs implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public CapturedLogs() {
        appender.start();
        root.addAppender(appender);
    }

    public String text() {
        List<ILoggingEvent> events = List.copyOf(appender.list);
        return events.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .collect(Collectors.joining("\n"));
    }

    /** The messages logged at ERROR, each with its logger. */
    public List<String> errors() {
        return List.copyOf(appender.list).stream().filter(e -> e.getLevel() == Level.ERROR)
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
    }
}
