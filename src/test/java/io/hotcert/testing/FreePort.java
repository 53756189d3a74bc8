package io.hotcert.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A loopback port nobody listens on right now, taken from below the kernel's ephemeral range: a
 * port from that range (what binding port 0 gives) can be taken by any outgoing connection
 * between the pick and the bind, which made listeners of tests and Pebble fail now and then.
 */
public final class FreePort {

    private static final int LOWEST = 10_000;
    private static final int TRIES = 200;
    /**
     * Ports handed out before in this JVM: a test picks several before it binds any, and a random
     * pick repeating an earlier one made two listeners of one test collide now and then.
     */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePort() {
    }

    public static int pick() {
        int end = ephemeralStart();
        for (int i = 0; i < TRIES; i++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, end);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new UncheckedIOException(new IOException("no free loopback port between " + LOWEST + " and " + end));
    }

    /** The first port the kernel hands to outgoing connections (Linux default 32768). */
    private static int ephemeralStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            return Math.max(LOWEST + 1000, Integer.parseInt(range.split("\\s+")[0]));
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
