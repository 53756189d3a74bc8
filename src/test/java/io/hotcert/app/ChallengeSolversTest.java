package io.hotcert.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.config.ConfigException;
import io.hotcert.config.SettingsLoader;

/** A challenge type the configuration accepts but this build has no solver for is a configuration error, not a stub. */
class ChallengeSolversTest {

    @TempDir
    Path dir;

    @Test
    void dns01WithoutItsSolverIsRefusedWithExit78() throws Exception {
        var properties = new Properties();
        properties.putAll(Map.of("domains", "board1.example.test", "https.backend", "http://127.0.0.1:8080",
                "storage.dir", dir.resolve("storage").toString(), "acme.challenges", "http-01,dns-01"));
        var settings = new SettingsLoader(Map.of()).parse(properties, dir.resolve("hotcert.properties"));

        assertThatThrownBy(() -> new Wiring(settings, Clock.systemUTC()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).isEqualTo(List.of("acme.challenges: dns-01 is not available in this"
                                + " build; expected http-01 or tls-alpn-01")));
    }
}
