package io.hotcert.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where the HTTPS listener's access log goes, named as in {@code https.access-log}. There is no
 * file: a board's flash should not be written once per request.
 */
public enum AccessLog {
    OFF("off"),
    /** One line per request through the daemon's log (journald under systemd), rate-limited. */
    JOURNAL("journal");

    private final String propertyValue;

    AccessLog(String propertyValue) {
        this.propertyValue = propertyValue;
    }

    public String propertyValue() {
        return propertyValue;
    }

    static Optional<AccessLog> fromPropertyValue(String value) {
        return Arrays.stream(values()).filter(choice -> choice.propertyValue.equals(value)).findFirst();
    }

    static String acceptedValues() {
        return Arrays.stream(values()).map(AccessLog::propertyValue).collect(Collectors.joining(", "));
    }
}
