package io.hotcert.challenge;

import java.io.IOException;

/**
 * Keeps the HTTP-01 responder answering while an order is in flight. A one-shot {@code hotcert
 * renew} starts a responder for the order and stops it after; the daemon's responder is always
 * up, so its scope has nothing to open.
 */
@FunctionalInterface
public interface ResponderScope {

    Open open() throws IOException;

    /** Closing ends the scope; it cannot fail in a way the caller could act on. */
    interface Open extends AutoCloseable {
        @Override
        void close();
    }

    /** The daemon's responder: always up, so the scope has nothing to start or stop. */
    ResponderScope ALWAYS_ON = () -> () -> {
    };
}
