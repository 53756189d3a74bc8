package io.hotcert.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.util.IPAddress;

/** Parses listener hosts and ports. */
final class ListenAddresses {

    private static final int HIGHEST_PORT = 65535;

    private ListenAddresses() {
    }

    /**
     * A comma-separated list of {@link #host hosts}, each bound by the listener; none twice, and no
     * wildcard beside an address it already takes (the second socket could not bind).
     */
    static List<String> hosts(String text) {
        var hosts = new ArrayList<String>();
        for (String part : text.split(",", -1)) {
            String host = host(part.strip());
            if (hosts.contains(host)) {
                throw new IllegalArgumentException('"' + part.strip() + "\" is listed twice; expected each address once");
            }
            for (String earlier : hosts) {
                if (ListenAddress.clash(earlier, host)) {
                    throw new IllegalArgumentException('"' + earlier + "\" and \"" + host + "\" overlap (:: takes IPv4"
                            + " clients too, 0.0.0.0 every IPv4 address); expected a wildcard alone or specific addresses");
                }
            }
            hosts.add(host);
        }
        return hosts;
    }

    /**
     * Accepts IPv4 and IPv6 literals and {@code localhost}. Other host names are refused rather
     * than looked up: at boot DNS may not be up yet, and a board's address should not depend on it.
     */
    static String host(String text) {
        String host = text.toLowerCase(Locale.ROOT);
        if (host.equals("localhost")) {
            return host;
        }
        if (IPAddress.isValid(host)) {
            return wildcardsSpelledOneWay(host);
        }
        throw new IllegalArgumentException('"' + text + "\" is not an IP address; expected an IPv4 or IPv6 literal"
                + " (e.g. 0.0.0.0, ::, 127.0.0.1) or localhost; host names are not looked up");
    }

    /** {@code 0:0:0:0:0:0:0:0} is {@code ::}, so that the web server and the clash check recognise it. */
    private static String wildcardsSpelledOneWay(String literal) {
        try {
            InetAddress address = InetAddress.getByName(literal);
            if (address.isAnyLocalAddress()) {
                return literal.contains(":") ? ListenAddress.IPV6_WILDCARD : ListenAddress.IPV4_WILDCARD;
            }
            return literal;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException('"' + literal + "\" is not an IP address", e);
        }
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
