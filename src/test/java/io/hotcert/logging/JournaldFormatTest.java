package io.hotcert.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;

/**
 * Both the built-in default and config/logback.xml, the file operators start from, format events
 * the way journald wants them, and the same way.
 */
abstract class JournaldFormatTest {

    final LoggerContext context = new LoggerContext();
    private ConsoleAppender<ILoggingEvent> console;

    /** Sets {@link #context} up the way the configuration under test does. */
    abstract void configure() throws JoranException;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void loadConfiguration() throws JoranException {
        configure();
        assertThat(context.getStatusManager().getCopyOfStatusList()).noneMatch(s -> s.getLevel() >= Status.WARN);
        console = (ConsoleAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
    }

    @Test
    void keepsTheLibrariesQuiet() {
        DefaultLogging.LIBRARY_LEVELS.forEach((name, level) ->
                assertThat(context.getLogger(name).getLevel()).as(name).isEqualTo(level));
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void writesToStdout() {
        assertThat(console.getTarget()).isEqualTo("System.out");
    }

    @Test
    void eachLevelGetsItsSyslogPriorityAndNoTimestamp() {
        assertThat(line(Level.ERROR, "board.example.test: renewal failed")).isEqualTo(
                "<3>ERROR RenewalRunner: board.example.test: renewal failed\n");
        assertThat(line(Level.WARN, "w")).isEqualTo("<4>WARN  RenewalRunner: w\n");
        assertThat(line(Level.INFO, "i")).isEqualTo("<6>INFO  RenewalRunner: i\n");
        assertThat(line(Level.DEBUG, "d")).isEqualTo("<7>DEBUG RenewalRunner: d\n");
        assertThat(line(Level.TRACE, "t")).isEqualTo("<7>TRACE RenewalRunner: t\n");
    }

    @Test
    void aMessageWithLineBreaksStaysOneLine() {
        assertThat(line(Level.WARN, "hook said: one\r\ntwo\nthree")).isEqualTo(
                "<4>WARN  RenewalRunner: hook said: one\\ntwo\\nthree\n");
    }

    @Test
    void anExceptionIsFoldedIntoTheLineAsItsCauseChain() {
        var root = new ConnectException("Connection refused");
        var wrapper = new IOException("cannot reach https://ca.example.test/dir", root);
        var event = event(Level.ERROR, "board.example.test: order failed", new IllegalStateException(
                "order step\nfailed", wrapper));

        String line = format(event);

        assertThat(line).isEqualTo("<3>ERROR RenewalRunner: board.example.test: order failed:"
                + " order step\\nfailed; caused by cannot reach https://ca.example.test/dir;"
                + " caused by Connection refused\n");
    }

    @Test
    void aWrapperRepeatingItsCausesMessageIsNotSaidTwice() {
        var cause = new ConnectException("Connection refused");
        var wrapper = new IOException(cause.toString(), cause);

        assertThat(format(event(Level.WARN, "x", wrapper))).isEqualTo(
                "<4>WARN  RenewalRunner: x: Connection refused\n");
    }

    @Test
    void noClassNameReachesTheLineNotEvenForExceptionsWithoutAMessage() {
        var disk = new AccessDeniedException("/var/lib/hotcert/archive");
        var wrapper = new IOException("storing the new set failed", disk);
        var bare = new IOException(new ClosedChannelException());

        assertThat(format(event(Level.ERROR, "x", wrapper))).isEqualTo("<3>ERROR RenewalRunner: x: storing the new set"
                + " failed; caused by /var/lib/hotcert/archive: permission denied\n");
        assertThat(format(event(Level.WARN, "x", bare))).isEqualTo("<4>WARN  RenewalRunner: x: the connection was closed\n");
    }

    @Test
    void atDebugTheFullStackTraceFollows() {
        context.getLogger("io.hotcert").setLevel(Level.DEBUG);

        String text = format(event(Level.ERROR, "x", new IOException("disk full")));

        assertThat(text).startsWith("<3>ERROR RenewalRunner: x\njava.io.IOException: disk full\n")
                .contains("\tat io.hotcert.logging.JournaldFormatTest.");
    }

    private String line(Level level, String message) {
        return format(event(level, message, null));
    }

    private LoggingEvent event(Level level, String message, Throwable thrown) {
        Logger logger = context.getLogger("io.hotcert.daemon.RenewalRunner");
        return new LoggingEvent(Logger.class.getName(), logger, level, message, thrown, null);
    }

    private String format(ILoggingEvent event) {
        return new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);
    }
}
