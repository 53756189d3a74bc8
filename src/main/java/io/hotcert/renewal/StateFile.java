package io.hotcert.renewal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

import io.hotcert.storage.AtomicFiles;

/**
 * One small file in {@code storage.dir/state}: read whole when it is no larger than hotcert ever
 * writes it, replaced atomically. Nothing secret is kept there, so monitoring may read it without
 * running as hotcert's user.
 */
final class StateFile {

    private static final Set<PosixFilePermission> STATE_DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> STATE_FILE = PosixFilePermissions.fromString("rw-r--r--");

    private final Path file;
    private final AtomicFiles files;
    private final long maxSize;

    StateFile(Path storageDir, String name, AtomicFiles files, long maxSize) {
        this.file = storageDir.toAbsolutePath().resolve(AttemptHistory.STATE).resolve(name);
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

    void write(byte[] content) throws IOException {
        Path dir = file.getParent();
        files.createDirectories(dir, STATE_DIRECTORY);
        files.deleteStaleTemps(dir);
        files.write(file, content, STATE_FILE);
    }

    void delete() throws IOException {
        if (Files.exists(file)) {
            files.delete(file);
        }
    }
}
