package io.hotcert.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What lies under an install root, to compare two installs or an install with a package. */
final class InstalledTree {

    /** One file or directory: its permissions (as {@code ls} shows them), and for files size, time and digest. */
    record Entry(String permissions, long size, long modifiedMillis, String sha256) {
    }

    private InstalledTree() {
    }

    /** Every path below {@code root}, as an absolute path of the installed system ("/usr/share/hotcert/..."). */
    static Map<String, Entry> of(Path root) throws IOException {
        var entries = new TreeMap<String, Entry>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.filter(p -> !p.equals(root))::iterator) {
                entries.put("/" + root.relativize(path), entry(path));
            }
        }
        return entries;
    }

    /** The regular files with their permissions only: what a package listing shows too. */
    static Map<String, String> filePermissions(Path root) throws IOException {
        var files = new TreeMap<String, String>();
        of(root).forEach((path, entry) -> {
            if (!entry.sha256().isEmpty()) {
                files.put(path, entry.permissions());
            }
        });
        return files;
    }

    private static Entry entry(Path path) throws IOException {
        String permissions = PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
        long modified = Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toMillis();
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            return new Entry(permissions, 0, modified, "");
        }
        return new Entry(permissions, Files.size(path), modified, sha256(Files.readAllBytes(path)));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
