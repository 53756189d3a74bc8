package io.hotcert.logging;

import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * hotcert's default logging, what config/logback.xml describes, set up without reading XML: Logback's
 * XML configurator loads an XML parser, java.beans and its own model classes, about 3 MB of a
 * board's memory at every start. An operator's file named by {@code logback.configurationFile}
 * still replaces it. JournaldFormatTest holds the two to the same output.
 */
public final class DefaultLogging extends ContextAwareBase implements Configurator {

    /** Where Logback's own configurator looks for the operator's file. */
    static final String CONFIGURATION_FILE_PROPERTY = "logback.configurationFile";

    /** The libraries' start-up and per-request chatter says nothing an operator can act on. */
    static final Map<String, Level> LIBRARY_LEVELS = Map.of(
            "org.shredzone.acme4j", Level.WARN,
            "io.undertow", Level.WARN,
            "io.undertow.proxy", Level.OFF,
            "org.xnio", Level.WARN,
            "org.jboss", Level.WARN,
            "org.quartz", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(CONFIGURATION_FILE_PROPERTY) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        context.getStatusManager().add(new LogbackProblems(System.err));
        var layout = new JournaldLayout();
        layout.setContext(context);
        layout.start();
        var encoder = new LayoutWrappingEncoder<ILoggingEvent>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        var console = new ConsoleAppender<ILoggingEvent>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setTarget("System.out");
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        LIBRARY_LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
