package io.hotcert.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Turns path values into absolute, normalized paths, resolving relative ones against the
 * configuration file's directory, and checks what a path must point to.
 */
final class ConfigPaths {

    private final Path base;

    /** @param base the directory relative paths are resolved against; absolute */
    ConfigPaths(Path base) {
        this.base = base;
    }

    Path resolve(String text) {
        try {
            return base.resolve(text).normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException('"' + text + "\" is not a valid path (" + e.getReason() + ")");
        }
    }

    /** @param expected what the key wants, for the message */
    static Path requireReadableFile(Path file, String expected) {
        if (!Files.exists(file)) {
            throw notUsable(file, "does not exist", expected);
        }
        if (!Files.isRegularFile(file)) {
            throw notUsable(file, "is not a regular file", expected);
        }
        if (!Files.isReadable(file)) {
            throw notUsable(file, "is not readable", expected);
        }
        return file;
    }

    /** @param expected what the key wants, for the message */
    static Path requireDirectory(Path directory, String expected) {
        if (!Files.isDirectory(directory)) {
            throw notUsable(directory, Files.exists(directory) ? "is not a directory" : "does not exist", expected);
        }
        return directory;
    }

    /**
     * {@code directory}, which must exist, where hotcert can make and write {@code below}: the
     * deepest part of {@code directory/below} that exists must be a directory it may write in.
     *
     * @param expected what the key wants, for the message
     */
    static Path requireWritableDirectory(Path directory, Path below, String expected) {
        requireDirectory(directory, expected);
        Path deepest = directory;
        for (Path part : below) {
            if (!Files.exists(deepest.resolve(part))) {
                break;
            }
            deepest = deepest.resolve(part);
        }
        if (!Files.isDirectory(deepest)) {
            throw notUsable(deepest, "is not a directory", expected);
        }
        if (!Files.isWritable(deepest)) {
            throw notUsable(deepest, "is not writable", expected);
        }
        return directory;
    }

    private static IllegalArgumentException notUsable(Path path, String fault, String expected) {
        return new IllegalArgumentException('"' + path.toString() + "\" " + fault + "; expected " + expected);
    }
}
