package io.hotcert.storage;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.hotcert.crypto.CertificateSet;
import io.hotcert.crypto.ChainException;
import io.hotcert.crypto.Pem;
import io.hotcert.logging.Reasons;

/**
 * The certificate sets under {@code storage.dir}: each one archived in {@code archive/ID/}, and
 * {@code live} a relative symbolic link to the current one.
 *
 * <p>A set is complete and durable under its final archive name before {@code live} is switched,
 * and the switch is one rename(2) of a new link over the old one. So a reader that resolves
 * {@code live} once, and the storage after a power cut at any moment, always see a complete set
 * whose key and certificates belong together: the old one or the new one.
 *
 * <p>What hotcert cannot prevent (a set removed or damaged by hand, a key made readable by others)
 * it repairs: see {@link #repairLive} and {@link #readLive}. What it repaired is kept for
 * {@code status} ({@link #warnings}) and counted for the metrics ({@link #fallbacks}).
 */
public final class CertificateStore {

    /** How many archived sets {@link #prune()} keeps when not told otherwise. */
    public static final int DEFAULT_KEEP = 5;

    private static final Set<PosixFilePermission> KEY_FILE = StorageLayout.PRIVATE_FILE;
    private static final Set<PosixFilePermission> CERT_FILE = StorageLayout.PUBLIC_FILE;
    private static final Set<PosixFilePermission> SET_DIRECTORY = StorageLayout.PUBLIC_DIRECTORY;

    private static final Logger LOG = LoggerFactory.getLogger(CertificateStore.class);
    /** Repairs remembered for {@code status}; a daemon that runs for years must not collect them without end. */
    private static final int REPAIRS_KEPT = 10;

    /** The checks a set must pass to be live, e.g. that its key matches its leaf. */
    @FunctionalInterface
    public interface SetCheck {
        void check(CertificateSet set) throws ChainException;
    }

    private final StorageLayout layout;
    private final Path archiveDir;
    private final Path liveLink;
    private final AtomicFiles files;
    private final Clock clock;
    private final int keep;
    private final Deque<String> repairs = new ArrayDeque<>();
    private final LongAdder fallbacks = new LongAdder();

    public CertificateStore(Path storageDir, AtomicFiles files, Clock clock) {
        this(storageDir, files, clock, DEFAULT_KEEP);
    }

    /** @param keep how many archived sets to keep, at least 1; the live set is kept in any case */
    public CertificateStore(Path storageDir, AtomicFiles files, Clock clock, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, was " + keep);
        }
        this.layout = StorageLayout.absolute(storageDir);
        this.archiveDir = layout.archive();
        this.liveLink = layout.live();
        this.files = files;
        this.clock = clock;
        this.keep = keep;
    }

    /** The directory consumers read: {@code storage.dir/live}. */
    public Path liveDir() {
        return liveLink;
    }

    /**
     * Archives {@code set} under a new ID, switches {@code live} to it and prunes old sets. When
     * this throws, {@code live} still points at the previous set (unless only the final fsync of
     * the storage directory failed, after the switch itself).
     */
    public synchronized StoredSet store(CertificateSet set) throws IOException {
        liveTarget(); // refuse a hand-made live directory before writing anything
        files.createDirectories(archiveDir, SET_DIRECTORY);
        ArchiveId id = ArchiveId.next(clock.instant(), archivedIds());
        Path directory = layout.archivedSet(id.toString());
        try {
            archive(set, directory);
            switchLive(id);
        } catch (IOException | RuntimeException e) {
            cleanUpAfterFailure(e);
            throw e;
        }
        try {
            prune();
        } catch (IOException e) {
            // The new set is live and complete; a failed clean-up must not make the renewal look
            // failed (it would be retried and the deploy hook skipped). The next store retries it.
            LOG.warn("Stored and switched to {}, but removing old sets failed: {}", id, e.getMessage());
        }
        return new StoredSet(id.toString(), directory);
    }

    /**
     * Keeps the newest archived sets and the live one, and removes what a power cut left half
     * done. {@link #store} does this after each switch; call it at start-up as well.
     */
    public synchronized void prune() throws IOException {
        Optional<String> live = liveId();
        List<ArchiveId> ids = archivedIds();
        ids.sort(Comparator.reverseOrder());
        for (ArchiveId old : ids.subList(Math.min(keep, ids.size()), ids.size())) {
            if (live.filter(old.toString()::equals).isEmpty()) {
                // Renamed away first, so a power cut during deletion never leaves a partial set
                // under a real ID: only a temporary name, which the lines below clean up.
                Path directory = layout.archivedSet(old.toString());
                files.rename(directory, TempNames.siblingOf(directory));
            }
        }
        files.deleteStaleTemps(archiveDir);
        files.deleteStaleTemps(layout.dir());
    }

    /**
     * The live key and chain, read from one resolution of {@code live}, so the two always belong
     * together even when a switch happens between the reads. Empty when nothing was stored yet.
     * A key file that group or others may access is set back to 0600 first (a warning, and a
     * note for {@link #warnings}), or refused when that fails.
     */
    public Optional<CertificateSet> readLive() throws IOException {
        Optional<Path> directory = resolveLive();
        return directory.isEmpty() ? Optional.empty() : Optional.of(readSet(directory.get()));
    }

    /**
     * Makes {@code live} usable again when it points nowhere or at a set that cannot be read or
     * fails {@code check}: switches it, atomically, to the newest archived set that passes, or,
     * when none does, removes the link, so that there is no certificate and a new one is ordered.
     * Archived sets are never removed or rewritten (only a key's mode may be narrowed, as on every
     * read). Call it while holding the storage lock, so that no renewal switches {@code live} at
     * the same time.
     *
     * @return whether {@code live} now points to another set than before
     */
    public synchronized boolean repairLive(SetCheck check) throws IOException {
        Optional<Path> target = liveTarget();
        if (target.isEmpty()) {
            return false;
        }
        Optional<String> problem = problem(target.get(), check);
        if (problem.isEmpty()) {
            return false;
        }
        String brokenId = target.get().getFileName().toString();
        List<ArchiveId> ids = archivedIds();
        ids.sort(Comparator.reverseOrder());
        for (ArchiveId id : ids) {
            if (!id.toString().equals(brokenId) && failedCheck(layout.archivedSet(id.toString()), check).isEmpty()) {
                switchLive(id);
                fallbacks.increment();
                noteRepair(liveLink + " was unusable (" + problem.get() + "); switched it to " + archiveDir.getFileName() + "/" + id
                        + ", the newest archived set that passes the checks");
                return true;
            }
        }
        files.delete(liveLink);
        noteRepair(liveLink + " was unusable (" + problem.get() + ") and no archived set passes the checks; removed the"
                + " link, so there is no certificate and a new one is ordered");
        return false;
    }

    /** How often {@link #repairLive} switched to an archived set, in this process. */
    public long fallbacks() {
        return fallbacks.sum();
    }

    /**
     * What an operator should know about the stored sets: the repairs this process made (newest
     * last), and a live key that group or others may access now. Only reads.
     */
    public synchronized List<String> warnings() throws IOException {
        var warnings = new ArrayList<>(repairs);
        Path liveKey = liveLink.resolve(StorageLayout.PRIVKEY);
        if (Files.exists(liveKey)) {
            KeyFilePermissions.exposure(liveKey).ifPresent(exposure -> warnings.add(liveKey + ": " + exposure
                    + "; hotcert sets it back to 0600 when it next loads " + liveLink.getFileName() + "/"));
        }
        return warnings;
    }

    /** The live chain, leaf first, without touching the private key. */
    public Optional<List<X509Certificate>> readLiveChain() throws IOException {
        Optional<Path> directory = resolveLive();
        return directory.isEmpty() ? Optional.empty() : Optional.of(readChain(directory.get()));
    }

    /** The archive ID {@code live} points to; empty when nothing was stored yet. */
    public Optional<String> liveId() throws IOException {
        return liveTarget().map(target -> target.getFileName().toString());
    }

    private CertificateSet readSet(Path directory) throws IOException {
        PrivateKey key = StoredFileParser.read(directory.resolve(StorageLayout.PRIVKEY), file -> {
            KeyFilePermissions.restrict(file).ifPresent(this::noteRepair);
            return Pem.readPrivateKey(file);
        });
        return new CertificateSet(key, readChain(directory));
    }

    /** What keeps the set {@code live} points to (as {@code target}) from being live; empty when nothing does. */
    private Optional<String> problem(Path target, SetCheck check) {
        Path directory;
        try {
            directory = liveLink.toRealPath();
        } catch (NoSuchFileException e) {
            return Optional.of("it points to " + target + ", which does not exist");
        } catch (IOException e) {
            return Optional.of("it points to " + target + ", which cannot be resolved: " + Reasons.of(e));
        }
        return failedCheck(directory, check);
    }

    /** Why the set in {@code directory} cannot be live; empty when it can. */
    private Optional<String> failedCheck(Path directory, SetCheck check) {
        try {
            check.check(readSet(directory));
            return Optional.empty();
        } catch (IOException | ChainException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Logged here, once, as the repair happens; kept for {@code status}. */
    private synchronized void noteRepair(String repair) {
        LOG.warn("{}", repair);
        if (repairs.size() == REPAIRS_KEPT) {
            repairs.removeFirst();
        }
        repairs.addLast(clock.instant() + ": " + repair);
    }

    private void archive(CertificateSet set, Path directory) throws IOException {
        // Built under a temporary name and renamed into place whole: an archive/ID directory
        // always holds a complete set, whatever moment the power fails.
        Path staging = TempNames.siblingOf(directory);
        files.createDirectories(staging, SET_DIRECTORY);
        files.createFile(staging.resolve(StorageLayout.PRIVKEY), Pem.encodePrivateKey(set.privateKey()).getBytes(StandardCharsets.US_ASCII), KEY_FILE);
        files.createFile(staging.resolve(StorageLayout.CERT), certificates(List.of(set.leaf())), CERT_FILE);
        files.createFile(staging.resolve(StorageLayout.CHAIN), certificates(set.intermediates()), CERT_FILE);
        files.createFile(staging.resolve(StorageLayout.FULLCHAIN), certificates(set.chain()), CERT_FILE);
        files.fsyncDirectory(staging);
        files.rename(staging, directory);
    }

    private void switchLive(ArchiveId id) throws IOException {
        Path newLink = TempNames.siblingOf(liveLink);
        try {
            // Relative, so the storage directory can be moved or mounted elsewhere.
            Files.createSymbolicLink(newLink, layout.dir().relativize(layout.archivedSet(id.toString())));
        } catch (IOException e) {
            throw new IOException(liveLink + ": creating the new link " + newLink.getFileName() + " failed: "
                    + Reasons.of(e), e);
        }
        files.rename(newLink, liveLink);
    }

    private void cleanUpAfterFailure(Exception failure) {
        // Whatever still has a temporary name belongs to this failed attempt (or an earlier crash).
        try {
            files.deleteStaleTemps(archiveDir);
            files.deleteStaleTemps(layout.dir());
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private List<ArchiveId> archivedIds() throws IOException {
        List<ArchiveId> ids = new ArrayList<>();
        if (!Files.isDirectory(archiveDir)) {
            return ids;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(archiveDir)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry, NOFOLLOW_LINKS)) {
                    ArchiveId.parse(entry.getFileName().toString()).ifPresent(ids::add);
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            throw new IOException(archiveDir + ": listing the archived sets failed: " + Reasons.of(e), e);
        }
        return ids;
    }

    /** Where {@code live} points, as written in the link; empty when there is no live set. */
    private Optional<Path> liveTarget() throws IOException {
        if (!Files.exists(liveLink, NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (!Files.isSymbolicLink(liveLink)) {
            throw new IOException(liveLink + " exists but is not a symbolic link. hotcert keeps '"
                    + liveLink.getFileName() + "' as a link into " + archiveDir.getFileName() + "/ so it can switch it atomically, and will not remove"
                    + " what is there now. Move it aside (e.g. mv " + liveLink + " " + liveLink
                    + ".old) and run hotcert again.");
        }
        return Optional.of(Files.readSymbolicLink(liveLink));
    }

    private Optional<Path> resolveLive() throws IOException {
        Optional<Path> target = liveTarget();
        if (target.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(liveLink.toRealPath());
        } catch (NoSuchFileException e) {
            throw new IOException(liveLink + " points to " + target.get()
                    + ", which does not exist: the archived set was removed by hand.", e);
        }
    }

    private static List<X509Certificate> readChain(Path directory) throws IOException {
        return StoredFileParser.read(directory.resolve(StorageLayout.FULLCHAIN), file -> {
            List<X509Certificate> chain = Pem.readCertificates(file);
            if (chain.isEmpty()) {
                throw new IOException("it holds no certificate");
            }
            return chain;
        });
    }

    private static byte[] certificates(List<X509Certificate> certificates) {
        return Pem.encodeCertificates(certificates).getBytes(StandardCharsets.US_ASCII);
    }
}
