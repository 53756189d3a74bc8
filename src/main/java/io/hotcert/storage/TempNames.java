package io.hotcert.storage;

import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one naming scheme for everything written under a temporary name ({@code .NAME.tmp-RANDOM}),
 * so that what a power cut leaves behind can be recognised and removed later, and nothing else is.
 */
final class TempNames {

    private static final String MARKER = ".tmp-";

    private TempNames() {
    }

    /** A fresh temporary name in the same directory as {@code target}, so a rename onto it is atomic. */
    static Path siblingOf(Path target) {
        String random = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        return target.resolveSibling("." + target.getFileName() + MARKER + random);
    }

    static boolean isTemp(Path path) {
        String name = path.getFileName().toString();
        return name.startsWith(".") && name.contains(MARKER);
    }
}
