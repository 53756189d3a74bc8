package io.hotcert.config;

import java.util.Locale;

import org.bouncycastle.util.IPAddress;

/** Parses listener hosts and ports. */
final class ListenAddresses {

    private static final int HIGHEST_PORT = 65535;

    private ListenAddresses() {
    }

    /**
     * Accepts IPv4 and IPv6 literals and {@code localhost}. Other host names are refused rather
     * than looked up: at boot DNS may not be up yet, and a board's address should not depend on it.
     */
    static String host(String text) {
        String host = text.toLowerCase(Locale.ROOT);
        if (host.equals("localhost") || IPAddress.isValid(host)) {
            return host;
        }
        throw new IllegalArgumentException('"' + text + "\" is not an IP address; expected an IPv4 or IPv6 literal"
                + " (e.g. 0.0.0.0, ::, 127.0.0.1) or localhost; host names are not looked up");
    }

    /** Parses a port number from {@code lowest} to 65535. */
    static int port(String text, int lowest) {
        try {
            int port = Integer.parseInt(text);
            if (port >= lowest && port <= HIGHEST_PORT) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below, together with out-of-range numbers
        }
        throw new IllegalArgumentException('"' + text + "\" is not a port number; expected an integer from "
                + lowest + " to " + HIGHEST_PORT);
    }
}
