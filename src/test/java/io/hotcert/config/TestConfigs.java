package io.hotcert.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Builds configurations on top of the minimal valid one: {@code domains=example.com} and, unless
 * the keys given choose what HTTPS serves, a backend for the HTTPS listener that is on by default.
 */
final class TestConfigs {

    private static final SettingsLoader LOADER = new SettingsLoader(Map.of());

    private TestConfigs() {
    }

    /** The minimal configuration with the given keys set (or overridden). */
    static Properties with(String... keysAndValues) {
        var properties = new Properties();
        properties.setProperty("domains", "example.com");
        properties.setProperty("https.backend", "http://127.0.0.1:8080");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        if (properties.containsKey("https.static-dir") && !List.of(keysAndValues).contains("https.backend")) {
            properties.remove("https.backend");
        }
        return properties;
    }

    /** Parses {@link #with} as if read from {@code dir/hotcert.properties}. */
    static Settings parse(Path dir, String... keysAndValues) throws ConfigException {
        return LOADER.parse(with(keysAndValues), dir.resolve("hotcert.properties"));
    }

    /** The problems {@link #parse} reports; fails if there are none. */
    static List<String> problems(Path dir, String... keysAndValues) {
        try {
            parse(dir, keysAndValues);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected a ConfigException");
    }
}
