package io.hotcert.config;

import java.time.Duration;

/**
 * How much of the board the daemon's web server may take: a fixed number of IO threads (which
 * run TLS and the reverse proxy, never one thread per connection), worker threads for blocking
 * work such as reading static files, and how long in-flight requests may run on after SIGTERM.
 */
public record ServerLimits(int ioThreads, int workerThreads, Duration drainTimeout) {

    public ServerLimits {
        if (ioThreads < 1 || workerThreads < 1) {
            throw new IllegalArgumentException("thread counts must be positive: io " + ioThreads + ", worker "
                    + workerThreads);
        }
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drain timeout must not be negative: " + drainTimeout);
        }
    }
}
