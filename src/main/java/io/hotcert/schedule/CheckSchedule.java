package io.hotcert.schedule;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;
import java.util.random.RandomGenerator;

import io.hotcert.storage.AtomicFiles;

/**
 * When the daemon checks whether a renewal is due: {@code renew.schedule} when configured, else
 * twice a day, twelve hours apart, at a second, minute and hour picked at random once per
 * installation and kept in {@code storage.dir}. A fleet of boards flashed from one image thus
 * spreads its checks over the day instead of reaching the CA in the same second.
 */
public final class CheckSchedule {

    static final String FILE = "state/schedule.properties";
    private static final String KEY = "default.cron";

    private final Path storageDir;
    private final AtomicFiles files;
    private final RandomGenerator random;

    public CheckSchedule(Path storageDir, AtomicFiles files, RandomGenerator random) {
        this.storageDir = storageDir;
        this.files = files;
        this.random = random;
    }

    /** The Quartz cron expression to use: the configured one, or this installation's default. */
    public String cron(Optional<String> configured) throws IOException {
        Optional<String> known = known(configured);
        if (known.isPresent()) {
            return known.get();
        }
        Path file = storageDir.resolve(FILE);
        String picked = pick();
        files.createDirectories(file.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        files.write(file, (KEY + "=" + picked + "\n").getBytes(StandardCharsets.UTF_8),
                PosixFilePermissions.fromString("rw-r--r--"));
        return picked;
    }

    /**
     * The configured expression, or the default this installation picked earlier, without picking
     * one: for readers such as {@code hotcert status}, which must not write.
     */
    public Optional<String> known(Optional<String> configured) throws IOException {
        if (configured.isPresent()) {
            return configured;
        }
        Path file = storageDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        var properties = new Properties();
        properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        return Optional.ofNullable(properties.getProperty(KEY)).filter(stored -> !stored.isBlank());
    }

    private String pick() {
        int hour = random.nextInt(12);
        return random.nextInt(60) + " " + random.nextInt(60) + " " + hour + "," + (hour + 12) + " * * ?";
    }
}
