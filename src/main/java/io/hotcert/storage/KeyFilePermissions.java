package io.hotcert.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.hotcert.logging.Reasons;

/**
 * Keeps stored private keys private. A key that group or others may access (a careless
 * {@code chmod}, a restore from a backup) is set back to 0600 before it is used; where that is
 * impossible the key is refused rather than used while exposed.
 */
final class KeyFilePermissions {

    private KeyFilePermissions() {
    }

    /** What is wrong with {@code keyFile}'s mode, e.g. "group and others may read it (mode 0644)"; empty when nothing is. */
    static Optional<String> exposure(Path keyFile) throws IOException {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(keyFile);
        var who = new ArrayList<String>();
        if (grants(mode, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE)) {
            who.add("group");
        }
        if (grants(mode, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE)) {
            who.add("others");
        }
        return who.isEmpty() ? Optional.empty()
                : Optional.of(String.join(" and ", who) + " may access it (mode " + octal(mode) + ")");
    }

    /**
     * Sets {@code keyFile} back to 0600 when group or others may access it.
     *
     * @return what was wrong and has been put right, for the operator; empty when nothing was
     * @throws IOException when the mode cannot be narrowed: the key must not be used then
     */
    static Optional<String> restrict(Path keyFile) throws IOException {
        Optional<String> exposure = exposure(keyFile);
        if (exposure.isEmpty()) {
            return Optional.empty();
        }
        try {
            Files.setPosixFilePermissions(keyFile, StorageLayout.PRIVATE_FILE);
        } catch (IOException e) {
            throw new IOException("refused: " + exposure.get() + ", and setting it back to 0600 failed ("
                    + Reasons.of(e) + ")", e);
        }
        return Optional.of(keyFile + ": " + exposure.get() + "; set it back to 0600");
    }

    private static boolean grants(Set<PosixFilePermission> mode, PosixFilePermission... permissions) {
        return List.of(permissions).stream().anyMatch(mode::contains);
    }

    private static String octal(Set<PosixFilePermission> mode) {
        int bits = 0;
        for (PosixFilePermission permission : mode) {
            bits |= 1 << (8 - permission.ordinal());
        }
        return String.format("%04o", bits);
    }
}
