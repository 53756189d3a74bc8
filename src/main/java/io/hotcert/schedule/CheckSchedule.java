package io.hotcert.schedule;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.hotcert.storage.AtomicFiles;
import io.hotcert.storage.StorageLayout;

/**
 * This installation's {@link InstallationPicks}, kept in {@code storage.dir/state/schedule.properties}:
 * when the daemon checks ({@code renew.schedule} when configured, else twice a day, twelve hours
 * apart, at a second, minute and hour picked at random), and the seed for where in the lifetime
 * window it renews. A fleet of boards thus spreads its checks over the day and its renewals over
 * the window instead of reaching the CA in the same second.
 *
 * <p>The picks belong to the machine that made them: the file records its {@code /etc/machine-id},
 * and a {@code storage.dir} that came pre-filled from another machine (an image built with state
 * in it, a copied SD card), or one whose file records no machine id (made in an image before its
 * first boot, or by an older hotcert), gets picks of its own at the first start, with a log line.
 * Without a machine id here to compare, the picks on file stand.
 */
public final class CheckSchedule {

    /** systemd's per-installation id, made at first boot, never copied into an image that is done right. */
    public static final Path MACHINE_ID = Path.of("/etc/machine-id");

    private static final String CRON = "default.cron";
    private static final String SEED = "renewal.seed";
    private static final String MACHINE = "machine-id";
    private static final Logger LOG = LoggerFactory.getLogger(CheckSchedule.class);

    private final StorageLayout layout;
    private final AtomicFiles files;
    private final RandomGenerator random;
    private final Path machineIdFile;

    public CheckSchedule(Path storageDir, AtomicFiles files, RandomGenerator random, Path machineIdFile) {
        this.layout = new StorageLayout(storageDir);
        this.files = files;
        this.random = random;
        this.machineIdFile = machineIdFile;
    }

    /** The Quartz cron expression to use: the configured one, or this installation's default. */
    public String cron(Optional<String> configured) throws IOException {
        return configured.isPresent() ? configured.get() : picks().cron();
    }

    /**
     * This installation's picks, made and kept now when there are none yet or they were made on
     * another machine: for the daemon and renewals, which may write.
     */
    public InstallationPicks picks() throws IOException {
        Properties stored = read();
        Optional<String> machine = machineId();
        String recorded = stored.getProperty(MACHINE);
        boolean otherMachine = machine.isPresent() && !stored.isEmpty() && !machine.get().equals(recorded);
        Optional<String> cron = otherMachine ? Optional.empty() : cron(stored);
        Optional<Long> seed = otherMachine ? Optional.empty() : seed(stored);
        if (cron.isPresent() && seed.isPresent() && (machine.isEmpty() || recorded != null)) {
            return new InstallationPicks(cron.get(), seed.get());
        }
        var picks = new InstallationPicks(cron.orElseGet(this::pickCron), seed.orElseGet(random::nextLong));
        if (otherMachine) {
            LOG.warn("{}: made on {}, this machine's id is {}: picking this installation's own check time and"
                    + " renewal moment ({}){}", layout.schedule(),
                    recorded == null ? "a machine that recorded no id (an image, or an older hotcert)"
                            : "machine " + recorded, machine.get(),
                    picks.cron(), Files.isDirectory(layout.account()) ? "; the ACME account in "
                            + layout.account() + " came along and is kept: every machine with a copy"
                            + " shares its rate limits, so move it aside to have this one register its own" : "");
        }
        write(picks, machine);
        return picks;
    }

    /** The picks on file, without making any: for readers such as {@code hotcert status}, which must not write. */
    public Optional<InstallationPicks> known() throws IOException {
        Properties stored = read();
        return cron(stored).flatMap(cron -> seed(stored).map(seed -> new InstallationPicks(cron, seed)));
    }

    /** The configured expression, or the default this installation picked earlier, without picking one. */
    public Optional<String> known(Optional<String> configured) throws IOException {
        return configured.isPresent() ? configured : cron(read());
    }

    private Properties read() throws IOException {
        var properties = new Properties();
        Path file = layout.schedule();
        if (Files.exists(file)) {
            properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        }
        return properties;
    }

    private static Optional<String> cron(Properties stored) {
        return Optional.ofNullable(stored.getProperty(CRON)).filter(cron -> !cron.isBlank());
    }

    /** Empty when missing: before this version only the schedule was kept. */
    private static Optional<Long> seed(Properties stored) {
        try {
            return Optional.ofNullable(stored.getProperty(SEED)).map(Long::parseLong);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private String pickCron() {
        int hour = random.nextInt(12);
        return random.nextInt(60) + " " + random.nextInt(60) + " " + hour + "," + (hour + 12) + " * * ?";
    }

    private void write(InstallationPicks picks, Optional<String> machine) throws IOException {
        var properties = new Properties();
        properties.setProperty(CRON, picks.cron());
        properties.setProperty(SEED, Long.toString(picks.renewalSeed()));
        machine.ifPresent(id -> properties.setProperty(MACHINE, id));
        var text = new StringWriter();
        properties.store(text, "picked by hotcert on this machine; delete to pick again");
        files.createDirectories(layout.state(), StorageLayout.PUBLIC_DIRECTORY);
        files.write(layout.schedule(), text.toString().getBytes(StandardCharsets.UTF_8), StorageLayout.PUBLIC_FILE);
    }

    /** Empty when the file is missing, unreadable or empty, as in an image before its first boot. */
    private Optional<String> machineId() {
        try {
            return Optional.of(Files.readString(machineIdFile, StandardCharsets.US_ASCII).strip())
                    .filter(id -> !id.isEmpty());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
