package io.hotcert.config;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where a listener binds: one or more IP literals (or {@code localhost}) and a port. Port
 * {@code 0} means the listener is off, which only the HTTPS listener allows. The wildcard
 * {@code ::} is one dual-stack socket: IPv4 clients reach it too.
 */
public record ListenAddress(List<String> hosts, int port) {

    /** The IPv6 wildcard; on a kernel without IPv6 the web server binds {@link #IPV4_WILDCARD} instead. */
    public static final String IPV6_WILDCARD = "::";
    public static final String IPV4_WILDCARD = "0.0.0.0";

    public ListenAddress {
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("a listener needs at least one address");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public ListenAddress(String host, int port) {
        this(List.of(host), port);
    }

    /** {@code host:port} for each host, an IPv6 host in brackets, as in URLs and messages. */
    @Override
    public String toString() {
        return hosts.stream().map(host -> of(host, port)).collect(Collectors.joining(", "));
    }

    /** {@code host:port}, with an IPv6 host in brackets. */
    public static String of(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Whether the listener should run at all. */
    public boolean enabled() {
        return port != 0;
    }

    /**
     * One of this listener's hosts that the other listener's sockets would take too, on the same
     * port: the same host, or under a wildcard ({@code ::} takes IPv4 as well on Linux).
     */
    Optional<String> hostSharedWith(ListenAddress other) {
        if (port != other.port) {
            return Optional.empty();
        }
        return hosts.stream().filter(host -> other.hosts.stream().anyMatch(theirs -> clash(host, theirs))).findFirst();
    }

    /** Whether sockets on {@code one} and {@code other}, with one port, would take each other's clients. */
    static boolean clash(String one, String other) {
        return one.equals(other) || one.equals(IPV6_WILDCARD) || other.equals(IPV6_WILDCARD)
                || (one.equals(IPV4_WILDCARD) && !other.contains(":"))
                || (other.equals(IPV4_WILDCARD) && !one.contains(":"));
    }
}
