package io.hotcert.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real Pebble CA on loopback, started through {@code scripts/pebble} (the same script the demo
 * and the benchmarks use). When Pebble is missing and cannot be installed, starting fails with
 * the script's explanation: end-to-end tests fail, they never skip.
 */
public final class Pebble implements AutoCloseable {

    private static final Path SCRIPT = Path.of("scripts", "pebble").toAbsolutePath();
    /** Enough for an apt-get install of Pebble on a fresh machine. */
    private static final long SCRIPT_TIMEOUT_SECONDS = 300;

    private final Path dir;
    private final Properties env;

    private Pebble(Path dir, Properties env) {
        this.dir = dir;
        this.env = env;
    }

    /**
     * @param validationPort where Pebble will connect for HTTP-01: the http.port hotcert must use
     * @param pebbleEnv extra PEBBLE_* settings, e.g. certificate validity
     */
    public static Pebble start(Path dir, int validationPort, Map<String, String> pebbleEnv) {
        UnitTier.refuse("Pebble");
        var environment = new HashMap<>(pebbleEnv);
        environment.put("PEBBLE_HTTP_PORT", Integer.toString(validationPort));
        run(environment, "start", dir.toString());
        var env = new Properties();
        try (var reader = Files.newBufferedReader(dir.resolve("pebble.env"), StandardCharsets.UTF_8)) {
            env.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("scripts/pebble wrote no readable pebble.env in " + dir, e);
        }
        return new Pebble(dir, env);
    }

    public URI directory() {
        return URI.create(env.getProperty("PEBBLE_DIRECTORY"));
    }

    /** The CA certificate of Pebble's own HTTPS: what acme.trust-store must name. */
    public Path trustStore() {
        return Path.of(env.getProperty("PEBBLE_TRUST_STORE"));
    }

    /** The root that issued certificates chain up to. */
    public Path root() {
        return Path.of(env.getProperty("PEBBLE_ROOT"));
    }

    public int validationPort() {
        return Integer.parseInt(env.getProperty("PEBBLE_HTTP_PORT"));
    }

    /** Where Pebble connects for TLS-ALPN-01: the https.port hotcert must use; set it with PEBBLE_TLS_PORT. */
    public int tlsValidationPort() {
        return Integer.parseInt(env.getProperty("PEBBLE_TLS_PORT"));
    }

    /**
     * The lines of a hotcert configuration that uses this CA and answers its validation on
     * loopback, for {@code domains} with state in {@code storageDir} and the control socket beside
     * it; callers add the rest.
     */
    public String configFor(String domains, Path storageDir) {
        return configFor(domains, storageDir, directory());
    }

    /** The same, reaching this CA through {@code acmeDirectory}, e.g. a forwarder or a front in between. */
    public String configFor(String domains, Path storageDir, URI acmeDirectory) {
        return String.join("\n",
                "domains=" + domains,
                "acme.directory=" + acmeDirectory,
                "acme.trust-store=" + trustStore(),
                "acme.terms-agreed=true",
                "storage.dir=" + storageDir,
                "http.address=127.0.0.1",
                "http.port=" + validationPort(),
                "control.socket=" + storageDir.resolveSibling("control.sock"),
                "");
    }

    @Override
    public void close() {
        run(Map.of(), "stop", dir.toString());
    }

    private static void run(Map<String, String> environment, String... args) {
        var command = new ArrayList<String>();
        command.add(SCRIPT.toString());
        command.addAll(List.of(args));
        try {
            // Output goes to a file, not a pipe, so that a hung install cannot block us past the timeout.
            Path log = Files.createTempFile("scripts-pebble", ".log");
            var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            boolean finished = process.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
            }
            String output = Files.readString(log);
            Files.delete(log);
            if (!finished || process.exitValue() != 0) {
                throw new IllegalStateException("scripts/pebble " + String.join(" ", args)
                        + (finished ? " failed" : " did not finish within " + SCRIPT_TIMEOUT_SECONDS + " s")
                        + "; end-to-end tests need a running Pebble:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + SCRIPT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running scripts/pebble", e);
        }
    }
}
