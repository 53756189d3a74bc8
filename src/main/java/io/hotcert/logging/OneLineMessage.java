package io.hotcert.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %oneLineMsg}: the message with its line breaks written as {@code \n}. journald makes an
 * entry of every line, and only the first carries the priority; a CA's problem detail or a hook's
 * output with a line break would otherwise split one event, or forge a second one.
 */
public final class OneLineMessage extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return OneLine.of(event.getFormattedMessage());
    }
}
