package io.hotcert.storage;

import java.nio.file.Path;

/** A certificate set as it was archived: its archive ID and the directory holding its files. */
public record StoredSet(String id, Path directory) {
}
