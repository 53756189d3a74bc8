package io.hotcert.config;

import java.time.Duration;

/**
 * How much of the board the daemon's web server may take: a fixed number of IO threads (which
 * run TLS and the reverse proxy, never one thread per connection), worker threads for blocking
 * work such as reading static files, and how long in-flight requests may run on after SIGTERM.
 *
 * <p>It also says how much of a listener one client may hold: a connection gets
 * {@code handshakeTimeout} to finish its TLS handshake, and one client address may hold at most
 * {@code maxConnectionsPerAddress} of the {@link #CONNECTIONS_PER_LISTENER} connections a listener
 * keeps open.
 */
public record ServerLimits(int ioThreads, int workerThreads, Duration drainTimeout, Duration handshakeTimeout,
        int maxConnectionsPerAddress) {

    /** Open connections per listener; beyond it the listener stops accepting until some close. */
    public static final int CONNECTIONS_PER_LISTENER = 1024;

    /**
     * A sixteenth of the budget: far more than a browser opens (six) or a few users behind one NAT
     * need, while sixteen addresses are needed to fill a listener.
     */
    public static final int DEFAULT_CONNECTIONS_PER_ADDRESS = CONNECTIONS_PER_LISTENER / 16;

    public ServerLimits {
        if (ioThreads < 1 || workerThreads < 1) {
            throw new IllegalArgumentException("thread counts must be positive: io " + ioThreads + ", worker "
                    + workerThreads);
        }
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drain timeout must not be negative: " + drainTimeout);
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout must be positive: " + handshakeTimeout);
        }
        if (maxConnectionsPerAddress < 1 || maxConnectionsPerAddress > CONNECTIONS_PER_LISTENER) {
            throw new IllegalArgumentException("connections per address must be from 1 to " + CONNECTIONS_PER_LISTENER
                    + ": " + maxConnectionsPerAddress);
        }
    }
}
