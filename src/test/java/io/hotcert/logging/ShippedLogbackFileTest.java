package io.hotcert.logging;

import java.nio.file.Path;

import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;

/** config/logback.xml, the file an operator copies to change the logging. */
class ShippedLogbackFileTest extends JournaldFormatTest {

    @Override
    void configure() throws JoranException {
        var configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(Path.of("config/logback.xml").toFile());
    }
}
