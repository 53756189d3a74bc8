package io.hotcert.renewal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.hotcert.storage.AtomicFiles;

/**
 * The renewal plan from the CA's renewal information, kept in
 * {@code storage.dir/state/renewal-info.json} so that the moment picked in the window survives a
 * restart (a new pick at every start would make the random choice pointless), that the CA is not
 * asked again before its Retry-After, and that {@code hotcert status} can show it without asking.
 *
 * <p>JSON like the attempt history beside it, with a format number so another version refuses it
 * instead of misreading it. A file that cannot be read is no plan: the lifetime rule applies until
 * the CA is asked again.
 */
public final class RenewalPlanFile implements RenewalPlans {

    static final String FILE = "renewal-info.json";
    private static final int FORMAT = 1;
    private static final long MAX_FILE_SIZE = 16 * 1024;
    private static final Set<PosixFilePermission> STATE_DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> STATE_FILE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Logger LOG = LoggerFactory.getLogger(RenewalPlanFile.class);

    private final Path file;
    private final AtomicFiles files;

    public RenewalPlanFile(Path storageDir, AtomicFiles files) {
        this.file = storageDir.toAbsolutePath().resolve(AttemptHistory.STATE).resolve(FILE);
        this.files = files;
    }

    public Path file() {
        return file;
    }

    @Override
    public Optional<RenewalPlan> planFor(String serial) {
        return load().filter(plan -> plan.serial().equals(serial));
    }

    public Optional<RenewalPlan> load() {
        try {
            if (Files.size(file) > MAX_FILE_SIZE) {
                throw new IOException("larger than " + MAX_FILE_SIZE + " bytes");
            }
            return Optional.of(decode(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | JoseException | RuntimeException e) {
            LOG.warn("{}: cannot read the renewal plan ({}); using the lifetime rule until the CA is asked again",
                    file, e.getMessage());
            return Optional.empty();
        }
    }

    public void save(RenewalPlan plan) throws IOException {
        Path dir = file.getParent();
        files.createDirectories(dir, STATE_DIRECTORY);
        files.deleteStaleTemps(dir);
        files.write(file, encode(plan), STATE_FILE);
    }

    /** The CA no longer offers renewal information: its old plan must not outlive that. */
    public void delete() throws IOException {
        if (Files.deleteIfExists(file)) {
            files.fsyncDirectory(file.getParent());
        }
    }

    static byte[] encode(RenewalPlan plan) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("certificateId", plan.certificateId());
        json.put("serial", plan.serial());
        json.put("windowStart", plan.windowStart().toString());
        json.put("windowEnd", plan.windowEnd().toString());
        json.put("renewAt", plan.renewAt().toString());
        json.put("nextCheck", plan.nextCheck().toString());
        plan.explanation().ifPresent(url -> json.put("explanation", url));
        return (JsonUtil.toJson(json) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static RenewalPlan decode(String text) throws JoseException {
        Map<String, Object> json = JsonUtil.parseJson(text);
        if (!Long.valueOf(FORMAT).equals(json.get("format"))) {
            throw new IllegalArgumentException("format " + json.get("format") + " is not " + FORMAT
                    + " (written by another version of hotcert?)");
        }
        Object explanation = json.get("explanation");
        return new RenewalPlan(text(json, "certificateId"), text(json, "serial"), instant(json, "windowStart"),
                instant(json, "windowEnd"), instant(json, "renewAt"), instant(json, "nextCheck"),
                explanation == null ? Optional.empty() : Optional.of(explanation.toString()));
    }

    private static Instant instant(Map<String, Object> json, String key) {
        return Instant.parse(text(json, key));
    }

    private static String text(Map<String, Object> json, String key) {
        if (json.get(key) instanceof String value) {
            return value;
        }
        throw new IllegalArgumentException(key + " is missing or not a string");
    }
}
