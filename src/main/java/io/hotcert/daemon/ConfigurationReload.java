package io.hotcert.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.hotcert.config.ConfigException;
import io.hotcert.config.Settings;

/**
 * Reads the configuration file again (SIGHUP), validated as at start. A file with problems
 * leaves the running configuration in place and names every problem; a good one is put in
 * place by {@link Reconfigure}, with what only a restart can change kept as it runs.
 */
public final class ConfigurationReload {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationReload.class);

    /** Reads and validates the file as start-up does. */
    @FunctionalInterface
    public interface Loader {
        Settings load(Path file) throws ConfigException;
    }

    /** Builds the parts that depend on the settings from {@code next} and swaps them in. */
    @FunctionalInterface
    public interface Reconfigure {
        /** @throws IOException when a part cannot be built; nothing has been swapped then */
        void apply(Settings next, Settings running) throws IOException;
    }

    /** The configuration in force, and when it was read. */
    public record Loaded(Settings settings, Instant at) {
    }

    private final Loader loader;
    private final Reconfigure reconfigure;
    private final Clock clock;
    private volatile Loaded loaded;

    /** @param running the settings the daemon was built from, read just now */
    public ConfigurationReload(Settings running, Loader loader, Reconfigure reconfigure, Clock clock) {
        this.loader = loader;
        this.reconfigure = reconfigure;
        this.clock = clock;
        this.loaded = new Loaded(running, clock.instant());
    }

    public Loaded loaded() {
        return loaded;
    }

    /** Called from the signal thread only, so two reloads never overlap. */
    public void reload() {
        Loaded running = loaded;
        Path file = running.settings().configFile();
        Settings next;
        try {
            next = loader.load(file);
        } catch (ConfigException e) {
            refuse(running, e.getMessage());
            return;
        }
        List<String> restartOnly = RestartOnlySettings.changes(running.settings(), next);
        restartOnly.forEach(LOG::warn);
        Settings kept = RestartOnlySettings.keepRunning(running.settings(), next);
        try {
            reconfigure.apply(kept, running.settings());
        } catch (IOException e) {
            refuse(running, file + ": " + e.getMessage());
            return;
        }
        loaded = new Loaded(kept, clock.instant());
        LOG.info("configuration reloaded from {}{}", file, restartOnly.isEmpty() ? ""
                : "; " + restartOnly.size() + " change(s) wait for a restart");
    }

    /** One block with every problem, naming the file, as check-config prints them. */
    private static void refuse(Loaded running, String problems) {
        LOG.error("configuration not reloaded, still the one read at {}: {}", running.at().truncatedTo(ChronoUnit.SECONDS),
                problems);
    }
}
