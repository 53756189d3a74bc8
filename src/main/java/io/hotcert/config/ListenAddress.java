package io.hotcert.config;

/**
 * Where a listener binds: an IP literal (or {@code localhost}) and a port. Port {@code 0} means
 * the listener is off, which only the HTTPS listener allows.
 */
public record ListenAddress(String host, int port) {

    public ListenAddress {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** {@code host:port}, with an IPv6 host in brackets, as in URLs and messages. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Whether the listener should run at all. */
    public boolean enabled() {
        return port != 0;
    }
}
