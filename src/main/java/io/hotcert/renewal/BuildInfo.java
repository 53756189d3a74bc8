package io.hotcert.renewal;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When this program was built: the clock's lower bound for {@link ClockSanity}.
 *
 * <p>Maven stamps {@code build.time} into {@code hotcert-build.properties}. A build that did not
 * filter the resource (an IDE, a test run) leaves the placeholder; then the modification time of
 * the jar or class file is the next best bound, and the epoch the last resort: a weaker bound
 * only makes the clock check more lenient, never wrong.
 */
public final class BuildInfo {

    static final String RESOURCE = "hotcert-build.properties";
    static final String KEY = "build.time";

    private static final Logger LOG = LoggerFactory.getLogger(BuildInfo.class);

    private final Instant buildTime;

    public BuildInfo() {
        this(BuildInfo.class.getClassLoader(), BuildInfo.class);
    }

    /** @param anchor a class whose file's modification time stands in when the resource is not stamped */
    BuildInfo(ClassLoader resources, Class<?> anchor) {
        this.buildTime = stamped(resources).or(() -> lastModified(anchor)).orElse(Instant.EPOCH);
    }

    public Instant buildTime() {
        return buildTime;
    }

    private static Optional<Instant> stamped(ClassLoader resources) {
        try (InputStream in = resources.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                LOG.debug("no {} on the class path", RESOURCE);
                return Optional.empty();
            }
            var properties = new Properties();
            properties.load(in);
            return Optional.of(Instant.parse(properties.getProperty(KEY, "").strip()));
        } catch (IOException | DateTimeParseException e) {
            LOG.debug("{} holds no build time: {}", RESOURCE, e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<Instant> lastModified(Class<?> anchor) {
        URL url = anchor.getResource(anchor.getSimpleName() + ".class");
        try {
            Path file = url == null ? null : switch (url.getProtocol()) {
                case "file" -> Path.of(url.toURI());
                case "jar" -> Path.of(((JarURLConnection) url.openConnection()).getJarFileURL().toURI());
                default -> null;
            };
            return file == null ? Optional.empty() : Optional.of(Files.getLastModifiedTime(file).toInstant());
        } catch (IOException | URISyntaxException | RuntimeException e) {
            LOG.debug("no modification time for {}: {}", url, e.getMessage());
            return Optional.empty();
        }
    }
}
