package io.hotcert.control;

import java.time.Duration;

/**
 * Bounds on what one client may cost the daemon, so a stuck or hostile client (anyone in the
 * socket's group) can hold a control thread only briefly and never grow its memory.
 *
 * @param maxRequestBytes the request line's length, newline excluded
 * @param requestTimeout  from connect to a complete request line
 * @param writeTimeout    for each line to the client; a client that stops reading is dropped
 */
public record ControlLimits(int maxRequestBytes, Duration requestTimeout, Duration writeTimeout) {

    public ControlLimits {
        if (maxRequestBytes < 64) {
            throw new IllegalArgumentException("maxRequestBytes must leave room for a request: " + maxRequestBytes);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero() || writeTimeout.isNegative() || writeTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive: " + requestTimeout + ", " + writeTimeout);
        }
    }

    /** A request is one short line: 4 KiB is generous; 5 s is forever for a local process. */
    public static ControlLimits defaults() {
        return new ControlLimits(4096, Duration.ofSeconds(5), Duration.ofSeconds(5));
    }
}
