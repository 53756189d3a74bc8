package io.hotcert.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.hotcert.storage.AtomicFiles;
import io.hotcert.storage.StorageLayout;

/**
 * One small file in {@code storage.dir/state}: read whole when it is no larger than hotcert ever
 * writes it, replaced atomically. Nothing secret is kept there, so monitoring may read it without
 * running as hotcert's user.
 *
 * <p>The JSON is jose4j's, which acme4j brings and loads at every renewal anyway: the daemon reads
 * these files at each start, and jackson-jr (kept for the control protocol, whose refusals point
 * at the character) would add about 100 classes, 1.1 MB of an idle daemon's memory, for them.
 */
final class StateFile {

    /** Parses a file's text; throws for anything but a well-formed file. */
    @FunctionalInterface
    interface Decoder<T> {
        T decode(String text) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(StateFile.class);
    /** Where jose4j's parser stopped, in its message, which otherwise names the parser's classes. */
    private static final Pattern POSITION = Pattern.compile("at position (\\d+)");

    private final Path file;
    private final AtomicFiles files;
    private final long maxSize;

    /** @param file a file in {@link StorageLayout#state()} */
    StateFile(Path file, AtomicFiles files, long maxSize) {
        this.file = file;
        this.files = files;
        this.maxSize = maxSize;
    }

    Path path() {
        return file;
    }

    /** The content; empty when there is no file. A larger file is not one hotcert wrote, and is not read. */
    Optional<String> read() throws IOException {
        try {
            if (Files.size(file) > maxSize) {
                throw new IOException("larger than " + maxSize + " bytes");
            }
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * The parsed content; empty when there is no file, and also when it cannot be read or parsed:
     * then with a warning saying {@code what} could not be read and the {@code consequence}.
     * State is advice; a daemon that cannot start over a bad state file would never renew again.
     */
    <T> Optional<T> load(Decoder<T> decoder, String what, String consequence) {
        try {
            Optional<String> text = read();
            return text.isEmpty() ? Optional.empty() : Optional.of(decoder.decode(text.get()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: cannot read {} ({}); {}", file, what, e.getMessage(), consequence);
            return Optional.empty();
        }
    }

    /**
     * A JSON object with the given format number; another one was written by another version of
     * hotcert. The parser's own message names its settings, which nobody reading a warning needs.
     */
    static Map<String, Object> json(String text, int format) throws IOException {
        Map<String, Object> json;
        try {
            json = JsonUtil.parseJson(text);
        } catch (JoseException e) {
            Matcher at = POSITION.matcher(String.valueOf(e.getMessage()));
            throw new IOException("not a JSON object"
                    + (at.find() ? " (at character " + (Integer.parseInt(at.group(1)) + 1) + ")" : ""), e);
        }
        if (json.get("format") == null) {
            throw new IllegalArgumentException("format is missing");
        }
        if (!(json.get("format") instanceof Number number) || number.longValue() != format
                || !(number instanceof Integer || number instanceof Long)) {
            throw new IllegalArgumentException("format " + json.get("format") + " is not " + format
                    + " (written by another version of hotcert?)");
        }
        return json;
    }

    static String text(Map<String, Object> json, String key) {
        if (json.get(key) instanceof String value) {
            return value;
        }
        throw new IllegalArgumentException(key + " is missing or not a string");
    }

    /** Writes {@code json} as one line of JSON. */
    void write(Map<String, Object> json) throws IOException {
        write((JsonUtil.toJson(json) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private void write(byte[] content) throws IOException {
        Path dir = file.getParent();
        files.createDirectories(dir, StorageLayout.PUBLIC_DIRECTORY);
        files.deleteStaleTemps(dir);
        files.write(file, content, StorageLayout.PUBLIC_FILE);
    }

    void delete() throws IOException {
        if (Files.exists(file)) {
            files.delete(file);
        }
    }
}
