package io.hotcert.renewal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

/**
 * The attempt history's file format: one JSON object, {@code {"format":1,"scope":"...","attempts":[...]}},
 * oldest attempt first. JSON so that {@code jq '.attempts[-1]'} answers "why is it not renewing" on a
 * board; a format number so that an older hotcert after a downgrade refuses a newer file instead
 * of misreading it. Files from before the scope and the CA's count of failures was kept have
 * neither: such a history is taken as the current configuration's, each failure as one the CA saw.
 */
final class AttemptFile {

    static final int FORMAT = 1;

    /** @param scope what the attempts were for (see {@link AttemptHistory}); empty in older files */
    record Content(Optional<String> scope, List<Attempt> attempts) {
    }

    private AttemptFile() {
    }

    static byte[] encode(String scope, List<Attempt> attempts) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Attempt attempt : attempts) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("at", attempt.at().toString());
            entry.put("outcome", attempt.outcome().name().toLowerCase(Locale.ROOT));
            attempt.step().ifPresent(step -> entry.put("step", step));
            attempt.message().ifPresent(message -> entry.put("message", message));
            attempt.nextAttemptAt().ifPresent(next -> entry.put("nextAttemptAt", next.toString()));
            entry.put("consecutiveFailures", attempt.consecutiveFailures());
            entry.put("consecutiveCaFailures", attempt.consecutiveCaFailures());
            entries.add(entry);
        }
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("format", FORMAT);
        file.put("scope", scope);
        file.put("attempts", entries);
        return (JsonUtil.toJson(file) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException (or JoseException) for anything but a well-formed history */
    static Content decode(String json) throws JoseException {
        Map<String, Object> file = JsonUtil.parseJson(json);
        long format = number(file, "format");
        if (format != FORMAT) {
            throw new IllegalArgumentException("format " + format + " is not " + FORMAT
                    + " (written by another version of hotcert?)");
        }
        List<Attempt> attempts = new ArrayList<>();
        for (Object entry : typed(file.get("attempts"), List.class, "attempts")) {
            attempts.add(attempt(typed(entry, Map.class, "an attempt")));
        }
        return new Content(optionalText(file, "scope"), attempts);
    }

    private static Attempt attempt(Map<?, ?> entry) {
        int failures = count(entry, "consecutiveFailures");
        int caFailures = entry.containsKey("consecutiveCaFailures") ? count(entry, "consecutiveCaFailures") : failures;
        return new Attempt(Instant.parse(text(entry, "at")),
                Attempt.Outcome.valueOf(text(entry, "outcome").toUpperCase(Locale.ROOT)),
                optionalText(entry, "step"), optionalText(entry, "message"),
                optionalText(entry, "nextAttemptAt").map(Instant::parse), failures, caFailures);
    }

    private static int count(Map<?, ?> entry, String key) {
        long count = number(entry, key);
        if (count < 0 || count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " " + count + " is out of range");
        }
        return (int) count;
    }

    private static long number(Map<?, ?> map, String key) {
        return typed(map.get(key), Long.class, key);
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
