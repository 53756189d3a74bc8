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
 * <p>Maven stamps {@code build.time} into {@code hotcert-build.properties}, with the version and
 * the source revision the metrics name ({@code unknown} where the build did not stamp them). A build that did not
 * filter the resource (an IDE, a test run) leaves the placeholder; then the modification time of
 * the jar or class file is the next best bound, and the epoch the last resort: a weaker bound
 * only makes the clock check more lenient, never wrong.
 */
public final class BuildInfo {

    static final String RESOURCE = "hotcert-build.properties";
    static final String KEY = "build.time";
    private static final String UNKNOWN = "unknown";

    private static final Logger LOG = LoggerFactory.getLogger(BuildInfo.class);

    private final Instant buildTime;
    private final Properties stamp;

    public BuildInfo() {
        this(BuildInfo.class.getClassLoader(), BuildInfo.class);
    }

    /** @param anchor a class whose file's modification time stands in when the resource is not stamped */
    BuildInfo(ClassLoader resources, Class<?> anchor) {
        this.stamp = stamp(resources);
        this.buildTime = stampedTime().or(() -> lastModified(anchor)).orElse(Instant.EPOCH);
    }

    public Instant buildTime() {
        return buildTime;
    }

    /** @return the project's version, e.g. {@code 0.1.0}; {@code unknown} when the build did not stamp it */
    public String version() {
        return stamped("version");
    }

    /** @return the source revision the build was made from; {@code unknown} when it did not say */
    public String revision() {
        return stamped("revision");
    }

    /** A value the build did not filter keeps its placeholder, which names nothing. */
    private String stamped(String key) {
        String value = stamp.getProperty(key, "").strip();
        return value.isEmpty() || value.startsWith("${") ? UNKNOWN : value;
    }

    private static Properties stamp(ClassLoader resources) {
        var properties = new Properties();
        try (InputStream in = resources.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                LOG.debug("no {} on the class path", RESOURCE);
            } else {
                properties.load(in);
            }
        } catch (IOException e) {
            LOG.debug("cannot read {}: {}", RESOURCE, e.getMessage());
        }
        return properties;
    }

    private Optional<Instant> stampedTime() {
        try {
            return Optional.of(Instant.parse(stamp.getProperty(KEY, "").strip()));
        } catch (DateTimeParseException e) {
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
