package io.hotcert.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;

/** The logging hotcert sets up when the operator names no file of their own. */
class DefaultLoggingTest extends JournaldFormatTest {

    @Override
    void configure() {
        new DefaultLogging().configure(context);
    }

    @Test
    void leavesAnOperatorsFileToLogback() {
        String before = System.getProperty(DefaultLogging.CONFIGURATION_FILE_PROPERTY);
        System.setProperty(DefaultLogging.CONFIGURATION_FILE_PROPERTY, "/etc/hotcert/logback.xml");
        try {
            var untouched = new LoggerContext();
            assertThat(new DefaultLogging().configure(untouched)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(untouched.getLogger(ch.qos.logback.classic.Logger.ROOT_LOGGER_NAME).iteratorForAppenders())
                    .isExhausted();
        } finally {
            if (before == null) {
                System.clearProperty(DefaultLogging.CONFIGURATION_FILE_PROPERTY);
            } else {
                System.setProperty(DefaultLogging.CONFIGURATION_FILE_PROPERTY, before);
            }
        }
    }
}
