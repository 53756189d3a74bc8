package io.hotcert.storage;

import java.nio.file.Path;

/** A certificate set as it was archived: its archive ID and the directory holding its files. */
public record StoredSet(String id, Path directory) {

    public Path privateKeyFile() {
        return directory.resolve(StorageLayout.PRIVKEY);
    }

    public Path certificateFile() {
        return directory.resolve(StorageLayout.CERT);
    }

    public Path chainFile() {
        return directory.resolve(StorageLayout.CHAIN);
    }

    public Path fullChainFile() {
        return directory.resolve(StorageLayout.FULLCHAIN);
    }
}
