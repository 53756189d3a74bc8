package io.hotcert.state;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;


import io.hotcert.renewal.Attempt;
import io.hotcert.renewal.AttemptHistory;
import io.hotcert.renewal.AttemptStore;
import io.hotcert.renewal.RecordedAttempts;
import io.hotcert.storage.AtomicFiles;
import io.hotcert.storage.StorageLayout;

/**
 * {@code storage.dir/state/renewal.json}, where the {@link AttemptHistory} is kept between runs. Its format: one JSON object, {@code {"format":1,"scope":"...","attempts":[...]}},
 * oldest attempt first. JSON so that {@code jq '.attempts[-1]'} answers "why is it not renewing" on a
 * board; a format number so that an older hotcert after a downgrade refuses a newer file instead
 * of misreading it. Files from before the scope and the CA's count of failures was kept have
 * neither: such a history is taken as the current configuration's, each failure as one the CA saw.
 */
public final class AttemptFile implements AttemptStore {

    static final int FORMAT = 1;
    /** A larger file is not one hotcert wrote; reading it whole could exhaust a small board's memory. */
    private static final long MAX_FILE_SIZE = 64 * 1024;

    private final StateFile file;

    public AttemptFile(Path storageDir, AtomicFiles files) {
        this.file = new StateFile(StorageLayout.absolute(storageDir).attempts(), files, MAX_FILE_SIZE);
    }

    @Override
    public Path file() {
        return file.path();
    }

    /** @throws IOException also for text that is not JSON */
    @Override
    public Optional<RecordedAttempts> read() throws IOException {
        Optional<String> text = file.read();
        return text.isEmpty() ? Optional.empty() : Optional.of(decode(text.get()));
    }

    @Override
    public void write(RecordedAttempts recorded) throws IOException {
        file.write(json(recorded));
    }

    static Map<String, Object> json(RecordedAttempts recorded) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Attempt attempt : recorded.attempts()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("at", attempt.at().toString());
            entry.put("outcome", attempt.outcome().name().toLowerCase(Locale.ROOT));
            attempt.step().ifPresent(step -> entry.put("step", step));
            attempt.message().ifPresent(message -> entry.put("message", message));
            attempt.nextAttemptAt().ifPresent(next -> entry.put("nextAttemptAt", next.toString()));
            entry.put("consecutiveFailures", attempt.consecutiveFailures());
            entry.put("consecutiveCaFailures", attempt.consecutiveCaFailures());
            if (!attempt.challenges().isEmpty()) {
                entry.put("challenges", attempt.challenges());
            }
            entries.add(entry);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("scope", recorded.scope().orElseThrow());
        json.put("attempts", entries);
        return json;
    }

    /** @throws IllegalArgumentException (or IOException) for anything but a well-formed history */
    static RecordedAttempts decode(String text) throws IOException {
        Map<String, Object> file = StateFile.json(text, FORMAT);
        List<Attempt> attempts = new ArrayList<>();
        for (Object entry : typed(file.get("attempts"), List.class, "attempts")) {
            attempts.add(attempt(typed(entry, Map.class, "an attempt")));
        }
        return new RecordedAttempts(optionalText(file, "scope"), attempts);
    }

    private static Attempt attempt(Map<?, ?> entry) {
        int failures = count(entry, "consecutiveFailures");
        int caFailures = entry.containsKey("consecutiveCaFailures") ? count(entry, "consecutiveCaFailures") : failures;
        return new Attempt(Instant.parse(text(entry, "at")),
                Attempt.Outcome.valueOf(text(entry, "outcome").toUpperCase(Locale.ROOT)),
                optionalText(entry, "step"), optionalText(entry, "message"),
                optionalText(entry, "nextAttemptAt").map(Instant::parse), failures, caFailures, challenges(entry));
    }

    /** Absent in files from before it was kept, and after attempts that validated nothing. */
    private static List<String> challenges(Map<?, ?> entry) {
        if (!entry.containsKey("challenges")) {
            return List.of();
        }
        List<String> types = new ArrayList<>();
        for (Object type : typed(entry.get("challenges"), List.class, "challenges")) {
            types.add(typed(type, String.class, "a challenge type"));
        }
        return types;
    }

    private static int count(Map<?, ?> entry, String key) {
        long count = number(entry, key);
        if (count < 0 || count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " " + count + " is out of range");
        }
        return (int) count;
    }

    /** Whole numbers only: the parser reads them as Integer or Long by their size. */
    private static long number(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        throw new IllegalArgumentException(key + " is " + (value == null ? "missing" : "not a whole number"));
    }

    private static String text(Map<?, ?> map, String key) {
        return typed(map.get(key), String.class, key);
    }

    private static Optional<String> optionalText(Map<?, ?> map, String key) {
        return map.containsKey(key) ? Optional.of(text(map, key)) : Optional.empty();
    }

    private static <T> T typed(Object value, Class<T> type, String what) {
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException(what + " is " + (value == null ? "missing" : "not a " + type.getSimpleName()));
        }
        return type.cast(value);
    }
}
