package io.hotcert.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A Pebble of one test's own that can be restarted at the same directory URL, as a CA that was
 * reset: Pebble keeps everything in memory, so after a restart it knows no account, order or
 * authorization it gave out before. Its own HTTPS certificate is made anew but stays at the same
 * path, so {@code acme.trust-store} needs no change.
 */
public final class RestartablePebble implements AutoCloseable {

    private static final Duration PORT_RELEASE = Duration.ofSeconds(10);

    private final Path dir;
    private final int validationPort;
    private final Map<String, String> pebbleEnv;
    private final int apiPort;
    private Pebble pebble;

    private RestartablePebble(Path dir, int validationPort, Map<String, String> pebbleEnv) {
        this.dir = dir;
        this.validationPort = validationPort;
        this.apiPort = FreePort.pick();
        var env = new HashMap<>(pebbleEnv);
        env.put("PEBBLE_PORT", Integer.toString(apiPort));
        this.pebbleEnv = Map.copyOf(env);
        this.pebble = Pebble.start(dir, validationPort, this.pebbleEnv);
    }

    public static RestartablePebble start(Path dir, int validationPort) {
        return new RestartablePebble(dir, validationPort, Map.of());
    }

    public Pebble pebble() {
        return pebble;
    }

    /** Stops Pebble, waits until its API port is free, and starts it again on the same ports. */
    public void restart() throws IOException, InterruptedException {
        pebble.close();
        Instant deadline = Instant.now().plus(PORT_RELEASE);
        while (Loopback.accepts(apiPort)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IOException("Pebble still answers on port " + apiPort + " " + PORT_RELEASE.toSeconds()
                        + " s after it was stopped");
            }
            Thread.sleep(20);
        }
        pebble = Pebble.start(dir, validationPort, pebbleEnv);
    }

    @Override
    public void close() {
        pebble.close();
    }
}
