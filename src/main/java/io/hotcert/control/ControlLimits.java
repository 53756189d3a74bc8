package io.hotcert.control;

import java.time.Duration;

/**
 * Bounds on what one client may cost the daemon, so a stuck or hostile client (anyone in the
 * socket's group) can hold a connection only briefly, never a thread while it is silent, and
 * never grow the daemon's memory.
 *
 * @param maxRequestBytes the request line's length, newline excluded
 * @param requestTimeout  from connect to a complete request line
 * @param writeTimeout    for each line to the client; a client that stops reading is dropped
 * @param maxConnections  connections open at once; one more gets "busy" (exit 75) and is closed
 */
public record ControlLimits(int maxRequestBytes, Duration requestTimeout, Duration writeTimeout, int maxConnections) {

    public ControlLimits {
        if (maxRequestBytes < 64) {
            throw new IllegalArgumentException("maxRequestBytes must leave room for a request: " + maxRequestBytes);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero() || writeTimeout.isNegative() || writeTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive: " + requestTimeout + ", " + writeTimeout);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
        }
    }

    /**
     * A request is one short line: 4 KiB is generous; 5 s is forever for a local process. 256
     * waiting connections cost about a megabyte of buffers, and are more than any script needs.
     */
    public static ControlLimits defaults() {
        return new ControlLimits(4096, Duration.ofSeconds(5), Duration.ofSeconds(5), 256);
    }
}
