package io.hotcert.storage;

import java.io.IOException;
import java.nio.file.Path;

import io.hotcert.logging.Reasons;

/** Parses one stored file; {@link #read} reports every kind of failure as an IOException naming the file. */
@FunctionalInterface
interface StoredFileParser<T> {

    T parse(Path file) throws IOException;

    static <T> T read(Path file, StoredFileParser<T> parser) throws IOException {
        try {
            return parser.parse(file);
        } catch (IOException | RuntimeException e) {
            // Bouncy Castle reports malformed PEM with unchecked exceptions; its messages describe
            // the structure, never the key bytes.
            throw new IOException("cannot read " + file + ": " + Reasons.of(e), e);
        }
    }
}
