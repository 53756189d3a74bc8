package io.hotcert.config;

import java.util.List;

/**
 * A value with several independent faults, such as a domain list with two bad names; reporting
 * each lets the user fix them all at once. Single faults are plain
 * {@link IllegalArgumentException}s.
 */
final class InvalidValueException extends IllegalArgumentException {

    private final List<String> reasons;

    InvalidValueException(List<String> reasons) {
        super(String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    List<String> reasons() {
        return reasons;
    }
}
