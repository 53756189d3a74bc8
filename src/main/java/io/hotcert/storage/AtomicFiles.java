package io.hotcert.storage;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.hotcert.logging.Reasons;

/**
 * File operations that survive a power cut at any moment on flash storage: a file written here is
 * either entirely old or entirely new, is on stable storage when the call returns, and has its
 * final (possibly narrow) permissions from the instant it exists, so a private key is never
 * readable by others, not even between a create and a chmod.
 *
 * <p>Everything that exists only for the duration of an operation carries a temporary name
 * ({@code .NAME.tmp-RANDOM}); {@link #deleteStaleTemps(Path)} removes what a power cut left.
 */
public final class AtomicFiles {

    /** Directories created on the way to a requested one get the usual {@code mkdir -p} mode. */
    private static final Set<PosixFilePermission> PARENT_DIRECTORY = StorageLayout.PUBLIC_DIRECTORY;

    /**
     * Runs right after a file is created and before any content is written: the moment at which
     * tests observe the permissions a file was born with, and inject failures part-way through.
     */
    @FunctionalInterface
    interface CreationHook {
        void created(Path file) throws IOException;
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    private final CreationHook creationHook;

    public AtomicFiles() {
        this(file -> { });
    }

    AtomicFiles(CreationHook creationHook) {
        this.creationHook = creationHook;
    }

    /**
     * Replaces {@code target} with {@code content}: a reader, or the file system after a power
     * cut, sees either the old file or the complete new one.
     */
    public void write(Path target, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        Path temp = TempNames.siblingOf(target);
        writeNewFile(target, temp, content, permissions);
        try {
            rename(temp, target);
        } catch (IOException | RuntimeException e) {
            deleteAfterFailure(temp, e);
            throw e;
        }
    }

    /**
     * Creates {@code file}, which must not exist yet, and returns once its content is on stable
     * storage. Its directory entry is not yet durable: fsync the directory, or rename the
     * directory into place with {@link #rename(Path, Path)}.
     */
    public void createFile(Path file, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        writeNewFile(file, file, content, permissions);
    }

    /**
     * Renames {@code source} over {@code target} in one atomic step (rename(2): also for symbolic
     * links and directories) and makes the new directory entry durable.
     */
    public void rename(Path source, Path target) throws IOException {
        run(target, "atomic rename of " + source.getFileName() + " onto it",
                () -> Files.move(source, target, StandardCopyOption.ATOMIC_MOVE));
        fsyncDirectory(parentOf(target));
    }

    /** Deletes {@code file} (or symbolic link) and makes its removal durable; a missing one is fine. */
    public void delete(Path file) throws IOException {
        run(file, "delete", () -> Files.deleteIfExists(file));
        fsyncDirectory(parentOf(file));
    }

    /** Flushes a directory's entries (creations, renames) to stable storage. */
    public void fsyncDirectory(Path dir) throws IOException {
        run(dir, "fsync of the directory", () -> {
            try (FileChannel channel = FileChannel.open(dir, READ)) {
                channel.force(true);
            }
        });
    }

    /**
     * Creates {@code dir} with {@code permissions} from the instant it exists, and its missing
     * parents with {@code rwxr-xr-x}; each creation is made durable. A directory that already
     * exists is left exactly as the operator set it up.
     */
    public void createDirectories(Path dir, Set<PosixFilePermission> permissions) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        Path parent = parentOf(absolute);
        createDirectories(parent, PARENT_DIRECTORY);
        try {
            Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(permissions));
        } catch (IOException e) {
            if (e instanceof FileAlreadyExistsException && Files.isDirectory(absolute)) {
                return; // created concurrently, which is just as good
            }
            throw failure(absolute, "create directory", e);
        }
        widenToRequested(absolute, permissions);
        fsyncDirectory(parent);
    }

    /**
     * Deletes every entry of {@code dir} that carries a temporary name, with its contents: what a
     * power cut or a failed operation left behind. Other entries are never touched. A missing
     * directory has nothing to clean.
     */
    public void deleteStaleTemps(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> leftovers = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, TempNames::isTemp)) {
            entries.forEach(leftovers::add);
        } catch (IOException | DirectoryIteratorException e) {
            throw failure(dir, "listing leftover temporary entries", e);
        }
        for (Path leftover : leftovers) {
            run(leftover, "deleting this leftover temporary entry", () -> deleteTree(leftover));
        }
    }

    private void writeNewFile(Path target, Path file, byte[] content, Set<PosixFilePermission> permissions)
            throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, EnumSet.of(CREATE_NEW, WRITE), PosixFilePermissions.asFileAttribute(permissions));
        } catch (IOException e) {
            // Not ours to delete: it may be someone else's file that was already there.
            throw failure(target, "create " + file.getFileName(), e);
        }
        try (channel) {
            creationHook.created(file);
            widenToRequested(file, permissions);
            run(target, "write " + file.getFileName(), () -> {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            });
            run(target, "fsync " + file.getFileName(), () -> channel.force(true));
        } catch (IOException | RuntimeException e) {
            deleteAfterFailure(file, e);
            throw e;
        }
    }

    /**
     * The mode given at creation is narrowed by the process umask, which would make e.g.
     * {@code cert.pem} unreadable for the web server under {@code umask 077}. Setting the exact
     * requested mode afterwards can only add bits that were asked for: the entry never starts
     * out wider than requested.
     */
    private static void widenToRequested(Path path, Set<PosixFilePermission> permissions) throws IOException {
        run(path, "set permissions " + PosixFilePermissions.toString(permissions),
                () -> Files.setPosixFilePermissions(path, permissions));
    }

    private static void deleteTree(Path root) throws IOException {
        // walkFileTree does not follow symbolic links: a leftover link is deleted, never its target.
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteAfterFailure(Path file, Exception failure) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static Path parentOf(Path path) {
        return path.toAbsolutePath().getParent();
    }

    private static void run(Path subject, String step, IoAction action) throws IOException {
        try {
            action.run();
        } catch (IOException e) {
            throw failure(subject, step, e);
        }
    }

    private static IOException failure(Path subject, String step, Exception cause) {
        return new IOException(subject + ": " + step + " failed: " + Reasons.of(cause), cause);
    }
}
