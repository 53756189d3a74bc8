package io.hotcert.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.hotcert.config.ListenAddress;

/**
 * The socket addresses a listener binds, one per configured host. The wildcard {@code ::} is one
 * dual-stack socket (the JDK clears IPV6_V6ONLY, so IPv4 clients arrive as IPv4-mapped addresses);
 * on a kernel without IPv6 it cannot be bound, so it becomes {@code 0.0.0.0}, said once per start
 * rather than per listener.
 */
final class BindAddresses {

    private static final Logger LOG = LoggerFactory.getLogger(BindAddresses.class);

    /** Whether this JVM can open IPv6 sockets: false on a kernel without IPv6 or with preferIPv4Stack. */
    static final BooleanSupplier JDK_IPV6 = () -> {
        try (var probe = ServerSocketChannel.open(StandardProtocolFamily.INET6)) {
            return true;
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        }
    };

    /** @param host as configured (or its IPv4 fallback), for messages: the JDK spells {@code ::} in full */
    record Bind(String host, InetSocketAddress socket) {
        @Override
        public String toString() {
            return ListenAddress.of(host, socket.getPort());
        }
    }

    private final boolean ipv6;
    private boolean fallbackSaid;

    BindAddresses(BooleanSupplier ipv6Available) {
        this.ipv6 = ipv6Available.getAsBoolean();
    }

    List<Bind> of(ListenAddress address) throws UnknownHostException {
        var sockets = new ArrayList<Bind>();
        for (String host : address.hosts()) {
            String bindable = bindable(host);
            sockets.add(new Bind(bindable, new InetSocketAddress(InetAddress.getByName(bindable), address.port())));
        }
        return sockets;
    }

    private String bindable(String host) {
        if (ipv6 || !host.equals(ListenAddress.IPV6_WILDCARD)) {
            return host;
        }
        if (!fallbackSaid) {
            fallbackSaid = true;
            LOG.warn("IPv6 is not available on this machine: listening on {} (IPv4 only) where {} is configured",
                    ListenAddress.IPV4_WILDCARD, ListenAddress.IPV6_WILDCARD);
        }
        return ListenAddress.IPV4_WILDCARD;
    }
}
