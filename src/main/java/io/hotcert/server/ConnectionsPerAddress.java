package io.hotcert.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * How many connections each client holds open on one listener, so that no client can take more
 * than its share. An IPv6 client counts by its /64 network, the block one host or one customer
 * usually gets: counted by whole address, one machine could open a connection from each of its
 * 2^64 addresses.
 */
final class ConnectionsPerAddress {

    private static final int IPV6_NETWORK_BYTES = 8;

    private final int limit;
    private final ConcurrentMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    ConnectionsPerAddress(int limit) {
        this.limit = limit;
    }

    /** Counts a new connection from {@code client}, unless the client already holds its share. */
    boolean tryOpen(InetAddress client) {
        var admitted = new boolean[1];
        open.compute(clientOf(client), (address, count) -> {
            int held = count == null ? 0 : count;
            if (held >= limit) {
                return count;
            }
            admitted[0] = true;
            return held + 1;
        });
        return admitted[0];
    }

    /** Forgets one connection counted by {@link #tryOpen}. */
    void closed(InetAddress client) {
        open.computeIfPresent(clientOf(client), (address, count) -> count == 1 ? null : count - 1);
    }

    private static InetAddress clientOf(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] network = Arrays.copyOf(address.getAddress(), 16);
        Arrays.fill(network, IPV6_NETWORK_BYTES, network.length, (byte) 0);
        try {
            return InetAddress.getByAddress(network);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an IPv6 address", e);
        }
    }
}
