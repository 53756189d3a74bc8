package io.hotcert.storage;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who holds the storage lock, as written into the lock file for whoever has to wait: only ever
 * shown in a message, never trusted for anything (the kernel's lock is what counts).
 */
public record LockHolder(long pid, String purpose, Instant since) {

    public LockHolder {
        // One line per field in the file: a purpose must not be able to fake another field.
        purpose = purpose.replaceAll("[\\r\\n]+", " ");
    }

    /** E.g. "pid 1234, renewal since 2026-11-21T10:00:00Z". */
    public String describe() {
        return "pid " + pid + ", " + purpose + " since " + since;
    }

    byte[] toBytes() {
        return ("pid=" + pid + "\npurpose=" + purpose + "\nsince=" + since + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Empty when the content is not a complete holder, e.g. written by the holder at this very moment. */
    static Optional<LockHolder> parse(String content) {
        Map<String, String> fields = new HashMap<>();
        content.lines().forEach(line -> {
            int equals = line.indexOf('=');
            if (equals > 0) {
                fields.put(line.substring(0, equals), line.substring(equals + 1));
            }
        });
        try {
            return Optional.of(new LockHolder(Long.parseLong(fields.get("pid")), fields.get("purpose"),
                    Instant.parse(fields.get("since"))));
        } catch (NumberFormatException | DateTimeParseException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
