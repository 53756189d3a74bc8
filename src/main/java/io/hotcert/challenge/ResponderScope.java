package io.hotcert.challenge;

import java.io.IOException;

/**
 * Keeps the HTTP-01 responder answering while an order is in flight. A one-shot {@code hotcert
 * renew} starts a responder for the order and stops it after; the daemon's responder, and the
 * web server that answers from a webroot, are always up, so their scope has nothing to open.
 */
@FunctionalInterface
public interface ResponderScope {

    Open open() throws IOException;

    /** Closing ends the scope; it cannot fail in a way the caller could act on. */
    interface Open extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * A responder that is always up, the daemon's or the web server that serves a
     * {@code challenge.webroot}: the scope has nothing to start or stop.
     */
    ResponderScope ALWAYS_ON = () -> () -> {
    };
}
