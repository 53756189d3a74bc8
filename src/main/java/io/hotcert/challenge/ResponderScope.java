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

    /** A responder started for the scope and stopped when it closes. */
    static ResponderScope onDemand(String host, int port, Http01Handler handler) {
        return () -> ChallengeResponder.start(host, port, handler)::close;
    }
}
