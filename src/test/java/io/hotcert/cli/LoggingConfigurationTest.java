package io.hotcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;

/** The logging set up when the tests start, hotcert's built-in default, must load: a broken one silently drops every log line. */
class LoggingConfigurationTest {

    @Test
    void defaultLoggingLoadsWithoutErrors() {
        var context = (LoggerContext) LoggerFactory.getILoggerFactory();

        assertThat(context.getStatusManager().getCopyOfStatusList())
                .noneMatch(status -> status.getLevel() >= Status.WARN);
        assertThat(context.getLogger("org.xnio").getEffectiveLevel().toString()).isEqualTo("WARN");
    }
}
