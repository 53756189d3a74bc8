package io.hotcert.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.config.ConfigException;
import io.hotcert.config.Settings;
import io.hotcert.config.SettingsLoader;

/**
 * A reload cannot move HTTP-01 between hotcert's own listener and a webroot: the listener is
 * opened, or not, at the start. The issuer would otherwise write files while the listener still
 * answers from memory, or answer from memory with no listener at all.
 */
class WebrootReloadTest {

    @TempDir
    Path dir;

    @Test
    void turningAWebrootOnNeedsARestartAndKeepsHotcertsOwnListenerAnswering() throws Exception {
        Files.createDirectories(dir.resolve("www"));
        Settings running = settings();
        Settings next = settings("challenge.webroot", "www");

        assertThat(RestartOnlySettings.changes(running, next)).contains(
                "challenge.webroot changed: needs a restart; still none, not " + dir.resolve("www"));
        Settings kept = RestartOnlySettings.keepRunning(running, next);
        assertThat(kept.challengeWebroot()).isEmpty();
        assertThat(kept.http().enabled()).isTrue();
    }

    private Settings settings(String... keysAndValues) throws ConfigException {
        var properties = new Properties();
        properties.setProperty("domains", "example.com");
        properties.setProperty("https.port", "0");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new SettingsLoader(Map.of()).parse(properties, dir.resolve("hotcert.properties"));
    }
}
