package io.hotcert.state;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.hotcert.renewal.RenewalInfoAnswer;
import io.hotcert.renewal.RenewalInfoStore;
import io.hotcert.renewal.RenewalPlan;
import io.hotcert.storage.AtomicFiles;
import io.hotcert.storage.StorageLayout;

/**
 * The CA's last answer about the live certificate's renewal, kept in
 * {@code storage.dir/state/renewal-info.json} so that the moment picked in the window survives a
 * restart (a new pick at every start would make the random choice pointless), that the CA is not
 * asked again before its Retry-After, and that {@code hotcert status} can show it without asking.
 * A CA without renewal information is not asked again before then either: a board that restarts
 * often must not fetch the directory at every start for an answer it already has.
 *
 * <p>JSON like the attempt history beside it, with a format number so another version refuses it
 * instead of misreading it. A file that cannot be read is no plan: the lifetime rule applies until
 * the CA is asked again.
 */
public final class RenewalInfoFile implements RenewalInfoStore {

    private static final int FORMAT = 1;
    private static final long MAX_FILE_SIZE = 16 * 1024;

    private final StateFile file;

    public RenewalInfoFile(Path storageDir, AtomicFiles files) {
        this.file = new StateFile(StorageLayout.absolute(storageDir).renewalInfo(), files, MAX_FILE_SIZE);
    }

    @Override
    public Path file() {
        return file.path();
    }

    @Override
    public Optional<RenewalInfoAnswer> load() {
        return file.load(RenewalInfoFile::decode, "the renewal plan",
                "using the lifetime rule until the CA is asked again");
    }

    /** Replaces the answer on file; a CA that stopped offering renewal information ends the old plan so. */
    @Override
    public void save(RenewalInfoAnswer answer) throws IOException {
        file.write(json(answer));
    }

    /** A plan has a window; an answer without one is {@link RenewalInfoAnswer.NoWindow}. */
    static Map<String, Object> json(RenewalInfoAnswer answer) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("certificateId", answer.certificateId());
        if (answer instanceof RenewalPlan plan) {
            json.put("serial", plan.serial());
            json.put("windowStart", plan.windowStart().toString());
            json.put("windowEnd", plan.windowEnd().toString());
            json.put("renewAt", plan.renewAt().toString());
            plan.explanation().ifPresent(url -> json.put("explanation", url));
        }
        json.put("nextCheck", answer.nextCheck().toString());
        return json;
    }

    static RenewalInfoAnswer decode(String text) throws IOException {
        Map<String, Object> json = StateFile.json(text, FORMAT);
        if (!json.containsKey("windowStart")) {
            return new RenewalInfoAnswer.NoWindow(StateFile.text(json, "certificateId"), instant(json, "nextCheck"));
        }
        Object explanation = json.get("explanation");
        return new RenewalPlan(StateFile.text(json, "certificateId"), StateFile.text(json, "serial"),
                instant(json, "windowStart"), instant(json, "windowEnd"), instant(json, "renewAt"),
                instant(json, "nextCheck"),
                explanation == null ? Optional.empty() : Optional.of(explanation.toString()));
    }

    private static Instant instant(Map<String, Object> json, String key) {
        return Instant.parse(StateFile.text(json, key));
    }
}
