package io.hotcert.storage;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.hotcert.logging.Reasons;

/**
 * Makes sure two renewals never run at once on one {@code storage.dir}: the daemon and a stray
 * {@code hotcert renew}, or two of those. The second waits for a while, then fails with a message
 * naming the holder.
 *
 * <p>The lock is the kernel's, on {@code storage.dir/.lock}, so it goes away with its process,
 * however that ends: there is never a stale lock to clean up after a crash or a power cut. The
 * file itself stays for good: deleting a lock file lets a second process lock a new file of the
 * same name while the first still holds the old, unlinked one.
 *
 * <p>The JDK takes these locks with fcntl(2), whose locks belong to the process and are all
 * dropped when the process closes <em>any</em> descriptor of the file. So within this JVM a
 * second acquisition must not even open the file while the first holds it: threads of one
 * process queue on a permit per lock file first, and only the permit's holder opens the file.
 * That permit is shared by every instance of this class, deliberately, because the kernel's lock
 * is shared by the whole process too.
 */
public final class StorageLock {

    /** The note in the file is harmless, but there is no reason for anyone else to read it. */
    private static final Set<PosixFilePermission> LOCK_FILE = StorageLayout.PRIVATE_FILE;
    /** As {@link CertificateStore} creates it when the lock is the first to need it. */
    private static final Set<PosixFilePermission> STORAGE_DIRECTORY = StorageLayout.PUBLIC_DIRECTORY;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final int MAX_NOTE_BYTES = 1024;

    private static final ConcurrentMap<Path, Permit> IN_THIS_PROCESS = new ConcurrentHashMap<>();

    private final StorageLayout layout;
    private final AtomicFiles files;
    private final Clock clock;

    public StorageLock(Path storageDir, AtomicFiles files, Clock clock) {
        this.layout = StorageLayout.absolute(storageDir);
        this.files = files;
        this.clock = clock;
    }

    /** {@code storage.dir/.lock}. */
    public Path file() {
        return layout.lock();
    }

    /**
     * Takes the lock, waiting up to {@code wait} for another holder to finish.
     *
     * @param purpose what the holder does, shown to whoever waits, e.g. "renewal"
     * @return the held lock; closing it releases the lock
     * @throws StorageLockedException when another holder still has it after {@code wait}
     * @throws InterruptedIOException when the thread is interrupted while waiting
     * @throws IOException when the lock file cannot be created or opened; the message names it
     */
    public Held acquire(Duration wait, String purpose) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        files.createDirectories(layout.dir(), STORAGE_DIRECTORY);
        // The real path, so that two spellings of one directory share one permit.
        Path lockFile = new StorageLayout(layout.dir().toRealPath()).lock();
        Permit permit = IN_THIS_PROCESS.computeIfAbsent(lockFile, file -> new Permit());
        if (!permit.tryAcquire(deadline, lockFile)) {
            throw new StorageLockedException(lockFile, Optional.ofNullable(permit.holder), waited(wait));
        }
        try {
            FileChannel channel = open(lockFile);
            try {
                FileLock lock = lockBefore(deadline, channel, lockFile);
                if (lock == null) {
                    throw new StorageLockedException(lockFile, readNote(channel), waited(wait));
                }
                var holder = new LockHolder(ProcessHandle.current().pid(), purpose, clock.instant());
                writeNote(channel, holder, lockFile);
                permit.holder = holder;
                return new Held(lockFile, holder, channel, permit);
            } catch (IOException | RuntimeException e) {
                channel.close(); // only this thread has the file open: no other lock of this process goes with it
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            permit.release();
            throw e;
        }
    }

    private static FileChannel open(Path lockFile) throws IOException {
        try {
            return FileChannel.open(lockFile, Set.of(CREATE, READ, WRITE, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(LOCK_FILE));
        } catch (IOException e) {
            throw new IOException(lockFile + ": cannot open the storage lock file: " + Reasons.of(e), e);
        }
    }

    /** The lock, or null when another process still holds it at the deadline. */
    private static FileLock lockBefore(long deadline, FileChannel channel, Path lockFile) throws IOException {
        while (true) {
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return lock;
                }
            } catch (OverlappingFileLockException e) {
                // Held in this JVM by code that bypassed the permit: just as taken.
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            sleep(Math.min(left, POLL.toNanos()), lockFile);
        }
    }

    /**
     * The note is written in place over the last holder's, and cut to its length afterwards, so a
     * waiter reading at the same moment rarely sees an empty file. Not fsynced: after a crash the
     * lock is gone anyway, and the next holder overwrites the note.
     */
    private static void writeNote(FileChannel channel, LockHolder holder, Path lockFile) throws IOException {
        try {
            ByteBuffer note = ByteBuffer.wrap(holder.toBytes());
            while (note.hasRemaining()) {
                channel.write(note, note.position());
            }
            channel.truncate(note.limit());
        } catch (IOException e) {
            throw new IOException(lockFile + ": cannot write who holds the storage lock: " + Reasons.of(e), e);
        }
    }

    /** Read through the channel at hand: opening the file again and closing it would drop this process's locks. */
    private static Optional<LockHolder> readNote(FileChannel channel) {
        try {
            ByteBuffer note = ByteBuffer.allocate(MAX_NOTE_BYTES);
            while (note.hasRemaining() && channel.read(note, note.position()) > 0) {
                // read on until the end of the file or the buffer is full
            }
            return LockHolder.parse(new String(note.array(), 0, note.position(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void sleep(long nanos, Path lockFile) throws InterruptedIOException {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(lockFile);
        }
    }

    private static InterruptedIOException interrupted(Path lockFile) {
        return new InterruptedIOException("interrupted while waiting for the storage lock " + lockFile);
    }

    private static String waited(Duration wait) {
        if (wait.isZero() || wait.isNegative()) {
            return "";
        }
        return " (waited " + (wait.toMillis() % 1000 == 0 ? wait.toSeconds() + " s" : wait.toMillis() + " ms") + ")";
    }

    /** One lock file's turn among the threads of this process, and who has it. */
    private static final class Permit {

        private final Semaphore semaphore = new Semaphore(1);
        private volatile LockHolder holder;

        boolean tryAcquire(long deadline, Path lockFile) throws InterruptedIOException {
            try {
                return semaphore.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw interrupted(lockFile);
            }
        }

        void release() {
            holder = null;
            semaphore.release();
        }
    }

    /** The storage lock, held until closed. */
    public static final class Held implements AutoCloseable {

        private final Path file;
        private final LockHolder holder;
        private final FileChannel channel;
        private final Permit permit;
        private boolean released;

        private Held(Path file, LockHolder holder, FileChannel channel, Permit permit) {
            this.file = file;
            this.holder = holder;
            this.channel = channel;
            this.permit = permit;
        }

        public Path file() {
            return file;
        }

        public LockHolder holder() {
            return holder;
        }

        /** Releases the lock; the file stays. Closing twice does nothing more. */
        @Override
        public synchronized void close() throws IOException {
            if (released) {
                return;
            }
            released = true;
            try {
                channel.close(); // releases the kernel's lock with it
            } catch (IOException e) {
                throw new IOException(file + ": releasing the storage lock failed: " + Reasons.of(e), e);
            } finally {
                permit.release();
            }
        }
    }
}
