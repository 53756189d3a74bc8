package io.hotcert.storage;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.Set;

/**
 * Every path and file mode under {@code storage.dir}, in one place: consumers and operators rely on
 * this layout (the contract lists it), so no other class names a directory or file in it.
 *
 * <pre>
 * account/            the ACME account: privkey.pem, account.properties (0700, files 0600)
 * live                the current set, a link into archive/ (privkey.pem 0600, certificates 0644)
 * archive/ID/         certificate sets
 * .lock               who holds the storage (0600)
 * state/              what renewal remembers between runs; nothing secret (0755, files 0644)
 * </pre>
 *
 * @param dir {@code storage.dir} as the caller spells it: log lines show paths that way
 */
public record StorageLayout(Path dir) {

    /** 0600: private keys, the account and the lock's note. */
    public static final Set<PosixFilePermission> PRIVATE_FILE = mode("rw-------");
    /** 0700: the account directory. */
    public static final Set<PosixFilePermission> PRIVATE_DIRECTORY = mode("rwx------");
    /** 0644: certificates and state, which monitoring may read without running as hotcert's user. */
    public static final Set<PosixFilePermission> PUBLIC_FILE = mode("rw-r--r--");
    /** 0755: storage.dir itself, archive sets and state. */
    public static final Set<PosixFilePermission> PUBLIC_DIRECTORY = mode("rwxr-xr-x");

    static final String PRIVKEY = "privkey.pem";
    static final String CERT = "cert.pem";
    static final String CHAIN = "chain.pem";
    static final String FULLCHAIN = "fullchain.pem";
    static final String LOCK = ".lock";

    /** The layout under {@code storageDir} made absolute, as the stores log their paths. */
    public static StorageLayout absolute(Path storageDir) {
        return new StorageLayout(storageDir.toAbsolutePath());
    }

    /** {@code live}: a link to the current set in {@link #archive()}. */
    public Path live() {
        return dir.resolve("live");
    }

    public Path archive() {
        return dir.resolve("archive");
    }

    public Path archivedSet(String id) {
        return archive().resolve(id);
    }

    public Path account() {
        return dir.resolve("account");
    }

    public Path accountKey() {
        return account().resolve(PRIVKEY);
    }

    public Path accountRecord() {
        return account().resolve("account.properties");
    }

    public Path lock() {
        return dir.resolve(LOCK);
    }

    public Path state() {
        return dir.resolve("state");
    }

    /** The renewal attempt history. */
    public Path attempts() {
        return state().resolve("renewal.json");
    }

    /** The CA's last renewal information. */
    public Path renewalInfo() {
        return state().resolve("renewal-info.json");
    }

    /** That the clock ran ahead of the CA's. */
    public Path clockAhead() {
        return state().resolve("clock.json");
    }

    /** This installation's check time and renewal seed. */
    public Path schedule() {
        return state().resolve("schedule.properties");
    }

    private static Set<PosixFilePermission> mode(String text) {
        return Collections.unmodifiableSet(PosixFilePermissions.fromString(text));
    }
}
