package io.hotcert.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Another renewal holds the storage lock and did not finish within the wait: trying again later
 * may work (the command line's exit code 75).
 */
public final class StorageLockedException extends IOException {

    private final Path lockFile;
    private final LockHolder holder;

    StorageLockedException(Path lockFile, Optional<LockHolder> holder, String waited) {
        super("another hotcert" + holder.map(h -> " (" + h.describe() + ")").orElse("") + " holds " + lockFile
                + waited + "; try again when it has finished");
        this.lockFile = lockFile;
        this.holder = holder.orElse(null);
    }

    public Path lockFile() {
        return lockFile;
    }

    /** Empty when the holder's note could not be read, e.g. because it was being written just then. */
    public Optional<LockHolder> holder() {
        return Optional.ofNullable(holder);
    }
}
