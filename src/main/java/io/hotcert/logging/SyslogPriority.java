package io.hotcert.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %priority}: the syslog priority prefix ({@code <3>} error, {@code <4>} warning, {@code <6>}
 * info, {@code <7>} debug) that journald reads from a service's output and strips, so that
 * {@code journalctl -p warning} finds hotcert's warnings and errors.
 */
public final class SyslogPriority extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return switch (event.getLevel().toInt()) {
            case Level.ERROR_INT -> "<3>";
            case Level.WARN_INT -> "<4>";
            case Level.INFO_INT -> "<6>";
            default -> "<7>";
        };
    }
}
