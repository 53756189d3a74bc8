package io.hotcert.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Pebble for all tests of a class: {@code @RegisterExtension static final PebbleExtension
 * CA = new PebbleExtension();}, then {@code CA.pebble()}. Started before the first test, stopped
 * after the last.
 */
public final class PebbleExtension implements BeforeAllCallback, AfterAllCallback {

    private final Map<String, String> pebbleEnv;
    private Path dir;
    private Pebble pebble;

    public PebbleExtension() {
        this(Map.of());
    }

    /** @param pebbleEnv extra PEBBLE_* settings, e.g. for External Account Binding */
    public PebbleExtension(Map<String, String> pebbleEnv) {
        this.pebbleEnv = Map.copyOf(pebbleEnv);
    }

    public Pebble pebble() {
        if (pebble == null) {
            throw new IllegalStateException("Pebble is not running: register the extension as a static field");
        }
        return pebble;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("hotcert-pebble");
        pebble = Pebble.start(dir, FreePort.pick(), pebbleEnv);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (pebble != null) {
            pebble.close();
            pebble = null;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
