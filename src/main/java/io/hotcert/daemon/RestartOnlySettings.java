package io.hotcert.daemon;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import io.hotcert.config.Settings;

/**
 * What a reload cannot change in a running daemon: the sockets it listens on, its storage, its
 * thread pools and the limits built into its listeners. A reload keeps the running values of
 * these and says which ones changed; everything else takes effect.
 */
final class RestartOnlySettings {

    /** The keys as operators write them, by what they are read from. */
    private static final Map<String, Function<Settings, Object>> KEYS = Map.ofEntries(
            Map.entry("http.address/http.port", Settings::http),
            // Whether hotcert listens on port 80 or another server answers from files: one or the other, from the start.
            Map.entry("challenge.webroot", s -> s.challengeWebroot().map(Path::toString).orElse("none")),
            Map.entry("https.address/https.port", Settings::https),
            Map.entry("https.tls-engine", Settings::httpsTlsEngine),
            // The HTTPS listener answers acme-tls/1 only when it was built with tls-alpn-01.
            Map.entry("acme.challenges", Settings::challenges),
            Map.entry("storage.dir", Settings::storageDir),
            Map.entry("control.socket", Settings::controlSocket),
            Map.entry("metrics.address/metrics.port", Settings::metrics),
            Map.entry("server.io-threads", s -> s.server().ioThreads()),
            Map.entry("server.worker-threads", s -> s.server().workerThreads()),
            Map.entry("server.drain-timeout", s -> s.server().drainTimeout()),
            Map.entry("https.handshake-timeout", s -> s.server().handshakeTimeout()),
            Map.entry("https.max-connections-per-address", s -> s.server().maxConnectionsPerAddress()));

    /** The components of {@link Settings} the keys above are read from. */
    private static final Set<String> COMPONENTS = Set.of("http", "https", "httpsTlsEngine", "storageDir",
            "controlSocket", "metrics", "server", "challengeWebroot", "challenges");

    private RestartOnlySettings() {
    }

    /** One line per restart-only key whose value differs, sorted by key. */
    static List<String> changes(Settings running, Settings next) {
        var changes = new ArrayList<String>();
        KEYS.forEach((key, value) -> {
            if (!Objects.equals(value.apply(running), value.apply(next))) {
                changes.add(key + " changed: needs a restart; still " + value.apply(running) + ", not "
                        + value.apply(next));
            }
        });
        changes.sort(null);
        return changes;
    }

    /**
     * {@code next} with the restart-only values of {@code running}. Built from the record's own
     * components, so that a key added to {@link Settings} later takes effect on reload without a
     * change here.
     */
    static Settings keepRunning(Settings running, Settings next) {
        RecordComponent[] components = Settings.class.getRecordComponents();
        try {
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                Settings from = COMPONENTS.contains(components[i].getName()) ? running : next;
                values[i] = components[i].getAccessor().invoke(from);
            }
            Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            return Settings.class.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy the settings", e);
        }
    }
}
