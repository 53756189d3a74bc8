package io.hotcert.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Builds configurations on top of the minimal valid one ({@code domains=example.com}). */
final class TestConfigs {

    private static final SettingsLoader LOADER = new SettingsLoader(Map.of());

    private TestConfigs() {
    }

    /** The minimal configuration with the given keys set (or overridden). */
    static Properties with(String... keysAndValues) {
        var properties = new Properties();
        properties.setProperty("domains", "example.com");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
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
