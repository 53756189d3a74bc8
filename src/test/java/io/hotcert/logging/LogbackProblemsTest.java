package io.hotcert.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.ErrorStatus;
import ch.qos.logback.core.status.InfoStatus;
import ch.qos.logback.core.status.StatusUtil;
import ch.qos.logback.core.status.WarnStatus;

class LogbackProblemsTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final LoggerContext context = new LoggerContext();

    @Test
    void warningsAndErrorsAreReportedOneLineEachAndChatterIsNot() {
        context.getStatusManager().add(new LogbackProblems(new PrintStream(printed, true, StandardCharsets.UTF_8)));

        context.getStatusManager().add(new InfoStatus("Setting up default configuration.", this));
        context.getStatusManager().add(new WarnStatus("Appender named [X] not referenced.", this));
        context.getStatusManager().add(new ErrorStatus("Failed to write", this, new IOException("Broken pipe")));

        assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("""
                logback warning: Appender named [X] not referenced.
                logback error: Failed to write: java.io.IOException: Broken pipe
                """);
    }

    @Test
    void theDefaultLoggingListensSoLogbackDoesNotStartItsStatusPrinter() {
        new DefaultLogging().configure(context);

        assertThat(StatusUtil.contextHasStatusListener(context)).isTrue();
        assertThat(context.getStatusManager().getCopyOfStatusListenerList())
                .hasAtLeastOneElementOfType(LogbackProblems.class);
    }
}
