package io.hotcert.dns;

import java.net.InetSocketAddress;

/**
 * The server that takes the updates, and the zone they go to.
 *
 * @param label how messages name the server: the {@code dns.server} value as configured
 */
public record PrimaryServer(String label, InetSocketAddress address, String zone) {
}
